"""Scoring predictions against document-level gold (/work/shared/gold/SCHEMA.md).

Predictions come from a graph (:mod:`pipeline.evaluate.graph_reader`), so the scores are
those of what users get. Scoring is per document, on sets:

* entities: predicted (surface, label) pairs from the document's ``zhkg:Mention`` nodes
  against gold ``entities``, surfaces compared after t2s (a gold written in either script
  scores a text in the other). A prediction whose surface is an ``optional_entities`` surface
  (any label) is ignored; anything else not in gold is a false positive, which includes the
  boilerplate entities a good pipeline must not extract.
* relations: a predicted statement matches a gold relation when subject, value and unit agree
  (subject: the simplified gold subject is the predicted entity's canonical name, one of its
  alternate names, or a surface it was mentioned by in that document; value: equal as
  Decimal; unit: equal after t2s). Identical predictions (same subject, value, unit and
  evidence) count once; each gold relation is matched at most once, by maximum bipartite
  matching. Left-over predictions that repeat the subject+value+unit of a matched one are
  neither TP nor FP (duplicates of a correct triple); the remaining ones are false positives,
  counted once per distinct subject+value+unit.
* quantity-only: the same matching with the subject left out (value and unit agree): it
  scores which quantities became statements at all, whoever they are about. A quantity
  linked to two subjects matches two gold relations (各派出20名专家) when the gold has them;
  otherwise the extra statement repeats a matched value+unit and is neither TP nor FP.

Figures are given overall, per document and per source, the part of the file name before
``-L`` (``msr_test-L00007.txt`` -> ``msr_test``; a name without it is its own source).

Each relation error is also put down to its cause (``causes``), which says which stage to
work on: a missed relation whose gold subject is no entity of the document (the NER missed
it), whose quantity is in no statement, or whose quantity went to another subject; a spurious
statement whose value and unit no gold relation of the document has, or one that gave a gold
quantity another subject.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path, PurePath

from ..graph import vocab as v
from ..graph.identity import simplify
from .gold import read_gold
from .graph_reader import graph_to_predictions

LABELS = v.LABELS
ATTRIBUTES = ("predicate", "object", "approx", "place", "time", "evidence")
# the causes of relation errors (module docstring), in the order the report gives them
MISSED_CAUSES = ("subject_not_found", "quantity_unlinked", "other_subject")
SPURIOUS_CAUSES = ("no_gold_quantity", "other_subject")


def prf(tp: int, fp: int, fn: int) -> dict:
    """Counts with precision, recall and F1; a ratio with an empty denominator is ``None``."""
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    if p is None and r is None:
        f1 = None
    else:
        p0, r0 = p or 0.0, r or 0.0
        f1 = 2 * p0 * r0 / (p0 + r0) if p0 + r0 else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": f1}


def span_prf(tp: int, n_pred: int, n_gold: int, digits: int = 4) -> dict[str, int | float]:
    """:func:`prf` in the shape of the NER corpus scores (the trainer's dev and test scores in
    ``models/ner/meta.json``, ``zhkg evaluate --ner-corpus``): keys ``p r f tp pred gold`` in
    that order, counts of predictions and gold spans instead of fp and fn, ratios rounded to
    ``digits`` and 0.0 where a denominator is empty (a JSON report of numbers only)."""
    s = prf(tp, n_pred - tp, n_gold - tp)
    p, r, f = (round(s[k] or 0.0, digits) for k in ("precision", "recall", "f1"))
    return {"p": p, "r": r, "f": f, "tp": tp, "pred": n_pred, "gold": n_gold}


def sum_prf(counts: Iterable[Mapping]) -> dict:
    """:func:`prf` of the summed ``tp``, ``fp`` and ``fn`` of ``counts`` (micro average)."""
    tp = fp = fn = 0
    for c in counts:
        tp, fp, fn = tp + c["tp"], fp + c["fp"], fn + c["fn"]
    return prf(tp, fp, fn)


def score_entities(gold: Mapping, predicted: set[tuple[str, str]]) -> dict:
    """Document-level entity scores per label and micro over labels."""
    gold_set = {(simplify(e["text"]), e["label"]) for e in gold.get("entities", [])}
    optional = {simplify(e["text"]) for e in gold.get("optional_entities", [])}
    boilerplate = {simplify(e["text"]) for e in gold.get("boilerplate_entities", [])}
    # surfaces as written, for the lists of errors: the gold's, else the prediction's
    shown = {(simplify(t), lab): (t, lab) for t, lab in predicted}
    shown.update({(simplify(e["text"]), e["label"]): (e["text"], e["label"])
                  for e in gold.get("entities", [])})
    predicted = {(simplify(t), lab) for t, lab in predicted}
    tp = predicted & gold_set
    ignored = {p for p in predicted - gold_set if p[0] in optional}
    fp = predicted - gold_set - ignored
    fn = gold_set - predicted
    labels = sorted(set(LABELS) | {lab for _, lab in gold_set | predicted})
    per_label = {
        lab: prf(
            sum(1 for x in tp if x[1] == lab),
            sum(1 for x in fp if x[1] == lab),
            sum(1 for x in fn if x[1] == lab),
        )
        for lab in labels
    }
    return {
        "labels": per_label,
        "micro": prf(len(tp), len(fp), len(fn)),
        "ignored": len(ignored),
        "boilerplate_fp": sum(1 for x in fp if x[0] in boilerplate),
        "missed": sorted(list(shown[x]) for x in fn),
        "spurious": sorted(list(shown[x]) for x in fp),
    }


def gold_relation(rel: Mapping) -> dict | None:
    """A gold relation normalised for matching (Decimal value, simplified subject and unit);
    ``None`` when its value is missing or no number."""
    try:
        value = Decimal(str(rel["value"]))
    except (KeyError, InvalidOperation):
        return None
    return {
        "subject": rel.get("subject") or "",
        "subject_s": simplify(rel.get("subject") or ""),
        "value": value,
        "unit": simplify(rel.get("unit") or ""),
        "predicate": rel.get("predicate"),
        "object": rel.get("object"),
        "approx": rel.get("approx"),
        "place": rel.get("place"),
        "time": rel.get("time"),
        "evidence": rel.get("evidence"),
    }


def _same(a: str | None, b: str | None) -> bool:
    return simplify(a or "") == simplify(b or "")


def _attribute_agreement(g: Mapping, p: Mapping) -> dict[str, bool]:
    place_ok = (
        not p.get("place")
        if not g.get("place")
        else simplify(g["place"]) in (p.get("place_names") or set())
    )
    ge, pe = simplify(g.get("evidence") or ""), simplify(p.get("evidence") or "")
    return {
        "predicate": _same(g.get("predicate"), p.get("predicate")),
        "object": _same(g.get("object"), p.get("object")),
        "approx": (g.get("approx") or None) == (p.get("approx") or None),
        "place": place_ok,
        "time": _same(g.get("time"), p.get("time")),
        "evidence": bool(ge and pe and (ge in pe or pe in ge)),
    }


def _max_matching(candidates: list[list[int]], n_right: int) -> list[int | None]:
    """Maximum bipartite matching (Kuhn's augmenting paths); ``candidates[i]`` lists the right
    nodes left node ``i`` may take, best first, so that ties go to the better pairing."""
    owner: list[int | None] = [None] * n_right

    def augment(i: int, seen: list[bool]) -> bool:
        for j in candidates[i]:
            if seen[j]:
                continue
            seen[j] = True
            if owner[j] is None or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(candidates)):
        augment(i, [False] * n_right)
    match: list[int | None] = [None] * len(candidates)
    for j, i in enumerate(owner):
        if i is not None:
            match[i] = j
    return match


def _relation_view(r: Mapping) -> dict:
    out = {
        k: (str(r[k]) if isinstance(r.get(k), Decimal) else r.get(k))
        for k in ("subject", "predicate", "value", "unit", "object", "approx", "place", "time",
                  "evidence")
    }
    return out


def _distinct(predicted: Iterable[Mapping]) -> list[Mapping]:
    """Predictions with identical ones (same subject, value, unit and evidence) counted once."""
    preds: list[Mapping] = []
    seen: set = set()
    for p in predicted:
        key = (p.get("subject_id") or p.get("subject"), p["value"], p["unit"],
               p.get("begin"), p.get("end"), p.get("evidence"))
        if key not in seen:
            seen.add(key)
            preds.append(p)
    return preds


def score_relations(gold: Mapping, predicted: list[Mapping]) -> dict:
    """Document-level relation scores (see the module docstring for the matching rules)."""
    golds = [g for g in (gold_relation(r) for r in gold.get("relations", [])) if g]
    preds = _distinct(predicted)
    candidates: list[list[int]] = []
    for g in golds:
        ok = [
            j for j, p in enumerate(preds)
            if g["value"] == p["value"] and g["unit"] == p["unit"]
            and g["subject_s"] in (p.get("subject_names") or ())
        ]
        ok.sort(key=lambda j: -sum(_attribute_agreement(g, preds[j]).values()))
        candidates.append(ok)
    match = _max_matching(candidates, len(preds))

    def triple(p: Mapping) -> tuple:
        return (p.get("subject_id") or p.get("subject"), p["value"], p["unit"])

    matched = {j for j in match if j is not None}
    correct = {triple(preds[j]) for j in matched}
    spurious: dict[tuple, Mapping] = {}
    for j, p in enumerate(preds):
        if j not in matched and triple(p) not in correct:
            spurious.setdefault(triple(p), p)
    missed = [golds[i] for i, j in enumerate(match) if j is None]
    agreement = {a: 0 for a in ATTRIBUTES}
    for i, j in enumerate(match):
        if j is not None:
            for a, ok in _attribute_agreement(golds[i], preds[j]).items():
                agreement[a] += ok
    tp = len(matched)
    return {
        **prf(tp, len(spurious), len(missed)),
        "attributes": agreement,
        "missed": [_relation_view(g) for g in missed],
        "spurious": [_relation_view(p) for p in spurious.values()],
    }


def _error_causes(
    relations: Mapping, quantities: Mapping, entities: Iterable[tuple[str, str]]
) -> dict[str, dict[str, int]]:
    """How many of a document's missed and spurious relations each cause accounts for
    (module docstring), from its relation and quantity-only scores and its predicted
    (surface, label) entities: a missed relation whose quantity-only twin is missed too is
    in no statement, a spurious one whose twin is spurious too has no gold quantity."""
    found = {simplify(surface) for surface, _ in entities}
    unlinked = Counter((r["value"], r["unit"]) for r in quantities["missed"])
    unknown = {(r["value"], r["unit"]) for r in quantities["spurious"]}
    out = {"missed": dict.fromkeys(MISSED_CAUSES, 0), "spurious": dict.fromkeys(SPURIOUS_CAUSES, 0)}
    for r in relations["missed"]:
        key = (r["value"], r["unit"])
        if simplify(r["subject"]) not in found:
            cause = "subject_not_found"
        elif unlinked[key]:
            cause = "quantity_unlinked"
            unlinked[key] -= 1
        else:
            cause = "other_subject"
        out["missed"][cause] += 1
    for r in relations["spurious"]:
        known = (r["value"], r["unit"]) not in unknown
        out["spurious"]["other_subject" if known else "no_gold_quantity"] += 1
    return out


def score_quantities(gold: Mapping, predicted: list[Mapping]) -> dict:
    """Quantity-only scores: a prediction matches a gold relation when value and unit agree,
    whatever the subject (same bipartite matching and duplicate rules as relations)."""
    golds = [g for g in (gold_relation(r) for r in gold.get("relations", [])) if g]
    preds = _distinct(predicted)
    candidates = [
        [j for j, p in enumerate(preds) if g["value"] == p["value"] and g["unit"] == p["unit"]]
        for g in golds
    ]
    match = _max_matching(candidates, len(preds))
    matched = {j for j in match if j is not None}
    correct = {(preds[j]["value"], preds[j]["unit"]) for j in matched}
    spurious: dict[tuple, Mapping] = {}
    for j, p in enumerate(preds):
        if j not in matched and (p["value"], p["unit"]) not in correct:
            spurious.setdefault((p["value"], p["unit"]), p)
    missed = [golds[i] for i, j in enumerate(match) if j is None]
    return {
        **prf(len(matched), len(spurious), len(missed)),
        "missed": [_relation_view(g) for g in missed],
        "spurious": [_relation_view(p) for p in spurious.values()],
    }


_SOURCE = re.compile(r"^(.+?)-L\d+")


def source_of(doc: str) -> str:
    """The gold source of a document: its file name up to ``-L<line>`` (the corpus it was
    picked from); a name without that suffix is its own source."""
    name = PurePath(doc).name
    m = _SOURCE.match(name)
    return m.group(1) if m else name


def _find_prediction(preds: Mapping[str, dict], doc: str) -> dict | None:
    if doc in preds:
        return preds[doc]
    base = PurePath(doc).name
    for key, value in preds.items():
        if PurePath(key).name == base:
            return value
    return None


def evaluate_predictions(gold_records: Iterable[Mapping], preds: Mapping[str, dict]) -> dict:
    """Scores per document and overall for predictions as given by
    :func:`graph_to_predictions`. A gold document missing from the predictions scores as if
    nothing was predicted for it."""
    documents: dict[str, dict] = {}
    missing: list[str] = []
    for gold in gold_records:
        doc = gold["doc"]
        pred = _find_prediction(preds, doc)
        if pred is None:
            missing.append(doc)
            pred = {"entities": set(), "relations": []}
        relations = score_relations(gold, pred["relations"])
        quantities = score_quantities(gold, pred["relations"])
        relations["causes"] = _error_causes(relations, quantities, pred["entities"])
        documents[doc] = {
            "entities": score_entities(gold, pred["entities"]),
            "relations": relations,
            "quantities": quantities,
        }
    gold_names = {PurePath(d).name for d in documents}
    by_source: dict[str, list[dict]] = defaultdict(list)
    for doc, d in documents.items():
        by_source[source_of(doc)].append(d)
    return {
        "documents": documents,
        "overall": _aggregate(list(documents.values())),
        "sources": {src: _aggregate(ds) for src, ds in sorted(by_source.items())},
        "missing_documents": missing,
        "unscored_documents": sorted(d for d in preds if PurePath(d).name not in gold_names),
    }


def _aggregate(documents: list[dict]) -> dict:
    """Micro-averaged entity (per label too), relation and quantity-only figures over
    ``documents``."""
    labels = sorted({lab for d in documents for lab in d["entities"]["labels"]})
    rel_tp = sum(d["relations"]["tp"] for d in documents)
    attributes = {a: sum(d["relations"]["attributes"][a] for d in documents) for a in ATTRIBUTES}
    return {
        "documents": len(documents),
        "entities": {
            "labels": {
                lab: sum_prf(d["entities"]["labels"].get(lab, prf(0, 0, 0)) for d in documents)
                for lab in labels
            },
            "micro": sum_prf(d["entities"]["micro"] for d in documents),
            "ignored": sum(d["entities"]["ignored"] for d in documents),
            "boilerplate_fp": sum(d["entities"]["boilerplate_fp"] for d in documents),
        },
        "relations": {
            **sum_prf(d["relations"] for d in documents),
            "causes": {
                kind: {c: sum(d["relations"]["causes"][kind][c] for d in documents)
                       for c in causes}
                for kind, causes in (("missed", MISSED_CAUSES), ("spurious", SPURIOUS_CAUSES))
            },
            "attributes": {a: (n / rel_tp if rel_tp else None) for a, n in attributes.items()},
        },
        "quantities": sum_prf(d["quantities"] for d in documents),
    }


def evaluate_graph(gold_path: Path, graph: dict) -> dict:
    """Score ``graph`` (a JSON-LD dict as written by ``zhkg run``) against the gold JSONL."""
    return evaluate_predictions(read_gold(gold_path), graph_to_predictions(graph))

