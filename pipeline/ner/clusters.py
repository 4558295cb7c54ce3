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

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..arrays import sorted_lookup

CLUSTER_FILE = "clusters.npz"
UNITS = {"char": 1, "bigram": 2}  # unit name -> characters per unit


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

    @property
    def granularities(self) -> list[int]:
        return sorted(self.ids)

    def lookup(self, keys: np.ndarray, k: int) -> np.ndarray:
        """Cluster id of each key at granularity ``k``; ``k`` for unknown ones."""
        return sorted_lookup(self.keys, self.ids[k], keys, k)


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
