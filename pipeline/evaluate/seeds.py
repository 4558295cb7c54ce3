"""Scoring a predicted graph against document-level gold (/work/shared/gold/SCHEMA.md).

The evaluator reads the graph, not the pipeline's internals, so it scores exactly what users
get and can score graphs written by an older run. Scoring is per document, on sets:

* entities: predicted (surface, label) pairs from the document's ``zhkg:Mention`` nodes
  against gold ``entities``. A prediction whose surface is an ``optional_entities`` surface
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
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path, PurePath

import srsly

from ..graph import vocab as v
from ..graph.identity import simplify
from ..graph.terms import as_list, literal, ref

LABELS = v.LABELS
ATTRIBUTES = ("predicate", "object", "approx", "place", "time", "evidence")


# -- reading the graph ----------------------------------------------------------------------------
class _Compactor:
    """Maps property keys and type names to our compact IRIs, whatever prefixes a graph uses.

    Our own graphs already use our prefixes; this makes the evaluator accept a graph whose
    context names the same namespaces differently or that uses full IRIs.
    """

    def __init__(self, context: object) -> None:
        self.prefixes: dict[str, str] = {}
        for ctx in context if isinstance(context, list) else [context]:
            if isinstance(ctx, Mapping):
                for key, value in ctx.items():
                    if isinstance(value, str) and not key.startswith("@"):
                        self.prefixes[key] = value
        self.ours = sorted(v.PREFIXES.items(), key=lambda kv: -len(kv[1]))
        self._cache: dict[str, str] = {}

    def __call__(self, term: str) -> str:
        if term.startswith("@"):
            return term
        hit = self._cache.get(term)
        if hit is not None:
            return hit
        iri = term
        prefix, sep, local = term.partition(":")
        if sep and not local.startswith("//") and prefix in self.prefixes:
            iri = self.prefixes[prefix] + local
        out = term
        for name, ns in self.ours:
            if iri.startswith(ns):
                out = f"{name}:{iri[len(ns):]}"
                break
        self._cache[term] = out
        return out


def _graph_nodes(graph: object) -> tuple[list[dict], _Compactor]:
    if isinstance(graph, Mapping):
        compactor = _Compactor(graph.get("@context"))
        raw = graph["@graph"] if "@graph" in graph else [graph]
    else:
        compactor = _Compactor(None)
        raw = graph
    nodes = []
    for node in raw or []:
        if not isinstance(node, Mapping):
            continue
        flat = {compactor(k): val for k, val in node.items() if k != "@context"}
        flat["@type"] = [compactor(t) for t in as_list(node.get("@type"))]
        nodes.append(flat)
    return nodes, compactor


def _decimal(value: object) -> Decimal | None:
    text = literal(value)
    if text is None:
        return None
    try:
        d = Decimal(text.strip())
    except InvalidOperation:
        return None
    return d if d.is_finite() else None


def _int(value: object) -> int | None:
    text = literal(value)
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def graph_to_predictions(graph: dict) -> dict[str, dict]:
    """Per document identifier: ``{"entities": set[(surface, label)], "relations": [dict]}``.

    Each relation dict: ``subject`` (display name), ``subject_names`` (simplified names and
    surfaces of the subject entity), ``value`` (Decimal), ``unit`` (simplified), and the
    secondary attributes ``predicate``, ``object``, ``approx``, ``place`` / ``place_names``,
    ``time``, ``evidence``, ``begin``, ``end``, ``id``.
    Entities come from ``zhkg:Mention`` nodes; a graph without any (written with
    ``mentions=False`` or by another tool) falls back to every name of every entity
    ``zhkg:mentionedIn`` the document, which over-predicts.
    """
    nodes, _ = _graph_nodes(graph)
    by_id = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}
    docs: dict[str, str] = {}  # doc IRI -> identifier
    for node in nodes:
        if v.T_DOCUMENT in node["@type"]:
            ident = literal(node.get(v.P_IDENTIFIER)) or node.get("@id", "")
            docs[node.get("@id", ident)] = ident
    preds: dict[str, dict] = {d: {"entities": set(), "relations": []} for d in docs.values()}

    def doc_of(node: Mapping, prop: str) -> str | None:
        iri = ref(node.get(prop))
        return docs.get(iri) if iri else None

    def names_of(iri: str | None) -> set[str]:
        node = by_id.get(iri or "")
        if node is None:
            return set()
        names = {literal(x) for x in as_list(node.get(v.P_NAME))}
        names |= {literal(x) for x in as_list(node.get(v.P_ALT_NAME))}
        return {simplify(n) for n in names if n}

    surfaces_in_doc: dict[tuple[str, str], set[str]] = defaultdict(set)
    mentions = [n for n in nodes if v.T_MENTION in n["@type"]]
    for node in mentions:
        doc = doc_of(node, v.P_REFERENCE_CONTEXT)
        surface = literal(node.get(v.P_ANCHOR_OF))
        label = literal(node.get(v.P_LABEL))
        if doc is None or not surface or not label:
            continue
        preds[doc]["entities"].add((surface, label))
        entity = ref(node.get(v.P_DENOTES))
        if entity:
            surfaces_in_doc[(doc, entity)].add(simplify(surface))
    if not mentions:
        for node in nodes:
            label = literal(node.get(v.P_LABEL))
            if not label or v.T_MENTION in node["@type"]:
                continue
            names = {literal(x) for x in as_list(node.get(v.P_NAME))}
            names |= {literal(x) for x in as_list(node.get(v.P_ALT_NAME))}
            for mentioned_in in as_list(node.get(v.P_MENTIONED_IN)):
                doc = docs.get(ref(mentioned_in) or "")
                if doc:
                    preds[doc]["entities"].update((n, label) for n in names if n)

    for node in nodes:
        if v.T_STATEMENT not in node["@type"]:
            continue
        doc = doc_of(node, v.P_DERIVED_FROM)
        value = _decimal(node.get(v.P_VALUE))
        subject = ref(node.get(v.P_SUBJECT))
        if doc is None or value is None or subject is None:
            continue
        subject_node = by_id.get(subject, {})
        place = ref(node.get(v.P_LOCATION))
        place_node = by_id.get(place or "", {})
        evidence = by_id.get(ref(node.get(v.P_EVIDENCE)) or "", {})
        preds[doc]["relations"].append(
            {
                "id": node.get("@id"),
                "subject": literal(subject_node.get(v.P_NAME)) or subject,
                "subject_id": subject,
                "subject_names": names_of(subject) | surfaces_in_doc.get((doc, subject), set()),
                "value": value,
                "unit": simplify(literal(node.get(v.P_UNIT)) or ""),
                "predicate": literal(node.get(v.P_PREDICATE)),
                "object": literal(node.get(v.P_OBJECT)),
                "approx": literal(node.get(v.P_APPROX)),
                "place": literal(place_node.get(v.P_NAME)) if place else None,
                "place_names": names_of(place) | surfaces_in_doc.get((doc, place or ""), set()),
                "time": literal(node.get(v.P_TIME)),
                "evidence": literal(evidence.get(v.P_ANCHOR_OF)),
                "begin": _int(evidence.get(v.P_BEGIN)),
                "end": _int(evidence.get(v.P_END)),
            }
        )
    return preds


# -- scoring --------------------------------------------------------------------------------
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


def _sum(counts: Iterable[Mapping]) -> dict:
    tp = fp = fn = 0
    for c in counts:
        tp, fp, fn = tp + c["tp"], fp + c["fp"], fn + c["fn"]
    return prf(tp, fp, fn)


def score_entities(gold: Mapping, predicted: set[tuple[str, str]]) -> dict:
    """Document-level entity scores per label and micro over labels."""
    gold_set = {(e["text"], e["label"]) for e in gold.get("entities", [])}
    optional = {e["text"] for e in gold.get("optional_entities", [])}
    boilerplate = {e["text"] for e in gold.get("boilerplate_entities", [])}
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
        "missed": [list(x) for x in sorted(fn)],
        "spurious": [list(x) for x in sorted(fp)],
    }


def _gold_relation(rel: Mapping) -> dict | None:
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


def score_relations(gold: Mapping, predicted: list[Mapping]) -> dict:
    """Document-level relation scores (see the module docstring for the matching rules)."""
    golds = [g for g in (_gold_relation(r) for r in gold.get("relations", [])) if g]
    preds: list[Mapping] = []
    seen: set = set()
    for p in predicted:
        key = (p.get("subject_id") or p.get("subject"), p["value"], p["unit"],
               p.get("begin"), p.get("end"), p.get("evidence"))
        if key not in seen:
            seen.add(key)
            preds.append(p)
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


def score_quantities(gold: Mapping, predicted: list[Mapping]) -> dict:
    """Quantity-only scores: a prediction matches a gold relation when value and unit agree,
    whatever the subject (same bipartite matching and duplicate rules as relations)."""
    golds = [g for g in (_gold_relation(r) for r in gold.get("relations", [])) if g]
    preds: list[Mapping] = []
    seen: set = set()
    for p in predicted:
        key = (p.get("subject_id") or p.get("subject"), p["value"], p["unit"],
               p.get("begin"), p.get("end"), p.get("evidence"))
        if key not in seen:
            seen.add(key)
            preds.append(p)
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
        documents[doc] = {
            "entities": score_entities(gold, pred["entities"]),
            "relations": score_relations(gold, pred["relations"]),
            "quantities": score_quantities(gold, pred["relations"]),
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
                lab: _sum(d["entities"]["labels"].get(lab, prf(0, 0, 0)) for d in documents)
                for lab in labels
            },
            "micro": _sum(d["entities"]["micro"] for d in documents),
            "ignored": sum(d["entities"]["ignored"] for d in documents),
            "boilerplate_fp": sum(d["entities"]["boilerplate_fp"] for d in documents),
        },
        "relations": {
            **_sum(d["relations"] for d in documents),
            "attributes": {a: (n / rel_tp if rel_tp else None) for a, n in attributes.items()},
        },
        "quantities": _sum(d["quantities"] for d in documents),
    }


def read_gold(gold_path: Path) -> list[dict]:
    return list(srsly.read_jsonl(Path(gold_path)))


def evaluate_graph(gold_path: Path, graph: dict) -> dict:
    """Score ``graph`` (a JSON-LD dict as written by ``zhkg run``) against the gold JSONL."""
    return evaluate_predictions(read_gold(gold_path), graph_to_predictions(graph))


# -- report ---------------------------------------------------------------------------------
def _pct(x: float | None) -> str:
    return "    -" if x is None else f"{100 * x:5.1f}"


def _row(name: str, c: Mapping, width: int) -> str:
    gold, pred = c["tp"] + c["fn"], c["tp"] + c["fp"]
    return (
        f"{name:<{width}} {gold:>5} {pred:>5} {c['tp']:>5} {c['fp']:>5} {c['fn']:>5}  "
        f"{_pct(c['precision'])} {_pct(c['recall'])} {_pct(c['f1'])}"
    )


def _header(first: str, width: int) -> str:
    return (f"{first:<{width}} {'gold':>5} {'pred':>5} {'TP':>5} {'FP':>5} {'FN':>5}  "
            f"{'P':>5} {'R':>5} {'F1':>5}")


def _fmt_rel(r: Mapping) -> str:
    extra = ", ".join(f"{k}={r[k]}" for k in ("predicate", "object", "approx", "place", "time")
                      if r.get(k))
    text = f"{r['subject']} {r['value']}{r['unit'] or ''}"
    text += f" ({extra})" if extra else ""
    return text + (f"  «{r['evidence']}»" if r.get("evidence") else "")


def _summary(scores: dict, width: int) -> list[str]:
    lines = [_header("overall and by source", width)]
    rows = [("overall", scores["overall"])] + list(scores.get("sources", {}).items())
    for kind, title in (("entities", "entities"), ("relations", "relations (subj+value+unit)"),
                        ("quantities", "quantity-only (value+unit)")):
        lines.append(f"-- {title}")
        for name, agg in rows:
            c = agg[kind]["micro"] if kind == "entities" else agg[kind]
            lines.append(_row(f"{name} ({agg['documents']})", c, width))
    lines.append("-- entities by label (overall)")
    for lab, c in scores["overall"]["entities"]["labels"].items():
        lines.append(_row(lab, c, width))
    return lines


def format_report(scores: dict, verbose: bool = False) -> str:
    """A plain-text summary: entity, relation and quantity-only figures overall and per
    source, entities per label. With ``verbose`` also the per-document tables and the missed
    and spurious items of each document."""
    docs = scores["documents"]
    width = max([len(d) for d in docs] + [len(f"{s} (000)") for s in scores.get("sources", {})]
                + [len("overall and by source")]) + 2
    lines = ["SUMMARY (micro; ENTITIES document-level sets, optional surfaces ignored)"]
    lines += _summary(scores, width)
    overall = scores["overall"]
    lines.append(f"ignored (optional): {overall['entities']['ignored']}   "
                 f"boilerplate extracted (FP): {overall['entities']['boilerplate_fp']}")
    agree = "  ".join(f"{a} {_pct(x).strip()}"
                      for a, x in overall["relations"]["attributes"].items())
    lines.append(f"attribute agreement on matched relations (%): {agree}")
    if scores.get("missing_documents"):
        missing = ", ".join(scores["missing_documents"])
        lines.append(f"gold documents missing from the graph: {missing}")
    if not verbose:
        return "\n".join(lines)
    lines += ["", "ENTITIES per document", _header("document / label", width)]
    for doc, s in docs.items():
        e = s["entities"]
        lines.append(_row(doc, e["micro"], width))
        for lab, c in e["labels"].items():
            if c["tp"] + c["fp"] + c["fn"]:
                lines.append(_row(f"  {lab}", c, width))
    lines += ["", "RELATIONS per document (subject + value + unit)", _header("document", width)]
    for doc, s in docs.items():
        lines.append(_row(doc, s["relations"], width))
    lines += ["", "QUANTITY-ONLY per document (value + unit)", _header("document", width)]
    for doc, s in docs.items():
        lines.append(_row(doc, s["quantities"], width))
    for doc, s in docs.items():
        lines += ["", f"== {doc}"]
        lines.append("missed entities:   " + "  ".join(f"{t}/{lab}"
                     for t, lab in s["entities"]["missed"]))
        lines.append("spurious entities: " + "  ".join(f"{t}/{lab}"
                     for t, lab in s["entities"]["spurious"]))
        lines.append("missed relations:")
        lines += [f"  - {_fmt_rel(r)}" for r in s["relations"]["missed"]]
        lines.append("spurious relations:")
        lines += [f"  + {_fmt_rel(r)}" for r in s["relations"]["spurious"]]
        lines.append("quantities in no statement:")
        lines += [f"  - {r['value']}{r['unit'] or ''}  «{r.get('evidence') or ''}»"
                  for r in s["quantities"]["missed"]]
        lines.append("statements with no gold quantity:")
        lines += [f"  + {r['value']}{r['unit'] or ''}  «{r.get('evidence') or ''}»"
                  for r in s["quantities"]["spurious"]]
    return "\n".join(lines)


# -- gold as predictions (self-check) --------------------------------------------------------
def gold_to_results(gold_records: Iterable[Mapping], texts: Mapping[str, str] | None = None
                    ) -> list[dict]:
    """DocResults that say exactly what the gold says: a self-check of graph + evaluator
    (scoring the graph built from them must give F1 1.0). With ``texts`` (doc -> text) mention
    and evidence offsets are looked up; without, offsets are left out."""
    results = []
    for gold in gold_records:
        text = (texts or {}).get(gold["doc"])
        labels = {e["text"]: e["label"] for e in gold.get("optional_entities", [])}
        labels.update({e["text"]: e["label"] for e in gold.get("entities", [])})

        def record(
            surface: str,
            label: str | None = None,
            text: str | None = text,
            labels: Mapping[str, str] = labels,
        ) -> dict:
            rec: dict = {"text": surface, "norm": simplify(surface),
                         "label": label or labels.get(surface, "ORG")}
            start = text.find(surface) if text else -1
            if start >= 0:
                rec["start"], rec["end"] = start, start + len(surface)
            return rec

        statements = []
        for rel in gold.get("relations", []):
            st: dict = {
                "subject": record(rel["subject"]),
                "predicate": rel.get("predicate"),
                "value": str(Decimal(str(rel["value"]))),
                "unit": rel.get("unit"),
                "object": rel.get("object"),
                "approx": rel.get("approx"),
                "place": record(rel["place"], "GPE") if rel.get("place") else None,
                "time": rel.get("time"),
                "evidence": rel.get("evidence") or "",
            }
            start = text.find(st["evidence"]) if text and st["evidence"] else -1
            if start >= 0:
                st["start"], st["end"] = start, start + len(st["evidence"])
            statements.append(st)
        results.append({
            "id": gold["doc"],
            "script": gold.get("script", "simplified"),
            "entities": [record(e["text"], e["label"]) for e in gold.get("entities", [])],
            "statements": statements,
        })
    return results
