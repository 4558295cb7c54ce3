"""Batches for ``nlp.pipe`` and the components that decode many texts in one pass.

The segmenter and the NER model run array operations over all the characters of a batch at
once, so their cost per batch is fixed and their cost per character small: a batch of 64
one-sentence documents (2,600 characters) paid the fixed cost for little text. A batch here
holds ``batch_size`` items as spaCy's does, and where the items are short, as many more as
make ``min_chars`` characters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

MIN_BATCH_CHARS = 50_000  # the NER model's own batch (``ner.model.BATCH_CHARS``)


def char_batches(
    items: Iterable[T],
    batch_size: int,
    length: Callable[[T], int] = len,
    min_chars: int = MIN_BATCH_CHARS,
) -> Iterator[list[T]]:
    """Lists of consecutive ``items``: each closes once it has ``batch_size`` items and
    ``min_chars`` characters (``length`` of an item), the last with what is left."""
    batch: list[T] = []
    chars = 0
    for item in items:
        batch.append(item)
        chars += length(item)
        if len(batch) >= batch_size and chars >= min_chars:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch
