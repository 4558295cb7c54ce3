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
    """Row of each key in ``keys`` (its position; ``len(keys)`` for an unknown key), by a
    table indexed by the keys' low bits, built and probed with whole-array numpy
    operations. Why not ``np.searchsorted``: the keys are already splitmix hashes
    (``mix64``), so their low bits index a table at most 40% full directly, and most lookups
    end at that one slot; a binary search over the sorted keys costs a cache miss per
    halving, and took most of the NER stage's time. A key whose slot another key took first
    goes to a small sorted overflow list, searched only for the queries that land on a slot
    marked as having one: a fixed number of array operations per lookup, where linear
    probing looped once per step of its longest chain (costly for short texts)."""

    def __init__(self, keys: np.ndarray) -> None:
        keys = np.asarray(keys, dtype=np.uint64)
        n = len(keys)
        size = 1 << max(4, int(np.ceil(np.log2(max(n, 1) * 2.5))))
        self.mask = np.uint64(size - 1)
        self.missing = n
        self.keys = np.zeros(size, dtype=np.uint64)
        self.row = np.full(size, n, dtype=np.int64)  # n: an empty slot
        slot = (keys & self.mask).astype(np.int64)
        # of the keys aiming at the same slot, the first takes it; the others overflow
        taken, first = np.unique(slot, return_index=True)
        self.keys[taken] = keys[first]
        self.row[taken] = first
        rest = np.ones(n, dtype=bool)
        rest[first] = False
        spill = np.flatnonzero(rest)
        self.spilled = np.zeros(size, dtype=bool)
        self.spilled[slot[spill]] = True
        order = np.argsort(keys[spill], kind="stable")
        self.spill_keys = keys[spill][order]
        self.spill_rows = spill[order]

    def rows(self, queries: np.ndarray) -> np.ndarray:
        """Row of each query key, ``missing`` for keys not in the table."""
        slot = (queries & self.mask).astype(np.intp)
        row = self.row.take(slot)
        found = (self.keys.take(slot) == queries) & (row != self.missing)
        out = np.where(found, row, self.missing)
        if len(self.spill_keys):
            check = np.flatnonzero(self.spilled.take(slot) & ~found)
            if len(check):
                q = queries[check]
                at = np.searchsorted(self.spill_keys, q)
                at[at == len(self.spill_keys)] = 0
                hit = self.spill_keys[at] == q
                out[check[hit]] = self.spill_rows[at[hit]]
        return out


class KeyLookup:
    """``values`` of integer ``keys``: :func:`sorted_lookup`'s answers, by a :class:`HashIndex`
    over the keys' ``mix64`` (a bijection, so no two keys meet) instead of a binary search.
    For the large tables probed for every character (the segmenter's character pairs and
    words): a cache miss or two a query instead of one per halving, three to four times
    faster on the segmenter's tables."""

    def __init__(self, keys: np.ndarray, values: np.ndarray) -> None:
        self.index = HashIndex(mix64(np.asarray(keys), 0))
        self.values = np.append(np.asarray(values, dtype=np.int64), 0)  # row n: unknown

    def get(self, query: np.ndarray, missing: int) -> np.ndarray:
        """The value of each query key, ``missing`` for keys not in the table."""
        rows = self.index.rows(mix64(query, 0).ravel()).reshape(query.shape)
        return np.where(rows == self.index.missing, missing, self.values.take(rows))
