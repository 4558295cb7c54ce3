"""The array CRF trainer (pipeline/train/crf_arrays.py): its objective against brute force,
its gradients against finite differences, and a training run that fits its data."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from pipeline.ner.model import LABELS, make_tags
from pipeline.train import crf_arrays

TAGS = make_tags(LABELS)
K = len(TAGS)


def _batches(ids: np.ndarray, tags: list[int], lengths: list[int]) -> crf_arrays.Batches:
    return crf_arrays.Batches(np, ids, np.array(tags), np.array(lengths), K, bucket_chars=4)


def _path_score(em: np.ndarray, trans: np.ndarray, path: tuple[int, ...]) -> float:
    return float(sum(em[i, p] for i, p in enumerate(path))
                 + sum(trans[a, b] for a, b in itertools.pairwise(path)))  # fmt: skip


def test_the_objective_is_the_likelihood_summed_over_every_tag_path() -> None:
    """Two sentences (3 and 2 chars) in two buckets: the negative log-likelihood equals the
    log of the sum over all 13^n paths minus the gold path's score, with no transition into
    a sentence's first tag."""
    rng = np.random.default_rng(0)
    ids = np.arange(5)[:, None]
    tags = [0, 5, 7, 1, 3]
    W = rng.normal(size=(5, K)).astype(np.float32)
    trans = rng.normal(size=(K, K))
    nll, _, _ = crf_arrays.objective(W, trans, _batches(ids, tags, [3, 2]))
    expected = 0.0
    for lo, hi in ((0, 3), (3, 5)):
        em = W[lo:hi].astype(np.float64)
        scores = [_path_score(em, trans, p) for p in itertools.product(range(K), repeat=hi - lo)]
        expected += np.logaddexp.reduce(scores) - _path_score(em, trans, tuple(tags[lo:hi]))
    assert nll == pytest.approx(expected, rel=1e-5)


def test_the_gradients_are_those_of_the_objective() -> None:
    rng = np.random.default_rng(1)
    lengths = [4, 7, 2, 5]
    ids = rng.integers(0, 30, size=(sum(lengths), 3))
    tags = rng.integers(0, K, size=sum(lengths)).tolist()
    data = _batches(ids, tags, lengths)
    W = (rng.normal(size=(30, K)) * 0.3).astype(np.float32)
    trans = rng.normal(size=(K, K)) * 0.3
    _, grad_w, grad_tr = crf_arrays.objective(W, trans, data)
    eps = 1e-2
    for row, tag in ((int(ids[0, 0]), tags[0]), (int(ids[5, 2]), 4), (int(ids[9, 1]), 0)):
        up, down = W.astype(np.float64), W.astype(np.float64)
        up[row, tag] += eps
        down[row, tag] -= eps
        f_up = crf_arrays.objective(up.astype(np.float32), trans, data)[0]
        f_down = crf_arrays.objective(down.astype(np.float32), trans, data)[0]
        assert (f_up - f_down) / (2 * eps) == pytest.approx(grad_w[row, tag], abs=2e-2)
    for a, b in ((0, 0), (tags[0], tags[1]), (5, 6)):
        up, down = trans.copy(), trans.copy()
        up[a, b] += eps
        down[a, b] -= eps
        diff = crf_arrays.objective(W, up, data)[0] - crf_arrays.objective(W, down, data)[0]
        assert diff / (2 * eps) == pytest.approx(grad_tr[a, b], abs=2e-2)


def test_training_fits_what_it_sees_and_keeps_only_the_keys_it_uses() -> None:
    """Keys 1 and 2 mark a person's first and last char, key 3 an organisation's single
    char, key 0 the rest: OWL-QN learns it, and an L1 penalty too large for the data's
    evidence leaves no feature at all."""
    sentences = [
        (np.array([[0], [1], [2], [0]]), ["O", "B-PERSON", "E-PERSON", "O"]),
        (np.array([[3], [0], [1], [2]]), ["S-ORG", "O", "B-PERSON", "E-PERSON"]),
    ] * 20
    tables, trans, facts = crf_arrays.train(sentences, LABELS, 0.1, 0.01, 50, device="cpu")
    keys, weights = tables[0]
    assert facts["device"] == "cpu" and trans.shape == (K, K)
    best = {int(k): TAGS[int(np.argmax(w))] for k, w in zip(keys, weights, strict=True)}
    assert best[1] == "B-PERSON" and best[2] == "E-PERSON" and best[3] == "S-ORG"
    empty, _, facts = crf_arrays.train(sentences, LABELS, 1000.0, 0.0, 5, device="cpu")
    assert facts["active_features"] == 0 and len(empty[0][0]) == 0


def test_both_ways_of_summing_key_gradients_agree() -> None:
    """numpy sums a key's gradient per template over its own keys; the GPU path (cupy) one
    ``bincount`` over every (char, tag) into the whole table: the same rows either way."""
    rng = np.random.default_rng(2)
    lengths = [6, 3, 9]
    ids = rng.integers(0, 40, size=(sum(lengths), 4))
    data = _batches(ids, rng.integers(0, K, size=sum(lengths)).tolist(), lengths)
    grad_em = rng.normal(size=(sum(lengths), K)).astype(np.float32)
    per_key = crf_arrays.gradient_rows(grad_em, data, 40)
    data.local = []
    assert np.allclose(per_key, crf_arrays.gradient_rows(grad_em, data, 40), atol=1e-5)
