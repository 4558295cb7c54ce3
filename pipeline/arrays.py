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


_MIX_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX_1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX_2 = np.uint64(0x94D049BB133111EB)


def mix64(keys: np.ndarray, salt: np.ndarray | int) -> np.ndarray:
    """splitmix64 of (key + salt * golden): one key space for several tables (the salt: a
    template number, a word length). A bijection for each salt, so keys of one salt never
    collide."""
    with np.errstate(over="ignore"):
        x = keys.astype(np.uint64) + np.asarray(salt, dtype=np.uint64) * _MIX_GOLDEN
        x = (x ^ (x >> np.uint64(30))) * _MIX_1
        x = (x ^ (x >> np.uint64(27))) * _MIX_2
        return x ^ (x >> np.uint64(31))


class HashIndex:
    """Row of each key in ``keys`` (its position; ``len(keys)`` for an unknown key) by an
    open-addressing hash table with linear probing, built and probed with whole-array numpy
    operations. Why not ``np.searchsorted``: the keys are already splitmix hashes
    (``mix64``), so their low bits index a table at most 40% full directly, and most lookups
    end at the first slot; a binary search over the sorted keys costs a cache miss per
    halving, and took most of the NER stage's time."""

    def __init__(self, keys: np.ndarray) -> None:
        n = len(keys)
        size = 1 << max(4, int(np.ceil(np.log2(max(n, 1) * 2.5))))
        self.mask = np.uint64(size - 1)
        self.missing = n
        self.keys = np.zeros(size, dtype=np.uint64)
        self.row = np.full(size, n, dtype=np.int64)  # n: an empty slot
        pending = np.arange(n, dtype=np.int64)
        slot = (keys & self.mask).astype(np.int64)
        while len(pending):
            free = self.row[slot] == n
            # of the keys aiming at the same free slot, the first takes it
            taken, first = np.unique(slot[free], return_index=True)
            winners = pending[free][first]
            self.keys[taken] = keys[winners]
            self.row[taken] = winners
            placed = np.zeros(len(pending), dtype=bool)
            placed[np.flatnonzero(free)[first]] = True
            pending, slot = pending[~placed], (slot[~placed] + 1) & int(self.mask)

    def rows(self, queries: np.ndarray) -> np.ndarray:
        """Row of each query key, ``missing`` for keys not in the table."""
        slot = (queries & self.mask).astype(np.int64)
        out = self.row[slot]
        # a filled slot holding another key: probe on, for those queries only
        active = np.flatnonzero((out != self.missing) & (self.keys[slot] != queries))
        out[active] = self.missing
        while len(active):
            slot_a = (slot[active] + 1) & int(self.mask)
            slot[active] = slot_a
            row = self.row[slot_a]
            hit = (row != self.missing) & (self.keys[slot_a] == queries[active])
            out[active[hit]] = row[hit]
            active = active[(row != self.missing) & ~hit]
        return out
