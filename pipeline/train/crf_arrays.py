"""A linear-chain CRF trainer in array code: numpy, or cupy on a GPU when one is there.

Why: python-crfsuite's L-BFGS runs on one CPU core, about 45 minutes per NER model here, so
a soup member costs an afternoon. The same objective written as array operations (every
sentence's forward-backward at once, sentences padded into buckets of similar length) trains
a member in under two minutes on a GPU, and runs, slowly, anywhere numpy does.

The objective is crfsuite's: the negative log-likelihood of the tag sequences + c1 |w|_1 +
c2 |w|^2, with no transition into a sentence's first tag (as ``CharNER`` decodes), minimised
by OWL-QN (Andrew & Gao 2007) with liblbfgs' backtracking line search and stopping rule. Two
differences from crfsuite: every (feature key, tag) pair has a weight, not only the pairs seen
in training (the unseen ones stay 0 unless the data pushes them past the L1 penalty), and so do
all tag transitions.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from ..ner.model import make_tags

Log = Callable[[str], None]
BUCKET_CHARS = 400_000  # padded chars per bucket: bounds the (chars, tags, tags) pair array


def array_module(device: str) -> Any:
    """cupy for ``device`` "gpu", or "auto" when cupy and a GPU are there; numpy otherwise."""
    if device in ("gpu", "auto"):
        try:
            import cupy

            cupy.cuda.runtime.getDeviceCount()
            return cupy
        except Exception:  # no cupy, no driver or no GPU
            if device == "gpu":
                raise
    return np


def vocabulary(keys: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """Each template's sorted distinct keys, and every key's row in one table stacking them
    (template by template)."""
    ids = np.empty(keys.shape, dtype=np.int64)
    uniques, offset = [], 0
    for t in range(keys.shape[1]):
        u, inverse = np.unique(keys[:, t], return_inverse=True)
        ids[:, t] = inverse.ravel() + offset
        uniques.append(u)
        offset += len(u)
    return ids, uniques


class Batches:
    """The training chars on the device: their key rows (ids), their tags, and the sentences
    sorted by length and padded into buckets (positions into the flat char arrays, masks)."""

    def __init__(self, xp: Any, ids: np.ndarray, tags: np.ndarray, lengths: np.ndarray,
                 num_tags: int, bucket_chars: int = BUCKET_CHARS) -> None:  # fmt: skip
        self.xp = xp
        self.ids = xp.asarray(ids)
        self.tags = xp.asarray(tags.astype(np.int64))
        self.n = len(tags)
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
        order = np.argsort(lengths, kind="stable")
        self.buckets = []
        i = 0
        while i < len(order):
            j = i + 1  # sorted by length: the last sentence taken is the longest
            while j < len(order) and (j - i + 1) * lengths[order[j]] <= bucket_chars:
                j += 1
            sel = order[i:j]
            width = int(lengths[sel[-1]])
            mask = np.arange(width)[None, :] < lengths[sel][:, None]
            pos = np.where(mask, starts[sel][:, None] + np.arange(width)[None, :], 0)
            self.buckets.append((xp.asarray(pos), xp.asarray(mask)))
            i = j
        pairs = np.zeros((num_tags, num_tags))
        inside = np.ones(len(tags), dtype=bool)
        inside[starts] = False  # a transition into every char but a sentence's first
        np.add.at(pairs, (tags[:-1][inside[1:]], tags[1:][inside[1:]]), 1)
        self.gold_pairs = xp.asarray(pairs)


def _logsumexp(xp: Any, a: Any, axis: int) -> Any:
    top = a.max(axis=axis, keepdims=True)
    return (top + xp.log(xp.exp(a - top).sum(axis=axis, keepdims=True))).squeeze(axis)


def objective(W: Any, trans: Any, data: Batches) -> tuple[float, Any, Any]:
    """Negative log-likelihood of the data and its gradients for the weight rows ``W``
    (rows, tags) and the transitions ``trans`` (tags, tags)."""
    xp = data.xp
    ids, num_tags = data.ids, W.shape[1]
    emissions = xp.zeros((data.n, num_tags), dtype=xp.float32)
    for t in range(ids.shape[1]):
        emissions += W[ids[:, t]]
    grad_em = xp.zeros_like(emissions)
    grad_tr = xp.zeros((num_tags, num_tags), dtype=xp.float64)
    nll = 0.0
    tr = trans.astype(xp.float32)
    for pos, mask in data.buckets:
        rows, width = pos.shape
        em = emissions[pos] * mask[:, :, None]
        alpha = xp.empty((rows, width, num_tags), dtype=xp.float32)
        alpha[:, 0] = em[:, 0]
        for t in range(1, width):  # a finished sentence carries its last column on
            step = _logsumexp(xp, alpha[:, t - 1, :, None] + tr[None], 1) + em[:, t]
            alpha[:, t] = xp.where(mask[:, t, None], step, alpha[:, t - 1])
        log_z = _logsumexp(xp, alpha[:, width - 1], 1)
        beta = xp.zeros((rows, width, num_tags), dtype=xp.float32)
        for t in range(width - 1, 0, -1):
            back = _logsumexp(xp, tr[None] + (em[:, t] + beta[:, t])[:, None, :], 2)
            beta[:, t - 1] = xp.where(mask[:, t, None], back, 0.0)
        marginals = xp.exp(alpha + beta - log_z[:, None, None]) * mask[:, :, None]
        pair = xp.exp(alpha[:, :-1, :, None] + tr[None, None]
                      + (em[:, 1:] + beta[:, 1:])[:, :, None, :]
                      - log_z[:, None, None, None])  # fmt: skip
        grad_tr += (pair * mask[:, 1:, None, None]).sum(axis=(0, 1)).astype(xp.float64)
        grad_em[pos[mask]] += marginals[mask]
        gold = xp.take_along_axis(em, data.tags[pos][:, :, None], axis=2)[:, :, 0]
        nll += float(log_z.astype(xp.float64).sum() - (gold * mask).astype(xp.float64).sum())
    nll -= float((data.gold_pairs * trans.astype(xp.float64)).sum())
    grad_em[xp.arange(data.n), data.tags] -= 1.0
    grad_tr -= data.gold_pairs
    size = W.shape[0] * num_tags
    grad_w = xp.zeros(size, dtype=xp.float32)
    cols = xp.arange(num_tags)
    for t in range(ids.shape[1]):  # each key's row gets the gradient of every char it is on
        flat = (ids[:, t, None] * num_tags + cols[None, :]).ravel()
        grad_w += xp.bincount(flat, weights=grad_em.ravel(), minlength=size).astype(xp.float32)
    return nll, grad_w.reshape(W.shape), grad_tr


def owlqn(
    xp: Any,
    fg: Callable[[Any], tuple[float, Any]],
    x0: Any,
    c1: float,
    iterations: int,
    memory: int = 6,
    epsilon: float = 1e-5,
    period: int = 10,
    log: Log | None = None,
) -> tuple[Any, int]:
    """Minimise ``fg``'s smooth function + ``c1`` |x|_1 from ``x0`` (OWL-QN). Stops after
    ``iterations``, or when the objective fell by less than ``epsilon`` (relative) over the
    last ``period`` iterations, as crfsuite's L-BFGS does. Returns x and the iterations run."""

    def pseudo_gradient(x: Any, g: Any) -> Any:
        pg = xp.where(x > 0, g + c1, xp.where(x < 0, g - c1, 0.0))
        at_zero = x == 0
        pg = xp.where(at_zero & (g + c1 < 0), g + c1, pg)
        return xp.where(at_zero & (g - c1 > 0), g - c1, pg)

    x = x0.copy()
    f, g = fg(x)
    objective_value = f + c1 * float(xp.abs(x).sum())
    history = [objective_value]
    s_list: list[Any] = []
    y_list: list[Any] = []
    rho: list[float] = []
    it = 0
    for it in range(1, iterations + 1):
        pg = pseudo_gradient(x, g)
        q = -pg
        alphas = []
        for s, y, r in zip(reversed(s_list), reversed(y_list), reversed(rho), strict=True):
            a = r * float((s * q).sum())
            alphas.append(a)
            q -= a * y
        if s_list:
            q *= float((s_list[-1] * y_list[-1]).sum() / (y_list[-1] * y_list[-1]).sum())
        for s, y, r, a in zip(s_list, y_list, rho, reversed(alphas), strict=True):
            q += (a - r * float((y * q).sum())) * s
        direction = xp.where(q * pg >= 0, 0.0, q)  # stay a descent direction of the orthant
        orthant = xp.where(x != 0, xp.sign(x), xp.sign(-pg))
        step = 1.0 if s_list else 1.0 / max(float(xp.sqrt((direction**2).sum())), 1e-12)
        for _ in range(40):  # backtracking, projected onto the orthant
            x_new = x + step * direction
            x_new = xp.where(x_new * orthant > 0, x_new, 0.0)
            f_new, g_new = fg(x_new)
            value = f_new + c1 * float(xp.abs(x_new).sum())
            if value <= objective_value + 1e-4 * float((pg * (x_new - x)).sum()):
                break
            step *= 0.5
        s, y = x_new - x, g_new - g
        sy = float((s * y).sum())
        if sy > 0:
            s_list.append(s)
            y_list.append(y)
            rho.append(1.0 / sy)
            if len(s_list) > memory:
                s_list.pop(0), y_list.pop(0), rho.pop(0)
        x, g, objective_value = x_new, g_new, value
        history.append(value)
        if log and (it % 10 == 0 or it == 1):
            log(f"iteration {it}: objective {value:.1f}, active {int((x != 0).sum())}")
        if it >= period and (history[-period - 1] - value) / max(abs(value), 1e-12) < epsilon:
            break
    return x, it


def train(
    sentences: Iterable[tuple[np.ndarray, list[str]]],
    labels: tuple[str, ...],
    c1: float,
    c2: float,
    iterations: int,
    device: str = "auto",
    log: Log | None = None,
) -> tuple[list[tuple[np.ndarray, np.ndarray]], np.ndarray, dict[str, Any]]:
    """Train on ``(key rows, BIOES tags)`` sentences; returns ``CharNER``'s per-template
    tables (keys with a non-zero row, their weights), the transitions and a few facts."""
    t0 = time.time()
    xp = array_module(device)
    tags = make_tags(labels)
    index = {t: i for i, t in enumerate(tags)}
    num_tags = len(tags)
    key_rows, tag_ids, lengths = [], [], []
    for rows, seq in sentences:
        key_rows.append(rows)
        tag_ids.append(np.array([index[t] for t in seq], dtype=np.int8))
        lengths.append(len(seq))
    ids, uniques = vocabulary(np.concatenate(key_rows))
    size = sum(len(u) for u in uniques)
    data = Batches(xp, ids, np.concatenate(tag_ids), np.array(lengths), num_tags)
    del key_rows, ids
    if log:
        log(f"array CRF on {xp.__name__}: {data.n} chars, {size} keys, "
            f"{len(data.buckets)} buckets, {time.time() - t0:.0f}s")  # fmt: skip
    split = size * num_tags

    def fg(x: Any) -> tuple[float, Any]:
        W = x[:split].reshape(size, num_tags)
        trans = x[split:].reshape(num_tags, num_tags)
        nll, grad_w, grad_tr = objective(W, trans, data)
        grad = xp.concatenate([grad_w.ravel(), grad_tr.ravel().astype(xp.float32)])
        return nll + c2 * float((x * x).sum()), grad + 2 * c2 * x

    x0 = xp.zeros(split + num_tags * num_tags, dtype=xp.float32)
    x, ran = owlqn(xp, fg, x0, c1, iterations, log=log)
    x = x.get() if xp is not np else x
    weights = x[:split].reshape(size, num_tags)
    tables, offset = [], 0
    for keys in uniques:
        block = weights[offset : offset + len(keys)]
        keep = np.abs(block).sum(axis=1) > 0
        tables.append((keys[keep], block[keep].astype(np.float32)))
        offset += len(keys)
    facts = {"iterations": ran, "active_features": int((weights != 0).sum()),
             "device": "gpu" if xp is not np else "cpu"}  # fmt: skip
    return tables, x[split:].reshape(num_tags, num_tags), facts

