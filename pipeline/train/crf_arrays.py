"""A linear-chain CRF trainer in array code: numpy, or cupy on a GPU when one is there.

Why: python-crfsuite's L-BFGS runs on one CPU core, about 45 minutes per NER model here, so
a soup member costs an afternoon. The same objective written as array operations (every
sentence's forward-backward at once, sentences padded into buckets of similar length) trains
a member in under two minutes on a GPU, and in about 1.5 hours with numpy on one CPU core
(35-40 s an iteration, crfsuite's 20-30 s).

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
BUCKET_CHARS = 400_000  # padded chars per bucket: bounds the memory of its (chars, tags) arrays


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
    sorted by length and padded into buckets (positions into the flat char arrays, masks).
    With numpy, also each template's distinct keys and every char's index among them (from
    ``key_counts`` when the ids are ``vocabulary``'s rows), so that a key's gradient row is one
    short ``bincount`` per tag rather than one over every (char, tag) into the whole table."""

    def __init__(self, xp: Any, ids: np.ndarray, tags: np.ndarray, lengths: np.ndarray,
                 num_tags: int, bucket_chars: int = BUCKET_CHARS,
                 key_counts: list[int] | None = None) -> None:  # fmt: skip
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
        self.local: list[tuple[np.ndarray, np.ndarray]] = []
        if xp is np:
            offset = 0
            for t in range(ids.shape[1]):
                if key_counts is None:  # any ids: find each template's own
                    keys, local = np.unique(ids[:, t], return_inverse=True)
                else:  # ``vocabulary``'s rows: template t's keys follow the ones before
                    keys = np.arange(offset, offset + key_counts[t])
                    local = ids[:, t] - offset
                    offset += key_counts[t]
                self.local.append((keys, local.ravel()))


def gradient_rows(grad_em: Any, data: Batches, rows: int) -> Any:
    """Each weight row's gradient: the sum of the emission gradients of the chars its key is
    on, template by template."""
    xp, num_tags = data.xp, grad_em.shape[1]
    out = xp.zeros((rows, num_tags), dtype=xp.float32)
    if data.local:  # numpy: per template, a bincount per tag over its own keys
        columns = grad_em.T.astype(np.float64)  # contiguous, one row per tag
        for keys, local in data.local:
            block = np.stack([np.bincount(local, c, len(keys)) for c in columns], axis=1)
            out[keys] += block.astype(np.float32)
        return out
    flat_out = out.ravel()
    cols = xp.arange(num_tags)
    for t in range(data.ids.shape[1]):
        flat = (data.ids[:, t, None] * num_tags + cols[None, :]).ravel()
        flat_out += xp.bincount(flat, weights=grad_em.ravel(), minlength=flat_out.size).astype(
            xp.float32
        )
    return out


def objective(W: Any, trans: Any, data: Batches) -> tuple[float, Any, Any]:
    """Negative log-likelihood of the data and its gradients for the weight rows ``W``
    (rows, tags) and the transitions ``trans`` (tags, tags).

    The forward-backward runs in probability space, each step rescaled to sum to 1 (the
    scaled algorithm: one small matrix product a step instead of a log-sum-exp over every
    tag pair), and the expected transition counts of a bucket are one product of two
    (positions, tags) matrices, since a pair's probability factorises into the forward
    mass before it, the transition and the backward mass after it."""
    xp = data.xp
    ids, num_tags = data.ids, W.shape[1]
    emissions = xp.zeros((data.n, num_tags), dtype=xp.float32)
    for t in range(ids.shape[1]):
        emissions += W[ids[:, t]]
    grad_em = xp.zeros_like(emissions)
    expected = xp.zeros((num_tags, num_tags), dtype=xp.float64)
    T = xp.exp(trans.astype(xp.float32))
    nll = 0.0
    for pos, mask in data.buckets:
        rows, width = pos.shape
        em = emissions[pos]  # padded places read char 0: masked out below
        top = em.max(axis=2)
        E = xp.exp(em - top[:, :, None])
        alpha = xp.empty((rows, width, num_tags), dtype=xp.float32)
        log_scale = xp.zeros((rows, width), dtype=xp.float32)
        a = E[:, 0]
        c = a.sum(axis=1)
        alpha[:, 0] = a / c[:, None]
        log_scale[:, 0] = xp.log(c) + top[:, 0]
        for t in range(1, width):  # a finished sentence carries its last column on
            on = mask[:, t]
            a = (alpha[:, t - 1] @ T) * E[:, t]
            c = xp.where(on, a.sum(axis=1), 1.0)
            alpha[:, t] = xp.where(on[:, None], a / c[:, None], alpha[:, t - 1])
            log_scale[:, t] = xp.where(on, xp.log(c) + top[:, t], 0.0)
        log_z = log_scale.astype(xp.float64).sum(axis=1)
        beta = xp.ones((rows, width, num_tags), dtype=xp.float32)
        for t in range(width - 1, 0, -1):
            on = mask[:, t]
            b = (E[:, t] * beta[:, t]) @ T.T
            d = xp.where(on, b.sum(axis=1), 1.0)
            beta[:, t - 1] = xp.where(on[:, None], b / d[:, None], 1.0)
        marginals = alpha * beta
        marginals /= marginals.sum(axis=2, keepdims=True)
        grad_em[pos[mask]] += marginals[mask]
        after = E[:, 1:] * beta[:, 1:]  # (rows, width - 1, tags)
        norm = (alpha[:, :-1] * (after @ T.T)).sum(axis=2)
        before = alpha[:, :-1] * (mask[:, 1:] / xp.where(mask[:, 1:], norm, 1.0))[:, :, None]
        expected += (
            T * (before.reshape(-1, num_tags).T @ after.reshape(-1, num_tags))
        ).astype(xp.float64)
        gold = xp.take_along_axis(em, data.tags[pos][:, :, None], axis=2)[:, :, 0]
        nll += float(log_z.sum() - (gold * mask).astype(xp.float64).sum())
    nll -= float((data.gold_pairs * trans.astype(xp.float64)).sum())
    grad_em[xp.arange(data.n), data.tags] -= 1.0
    return nll, gradient_rows(grad_em, data, W.shape[0]), expected - data.gold_pairs


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
        if log and (it % 10 == 0 or it <= 2):
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
    data = Batches(xp, ids, np.concatenate(tag_ids), np.array(lengths), num_tags,
                   key_counts=[len(u) for u in uniques])  # fmt: skip
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

