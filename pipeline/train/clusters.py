"""Learn character and bigram clusters (``pipeline.ner.clusters``) from the raw text of the
corpora.

Recipe, all numpy and seeded: count the two characters before and the two after each unit
(character or bigram; the ``context_chars`` commonest characters as contexts, the rest in one
bucket) in a sparse matrix, weight the counts by positive PMI with smoothed context
probabilities, reduce them with a randomised SVD, and cluster the length-normalised vectors
with k-means (k-means++ start) at each granularity.
The text is the NER training corpora without their labels plus People's Daily 1998: no NER
test split is read.
"""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from pipeline.arrays import codepoints
from pipeline.corpora import read_char_bio, read_uner
from pipeline.ner.clusters import UNITS, Clusters, unit_keys
from pipeline.ner.features import normalise
from pipeline.paths import resolve_model_path


def raw_texts(settings: dict[str, Any]) -> Iterator[str]:
    """Unlabelled training text: pd1998 folds (spaces removed), MSRA train, CLUENER train,
    UNER train (converted to simplified, as the model sees it)."""
    cl = settings["clusters"]
    for fold in cl["pd1998_folds"]:
        path = resolve_model_path(str(cl["pd1998_pattern"]).format(fold=fold))
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                yield line.replace(" ", "").strip()
    if cl.get("msra_train"):
        for text, _ in read_char_bio(resolve_model_path(cl["msra_train"])):
            yield text
    if cl.get("cluener_train"):
        with open(resolve_model_path(cl["cluener_train"]), encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line)["text"]
    if cl.get("uner_train"):
        for text, _ in read_uner(resolve_model_path(cl["uner_train"])):
            yield text


@dataclass
class Cooccurrences:
    """Sparse (unit, context) matrix: unit ``rows``, context ``cols``, ``vals``."""

    rows: np.ndarray
    cols: np.ndarray
    vals: np.ndarray
    shape: tuple[int, int]

    def matmul(self, x: np.ndarray) -> np.ndarray:
        """``M @ x``, one weighted bincount per column of ``x`` (no scipy needed)."""
        return np.stack(
            [np.bincount(self.rows, self.vals * x[self.cols, j], self.shape[0])
             for j in range(x.shape[1])], axis=1,
        ).astype(np.float32)  # fmt: skip

    def rmatmul(self, y: np.ndarray) -> np.ndarray:
        """``M.T @ y``."""
        return np.stack(
            [np.bincount(self.cols, self.vals * y[self.rows, j], self.shape[1])
             for j in range(y.shape[1])], axis=1,
        ).astype(np.float32)  # fmt: skip


def cooccurrences(
    cp: np.ndarray, size: int, min_count: int, context_chars: int
) -> tuple[np.ndarray, Cooccurrences]:
    """The units (chars or bigrams) seen ``min_count``+ times, sorted, and the counts of the
    characters two before and two after each (``context_chars`` commonest characters, the
    rest in one bucket per offset). Line breaks end texts: no unit spans one."""
    n = len(cp)
    keys = unit_keys(cp, size)
    newline = cp == ord("\n")
    for d in range(size):  # a unit holding a line break is no unit
        keys[: n - d][newline[d:]] = -1
    values, freq = np.unique(keys[keys >= 0], return_counts=True)
    vocab = values[freq >= min_count]
    row = np.searchsorted(vocab, keys)
    np.minimum(row, max(len(vocab) - 1, 0), out=row)
    known = (vocab[row] == keys) & (keys >= 0) if len(vocab) else np.zeros(n, dtype=bool)
    chars, char_freq = np.unique(cp, return_counts=True)
    top = np.sort(chars[np.argsort(-char_freq, kind="stable")[:context_chars]])
    j = np.searchsorted(top, cp)
    np.minimum(j, len(top) - 1, out=j)
    ctx = np.where((top[j] == cp) & ~newline, j, context_chars)
    width = context_chars + 1
    offsets = (-2, -1, size, size + 1)
    flat_parts = []
    for o, off in enumerate(offsets):
        pos = np.arange(max(0, -off), min(n, n - off))
        pos = pos[known[pos]]
        flat_parts.append(row[pos] * (len(offsets) * width) + o * width + ctx[pos + off])
    flat, counts = np.unique(np.concatenate(flat_parts), return_counts=True)
    n_cols = len(offsets) * width
    return vocab, Cooccurrences(
        flat // n_cols, flat % n_cols, counts.astype(np.float64), (len(vocab), n_cols)
    )


def ppmi(m: Cooccurrences, alpha: float = 0.75) -> Cooccurrences:
    """Positive PMI with context-distribution smoothing (Levy et al. 2015)."""
    total = m.vals.sum()
    row = np.bincount(m.rows, m.vals, m.shape[0]) / total
    ctx = np.bincount(m.cols, m.vals, m.shape[1]) ** alpha
    ctx /= ctx.sum()
    pmi = np.log(m.vals / total / (row[m.rows] * ctx[m.cols]))
    keep = pmi > 0
    return Cooccurrences(m.rows[keep], m.cols[keep], pmi[keep], m.shape)


def randomized_svd(m: Cooccurrences, dim: int, rng: np.random.Generator) -> np.ndarray:
    """Left singular vectors scaled by sqrt(singular values) (Halko et al., 2 power steps)."""
    omega = rng.standard_normal((m.shape[1], dim + 20)).astype(np.float32)
    q, _ = np.linalg.qr(m.matmul(omega))
    for _ in range(2):
        q, _ = np.linalg.qr(m.matmul(m.rmatmul(q)))
    u_small, s, _ = np.linalg.svd(m.rmatmul(q).T, full_matrices=False)
    return (q @ u_small[:, :dim]) * np.sqrt(s[:dim])[None, :]


def kmeans(
    vectors: np.ndarray, k: int, rng: np.random.Generator, weights: np.ndarray, iters: int = 30
) -> np.ndarray:
    """Cluster ids by weighted k-means (cosine: rows are unit length), k-means++ start."""
    n = len(vectors)
    k = min(k, n)
    centres = np.empty((k, vectors.shape[1]), dtype=vectors.dtype)
    centres[0] = vectors[rng.choice(n, p=weights / weights.sum())]
    dist = np.full(n, np.inf)
    for i in range(1, k):
        dist = np.minimum(dist, ((vectors - centres[i - 1]) ** 2).sum(axis=1))
        p = dist * weights
        centres[i] = vectors[rng.choice(n, p=p / p.sum())]
    weighted = vectors * weights[:, None].astype(vectors.dtype)
    assign = np.full(n, -1, dtype=np.int64)
    for _ in range(iters):
        new = (vectors @ centres.T).argmax(axis=1)
        if np.array_equal(new, assign):
            break
        assign = new
        sums = np.zeros_like(centres)
        np.add.at(sums, assign, weighted)
        norms = np.linalg.norm(sums, axis=1)
        filled = norms > 0  # an emptied cluster keeps its centre
        centres[filled] = sums[filled] / norms[filled, None]
    return assign


def learn_unit_clusters(
    cp: np.ndarray, unit: str, ks: Sequence[int], cl: dict[str, Any], rng: np.random.Generator
) -> Clusters:
    vocab, counts = cooccurrences(cp, UNITS[unit], int(cl[f"{unit}_min_count"]),
                                  int(cl["context_chars"]))  # fmt: skip
    log(f"{len(vocab)} {unit}s, {len(counts.vals)} (unit, context) pairs")
    vectors = randomized_svd(ppmi(counts), int(cl["dim"]), rng)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    weights = np.log1p(np.bincount(counts.rows, counts.vals, counts.shape[0]))
    return Clusters(vocab, {int(k): kmeans(vectors, int(k), rng, weights) for k in ks})


def learn_clusters(
    settings: dict[str, Any], wanted: dict[str, tuple[int, ...]]
) -> dict[str, Clusters]:
    """Clusters of each unit at the granularities ``wanted`` (``FeatureSettings``)."""
    if not wanted:
        return {}
    cl = settings["clusters"]
    rng = np.random.default_rng(int(settings["training"]["seed"]))
    cp = normalise(codepoints("\n".join(raw_texts(settings))))
    return {unit: learn_unit_clusters(cp, unit, ks, cl, rng) for unit, ks in wanted.items()}


def log(msg: str) -> None:
    print(f"[clusters] {msg}", file=sys.stderr, flush=True)
