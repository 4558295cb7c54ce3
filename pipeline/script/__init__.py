"""Script normalisation: traditional → simplified as token norms, original text untouched."""
