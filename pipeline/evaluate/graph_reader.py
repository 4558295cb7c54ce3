"""Reading a predicted JSON-LD graph into per-document predictions for scoring.

The evaluator reads the graph, not the pipeline's internals, so it scores exactly what users
get and can score graphs written by an older run or by another tool: property keys and type
names are mapped to our compact IRIs whatever prefixes the graph's context uses.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from ..graph import vocab as v
from ..graph.identity import simplify
from ..graph.terms import as_list, literal, ref
from ..script.invisible import visible_form


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
        # the name as read: a mention cut by a hard wrap or a zero-width space keeps the
        # input in its anchor (中国移动贵\n州公司), and is the name without them
        surface = visible_form(literal(node.get(v.P_ANCHOR_OF)) or "")
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

