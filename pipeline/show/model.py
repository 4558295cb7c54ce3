"""The graph read into the plain records the page needs, through the vocabulary constants.

The page works from the JSON-LD file alone (no store, no RDF library): documents, entities,
mentions and statements are picked out by ``@type`` and joined by ``@id``, the same way the
evaluator reads the graph.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..graph import vocab as v
from ..graph.terms import as_list, literal, ref


@dataclass
class Entity:
    iri: str
    name: str
    label: str
    names: list[str]  # name first, then the alternate names
    parent: str | None = None  # IRI of the containing area


@dataclass
class Span:
    """A character range of a document tied to an entity (mentions) or a statement."""

    begin: int
    end: int
    text: str
    entity: str  # entity IRI (for a statement: its subject)
    label: str


@dataclass
class Statement:
    iri: str
    document: str  # document IRI
    subject: str  # entity IRI
    value: str
    unit: str = ""
    predicate: str = ""
    object: str = ""
    currency: str = ""
    approximation: str = ""
    place: str | None = None  # entity IRI
    time: str = ""
    evidence: Span | None = None


@dataclass
class Document:
    iri: str
    identifier: str
    headline: str = ""
    language: str = ""
    mentions: list[Span] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)


@dataclass
class GraphView:
    documents: dict[str, Document]  # by IRI, in identifier order
    entities: dict[str, Entity]


def _text(value: object) -> str:
    return literal(value) or ""


def _offsets(node: dict) -> tuple[int, int] | None:
    begin, end = _text(node.get(v.P_BEGIN)), _text(node.get(v.P_END))
    return (int(begin), int(end)) if begin.isdigit() and end.isdigit() else None


def _span(node: dict | None, entity: str, label: str) -> Span | None:
    if node is None:
        return None
    offsets = _offsets(node) or (-1, -1)
    return Span(offsets[0], offsets[1], _text(node.get(v.P_ANCHOR_OF)), entity, label)


def read_view(graph: dict) -> GraphView:
    """Documents with their mentions and statements, and every entity, from ``graph``."""
    nodes = {n["@id"]: n for n in graph["@graph"]}
    entity_types = set(v.LABEL_TYPES.values()) | {v.T_THING}
    docs: dict[str, Document] = {}
    entities: dict[str, Entity] = {}
    for iri, n in nodes.items():
        types = set(as_list(n.get("@type")))
        if v.T_DOCUMENT in types:
            docs[iri] = Document(iri, _text(n.get(v.P_IDENTIFIER)) or iri,
                                 _text(n.get(v.P_HEADLINE)), _text(n.get(v.P_IN_LANGUAGE)))
        elif types & entity_types:
            name = _text(n.get(v.P_NAME))
            alternates = [_text(a) for a in as_list(n.get(v.P_ALT_NAME))]
            entities[iri] = Entity(iri, name, _text(n.get(v.P_LABEL)), [name, *alternates],
                                   ref(n.get(v.P_CONTAINED_IN)))
    for iri, n in nodes.items():
        types = set(as_list(n.get("@type")))
        doc = docs.get(ref(n.get(v.P_REFERENCE_CONTEXT)) or ref(n.get(v.P_DERIVED_FROM)))
        if doc is None:
            continue
        if v.T_MENTION in types:
            entity = ref(n.get(v.P_DENOTES)) or ""
            span = _span(n, entity, _text(n.get(v.P_LABEL)))
            if span is not None and span.begin >= 0:
                doc.mentions.append(span)
        elif v.T_STATEMENT in types:
            subject = ref(n.get(v.P_SUBJECT)) or ""
            label = entities[subject].label if subject in entities else ""
            doc.statements.append(Statement(
                iri=iri, document=doc.iri, subject=subject, value=_text(n.get(v.P_VALUE)),
                unit=_text(n.get(v.P_UNIT)), predicate=_text(n.get(v.P_PREDICATE)),
                object=_text(n.get(v.P_OBJECT)), currency=_text(n.get(v.P_CURRENCY)),
                approximation=_text(n.get(v.P_APPROX)), place=ref(n.get(v.P_LOCATION)),
                time=_text(n.get(v.P_TIME)),
                evidence=_span(nodes.get(ref(n.get(v.P_EVIDENCE)) or ""), subject, label),
            ))
    for doc in docs.values():
        doc.mentions.sort(key=lambda s: (s.begin, s.end))
        doc.statements.sort(key=lambda s: (s.evidence.begin if s.evidence else -1, s.iri))
    ordered = dict(sorted(docs.items(), key=lambda item: item[1].identifier))
    return GraphView(ordered, entities)
