"""Learning the subject scorer's weights from gold relations, with k-fold cross-validation.

The relation rules propose the candidate subjects of each quantity (pipeline/relations/
subjects.py); this module fits the weights of their features as a conditional logit: for
each quantity the gold subject (or "none", for a quantity no gold relation states) should
out-score the other candidates. The documents are run through the whole pipeline once; each
fold then reruns only the relation stage on its held-out documents with the weights learned
on the others, and the graph of those documents is scored by the same evaluator as
``zhkg evaluate``. The figures reported are therefore those of the whole pipeline, held out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import numpy
import srsly

from ..evaluate.gold import read_gold
from ..evaluate.graph_reader import graph_to_predictions
from ..evaluate.scoring import evaluate_predictions, prf
from ..graph.builder import build_graph
from ..graph.identity import simplify
from ..relations.matcher import RelationMatcher
from ..relations.rules import RelationRules
from ..relations.subjects import FEATURES, Candidate
from ..result import doc_to_result

NULL = "null"
COLUMNS = (NULL, *FEATURES)


def _names(c: Candidate) -> set[str]:
    rec = c.mention.record
    return {simplify(x) for x in (rec.get("canonical"), rec["norm"], rec["text"]) if x}


def _gold_index(gold: Mapping) -> dict[tuple[Decimal, str], list[str]]:
    out: dict[tuple[Decimal, str], list[str]] = defaultdict(list)
    for r in gold.get("relations", []):
        if r.get("value") is None or not r.get("unit"):
            continue
        key = (Decimal(str(r["value"])).normalize(), simplify(r["unit"]))
        out[key].append(simplify(r["subject"]))
    return out


def examples(trace: list, gold: Mapping) -> list[tuple[numpy.ndarray, int]]:
    """(feature matrix with the null row first, index of the right row) per quantity; a
    quantity whose gold subject is not among its candidates teaches nothing and is left out."""
    index = _gold_index(gold)
    out = []
    for q, cands in trace:
        rows = numpy.zeros((len(cands) + 1, len(COLUMNS)))
        rows[0, 0] = 1.0
        for i, c in enumerate(cands, 1):
            for k, v in c.features.items():
                rows[i, COLUMNS.index(k)] = v
        subjects = index.get((q.value.normalize(), q.unit))
        if not subjects:
            out.append((rows, 0))
            continue
        hit = next((i for i, c in enumerate(cands, 1) if _names(c) & set(subjects)), None)
        if hit is not None:
            subjects.remove(next(s for s in subjects if s in _names(cands[hit - 1])))
            out.append((rows, hit))
    return out


def fit(data: list[tuple[numpy.ndarray, int]], prior: Mapping[str, float] | None = None,
        l2: float = 0.05, epochs: int = 300, rate: float = 0.5,
        rank_only: bool = False) -> dict[str, float]:
    """Weights of the conditional logit, by full-batch gradient descent with an L2 pull
    towards ``prior`` (the hand-set weights: the data only moves what it has evidence for;
    the null row's weight is the threshold a candidate must beat)."""
    w0 = numpy.array([float((prior or {}).get(k, 0.0)) for k in COLUMNS])
    w = w0.copy()
    if rank_only:
        # the candidates of quantities that gold links: the ranking is learned, the null
        # threshold stays the hand-set one
        data = [(rows[1:], y - 1) for rows, y in data if y > 0]
    n = max(1, len(data))
    for _ in range(epochs):
        grad = l2 * (w - w0)
        for rows, y in data:
            s = rows @ w
            p = numpy.exp(s - s.max())
            p /= p.sum()
            grad += (p @ rows - rows[y]) / n
        w -= rate * grad
    return {k: round(float(x), 4) for k, x in zip(COLUMNS, w, strict=True)}


def _score(docs: list[tuple[str, object]], golds: list[dict], rules: RelationRules) -> dict:
    matcher = RelationMatcher(rules)
    results = []
    for doc_id, doc in docs:
        doc._.statements = matcher(doc)
        results.append(doc_to_result(doc, doc_id, doc_id))
    return evaluate_predictions(golds, graph_to_predictions(build_graph(results)))


def _with_weights(rules: RelationRules, weights: Mapping[str, float]) -> RelationRules:
    return replace(rules, weights=dict(weights))


def _traces(docs: list[tuple[str, object]], rules: RelationRules) -> dict[str, list]:
    matcher = RelationMatcher(rules)
    out = {}
    for doc_id, doc in docs:
        matcher.trace = []
        matcher(doc)
        out[doc_id] = matcher.trace
    return out


def _micro(scores: Iterable[dict]) -> dict:
    """Relation counts summed over the folds' held-out scores, with their P/R/F."""
    tp = fp = fn = 0
    for s in scores:
        r = s["overall"]["relations"]
        tp, fp, fn = tp + r["tp"], fp + r["fp"], fn + r["fn"]
    return prf(tp, fp, fn)


def cross_validate(texts: Path, gold_path: Path, rules_path: str | Path, folds: int = 5,
                   output: Path | None = None) -> dict:
    """k-fold figures of the hand-set and the learned weights on the same held-out documents,
    and (with ``output``) the weights learned on all documents, written as JSON."""
    import pipeline

    golds = {g["doc"]: g for g in read_gold(gold_path)}
    ids = sorted(d for d in golds if (texts / d).exists())
    nlp = pipeline.load()
    docs = list(zip(ids, nlp.pipe((texts / d).read_text(encoding="utf-8") for d in ids),
                    strict=True))
    rules = RelationRules.load(rules_path)
    traces = _traces(docs, rules)
    hand, learned, ranked = [], [], []
    for k in range(folds):
        held = [(i, d) for n, (i, d) in enumerate(docs) if n % folds == k]
        train = [i for n, i in enumerate(ids) if n % folds != k]
        data = [ex for i in train for ex in examples(traces[i], golds[i])]
        weights = fit(data, rules.weights)
        held_gold = [golds[i] for i, _ in held]
        hand.append(_score(held, held_gold, rules))
        learned.append(_score(held, held_gold, _with_weights(rules, weights)))
        ranking = fit(data, rules.weights, rank_only=True)
        ranked.append(_score(held, held_gold, _with_weights(rules, ranking)))
    report = {"folds": folds, "documents": len(ids), "rules": _micro(hand),
              "learned": _micro(learned), "learned_ranking": _micro(ranked)}
    if output is not None:
        data = [ex for i in ids for ex in examples(traces[i], golds[i])]
        weights = fit(data, rules.weights)
        srsly.write_json(output, {"_doc": f"learned by zhkg train subjects on {len(ids)} "
                                  f"documents of {gold_path.name}", **weights})
        report["weights"] = weights
    return report
