"""Character and character-bigram clusters: a class id per unit, learnt from raw text, as NER
features.

Why: the CRF knows a character or bigram only by its identity, so a name character it saw
twice in training tells it little. Units that occur in the same contexts in millions of
characters of raw text (surname characters, transliteration characters, place-name suffixes,
numerals; 先生 and 女士) fall into the same cluster, and a feature on the cluster generalises
from the frequent members to the rare ones. Several granularities are kept (coarse to fine),
as with Brown clusters.

The clusters are learnt by ``pipeline.train.clusters`` and stored in the model folder.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from ..arrays import sorted_lookup

CLUSTER_FILE = "clusters.npz"
UNITS = {"char": 1, "bigram": 2}  # unit name -> characters per unit
DENSE_KEYS = 1 << 21  # keys below this (code points) are found through a dense table


def unit_keys(cp: np.ndarray, size: int) -> np.ndarray:
    """Key of the unit starting at each position: the code point, or two packed in 42 bits;
    positions where no whole unit starts are -1."""
    if size == 1:
        return cp.copy()
    keys = np.full(len(cp), -1, dtype=np.int64)
    if len(cp) >= 2:
        keys[:-1] = (cp[:-1] << 21) | cp[1:]
    return keys


@dataclass
class Clusters:
    """Sorted unit keys and, per granularity k, their cluster ids (unknown units: ``k``)."""

    keys: np.ndarray  # int64, sorted
    ids: dict[int, np.ndarray]  # granularity k -> int64 cluster id per key
    _ext: dict[int, tuple[np.ndarray, np.ndarray]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @property
    def granularities(self) -> list[int]:
        return sorted(self.ids)

    def lookup(self, keys: np.ndarray, k: int) -> np.ndarray:
        """Cluster id of each key at granularity ``k``; ``k`` for unknown ones."""
        return sorted_lookup(self.keys, self.ids[k], keys, k)

    def lookup_many(self, keys: np.ndarray, ks: Iterable[int]) -> dict[int, np.ndarray]:
        """``{k: lookup(keys, k)}``, each key found once for all granularities: through a
        dense table over the keys' range when they are code points (char clusters), else
        one binary search."""
        rows = self._rows(keys)
        return {k: self._ids_ext(k).take(rows) for k in ks}

    def _rows(self, keys: np.ndarray) -> np.ndarray:
        """Position of each key in ``keys``; ``len(self.keys)`` for unknown ones."""
        n = len(self.keys)
        dense = self._dense_rows
        if dense is not None:
            # keys past the table (padding code points) land on its last entry, unknown;
            # negative keys (no whole unit starts there) too
            return dense.take(np.where(keys < 0, len(dense) - 1,
                                       np.minimum(keys, len(dense) - 1)))  # fmt: skip
        if n == 0:
            return np.zeros(keys.shape, dtype=np.int64)
        idx = np.searchsorted(self.keys, keys)
        idx[idx == n] = 0
        return np.where(self.keys[idx] == keys, idx, n)

    @cached_property
    def _dense_rows(self) -> np.ndarray | None:
        """Row of every key value up to the largest key, then ``len(keys)`` (unknown), when
        the keys are small enough (code points) for such a table."""
        n = len(self.keys)
        if n == 0 or int(self.keys.min()) < 0 or int(self.keys.max()) >= DENSE_KEYS:
            return None
        table = np.full(int(self.keys.max()) + 2, n, dtype=np.int32)
        table[self.keys] = np.arange(n, dtype=np.int32)
        return table

    def _ids_ext(self, k: int) -> np.ndarray:
        """Cluster ids at granularity ``k`` with ``k`` appended: the id of unknown keys
        (kept while ``ids[k]`` is the same array)."""
        source, ext = self._ext.get(k, (None, None))
        if source is not self.ids[k] or ext is None:
            ext = np.append(self.ids[k].astype(np.int64), np.int64(k))
            self._ext[k] = (self.ids[k], ext)
        return ext


def clusters_to_disk(clusters: dict[str, Clusters], path: Path) -> None:
    arrays: dict[str, np.ndarray] = {}
    for unit, cl in clusters.items():
        arrays[f"{unit}_keys"] = cl.keys
        arrays.update({f"{unit}_ids_{k}": v.astype(np.int16) for k, v in cl.ids.items()})
    np.savez_compressed(Path(path) / CLUSTER_FILE, **arrays)


def clusters_from_disk(path: Path) -> dict[str, Clusters]:
    """The clusters in a model folder by unit; empty when the model was trained without."""
    file = Path(path) / CLUSTER_FILE
    if not file.exists():
        return {}
    out: dict[str, Clusters] = {}
    with np.load(file) as data:
        for unit in UNITS:
            if f"{unit}_keys" not in data.files:
                continue
            prefix = f"{unit}_ids_"
            ids = {
                int(name[len(prefix) :]): data[name].astype(np.int64)
                for name in data.files
                if name.startswith(prefix)
            }
            out[unit] = Clusters(data[f"{unit}_keys"].astype(np.int64), ids)
    return out
