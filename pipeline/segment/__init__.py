"""Word segmentation: the zhkg tokenizer and its swappable segmenters."""
