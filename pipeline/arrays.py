"""Text as arrays and array lookups, shared by the numpy decoders (segmenter, NER features
and clusters)."""

from __future__ import annotations

import numpy as np


def codepoints(text: str) -> np.ndarray:
    """Code points of ``text`` as int64 (lone surrogates pass through rather than raise)."""
    raw = text.encode("utf-32-le", errors="surrogatepass")
    return np.frombuffer(raw, dtype="<u4").astype(np.int64)


def sorted_lookup(
    keys: np.ndarray, values: np.ndarray, query: np.ndarray, missing: int
) -> np.ndarray:
    """``values`` of ``query`` in the sorted ``keys``; ``missing`` where a key is absent.

    One ``searchsorted`` over the whole query instead of a dict lookup per element: the
    decoders look up every character's features this way.
    """
    if len(keys) == 0:
        return np.full(query.shape, missing, dtype=np.int64)
    idx = np.searchsorted(keys, query)
    idx[idx == len(keys)] = 0
    return np.where(keys[idx] == query, values[idx], missing)
