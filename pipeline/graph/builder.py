"""Incremental graph building from :class:`~pipeline.result.DocResult` records.

The builder keeps only graph nodes, never document text: entities are merged as they arrive
(one record per distinct entity holding its name sets), so memory grows with the number of
distinct entities plus the statements and mention nodes that the output must hold anyway, and
each ``add`` costs time linear in the size of the result. Output order never depends on the
order of ``add`` calls for entities (names, documents and areas are kept in sets and chosen
by sorting), and every list in the output is sorted, so the same input gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from ..result import DocResult, EntityRecord, StatementRecord
from . import identity as ident
from . import vocab as v

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$")


@dataclass
class _Entity:
    """What the graph knows about one entity; merged over all its mentions."""

    label: str
    names: set[str] = field(default_factory=set)  # canonical / official names (simplified)
    surfaces: set[str] = field(default_factory=set)  # forms as written
    fallbacks: set[str] = field(default_factory=set)  # simplified surfaces, if no name is known
    docs: set[str] = field(default_factory=set)  # IRIs of documents mentioning it
    code: str | None = None
    parents: set[str] = field(default_factory=set)  # IRIs of containing areas

    def name(self) -> str:
        """The smallest canonical name: order-independent when sources disagree."""
        return min(self.names or self.fallbacks or self.surfaces, default="")


@dataclass
class _Mention:
    surface: str
    label: str
    doc: str
    entity: str
    begin: int | None
    end: int | None


def decimal_literal(value: object) -> dict[str, str] | None:
    """``value`` as an ``xsd:decimal`` literal in canonical lexical form, or ``None``.

    xsd:decimal allows no exponent and the canonical form has no trailing zeros, so
    ``"8.69E+6"`` and ``"8690000.00"`` both become ``"8690000"``.
    """
    if value is None or isinstance(value, bool):
        return None
    try:
        d = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    if not d.is_finite():
        return None
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return {"@value": text, "@type": v.D_DECIMAL}


def _index(n: int) -> dict[str, str]:
    return {"@value": str(int(n)), "@type": v.D_NON_NEGATIVE_INTEGER}


def _date_literal(date: str) -> dict[str, str] | str:
    if _ISO_DATE.match(date):
        return {"@value": date, "@type": v.D_DATE}
    if _ISO_DATETIME.match(date):
        return {"@value": date, "@type": v.D_DATETIME}
    return date


def _ref(iri: str) -> dict[str, str]:
    return {"@id": iri}


def _offset(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


class GraphBuilder:
    """Accumulates DocResults into one JSON-LD graph (contract: GRAPH.md + docs/graph.md)."""

    def __init__(self, base_iri: str | None = v.DEFAULT_BASE_IRI, mentions: bool = True) -> None:
        """``mentions=False`` leaves out the per-document ``zhkg:Mention`` nodes (smaller
        graphs for stores that do not need evaluation)."""
        self.base = ident.normalise_base(base_iri)
        self.with_mentions = mentions
        self._docs: dict[str, dict] = {}
        self._entities: dict[str, _Entity] = {}
        self._mentions: dict[tuple[str, str, str], _Mention] = {}
        self._evidence: dict[str, dict] = {}
        self._statements: dict[str, dict] = {}
        self.skipped_statements = 0  # statements without subject or with an unusable value

    # -- input --------------------------------------------------------------------------------
    def add(self, result: DocResult) -> None:
        """Merge one document's result into the graph."""
        doc_id = str(result.get("id") or result.get("source") or "")
        doc = ident.document_iri(self.base, doc_id)
        self._add_document(doc, doc_id, result)
        for record in result.get("entities") or []:
            entity = self._add_entity(record, doc)
            if entity and self.with_mentions:
                self._add_mention(record, doc, entity)
        for statement in result.get("statements") or []:
            self._add_statement(statement, doc, doc_id)

    def _add_document(self, iri: str, doc_id: str, result: DocResult) -> None:
        node = self._docs.setdefault(
            iri, {"@id": iri, "@type": v.T_DOCUMENT, v.P_IDENTIFIER: doc_id}
        )
        # a document seen twice (same id) keeps the first value of each field
        title = (result.get("title") or "").strip()
        if title and v.P_HEADLINE not in node:
            node[v.P_HEADLINE] = title
        date = (result.get("date") or "").strip()
        if date and v.P_DATE_PUBLISHED not in node:
            node[v.P_DATE_PUBLISHED] = _date_literal(date)
        if v.P_IN_LANGUAGE not in node:
            traditional = result.get("script") == "traditional"
            node[v.P_IN_LANGUAGE] = v.LANG_TRADITIONAL if traditional else v.LANG_SIMPLIFIED

    def _area(self, code: str, name: str | None) -> tuple[str, _Entity]:
        iri = ident.place_iri(self.base, code)
        area = self._entities.get(iri)
        if area is None:
            area = self._entities[iri] = _Entity(label="GPE", code=code)
        if name:
            area.names.add(ident.simplify(name))
        return iri, area

    def _add_entity(self, record: Mapping, doc: str | None) -> str | None:
        """Register an entity record; return its IRI (``None`` for a record without text)."""
        surface = (record.get("text") or record.get("norm") or "").strip()
        label = str(record.get("label") or "")
        if not surface or not label:
            return None
        code = ident.record_code(record)
        if code:
            iri, entity = self._area(code, record.get("canonical"))
            if not record.get("canonical"):
                # no official name given: fall back to the written form, simplified
                entity.fallbacks.add(ident.simplify(surface))
            child = entity
            for parent in record.get("parents") or []:
                p_code = parent.get("code")
                if not p_code:
                    break
                p_iri, p_area = self._area(str(p_code), parent.get("name"))
                if p_iri == ident.place_iri(self.base, child.code or ""):
                    break  # a self-loop in the gazetteer chain: stop rather than cycle
                child.parents.add(p_iri)
                child = p_area
        else:
            canonical = ident.record_canonical(record)
            iri = ident.entity_iri(self.base, label, canonical)
            entity = self._entities.get(iri)
            if entity is None:
                entity = self._entities[iri] = _Entity(label=label)
            entity.names.add(canonical)
        entity.surfaces.add(surface)
        if doc:
            entity.docs.add(doc)
        return iri

    def _add_mention(self, record: EntityRecord, doc: str, entity: str) -> None:
        surface = record.get("text") or record.get("norm") or ""
        label = record.get("label") or ""
        key = (doc, surface, label)
        begin, end = _offset(record.get("start")), _offset(record.get("end"))
        old = self._mentions.get(key)
        if old is None or (begin is not None and (old.begin is None or begin < old.begin)):
            self._mentions[key] = _Mention(surface, label, doc, entity, begin, end)

    def _add_statement(self, st: StatementRecord, doc: str, doc_id: str) -> None:
        subject_record = st.get("subject")
        value = decimal_literal(st.get("value"))
        subject = self._add_entity(subject_record, doc) if subject_record else None
        if subject is None or value is None:
            self.skipped_statements += 1
            return
        unit = ident.simplify(st.get("unit") or "") or None
        obj = ident.simplify(st.get("object") or "") or None
        begin, end = _offset(st.get("start")), _offset(st.get("end"))
        predicate = ident.simplify(st.get("predicate") or "")
        evidence = st.get("evidence") or ""
        iri = ident.statement_iri(
            self.base, doc_id, begin, end, subject, value["@value"], unit, obj,
            predicate, evidence,
        )
        if iri in self._statements:
            return  # the same statement twice: first one wins
        node: dict = {
            "@id": iri,
            "@type": v.T_STATEMENT,
            v.P_SUBJECT: _ref(subject),
            v.P_VALUE: value,
            v.P_DERIVED_FROM: _ref(doc),
        }
        if predicate:
            node[v.P_PREDICATE] = predicate
        if unit:
            node[v.P_UNIT] = unit
        if st.get("currency"):
            node[v.P_CURRENCY] = st["currency"]
        if obj:
            node[v.P_OBJECT] = obj
        if st.get("approx") in v.APPROXIMATIONS:
            node[v.P_APPROX] = st["approx"]
        for key, prop in (("min_value", v.P_MIN_VALUE), ("max_value", v.P_MAX_VALUE)):
            bound = decimal_literal(st.get(key))
            if bound is not None:
                node[prop] = bound
        place = st.get("place")
        place_iri = self._add_entity(place, doc) if place else None
        if place_iri:
            node[v.P_LOCATION] = _ref(place_iri)
        if st.get("time"):
            node[v.P_TIME] = st["time"]
        if evidence:
            node[v.P_EVIDENCE] = _ref(self._add_evidence(doc, evidence, begin, end))
        self._statements[iri] = node

    def _add_evidence(self, doc: str, text: str, begin: int | None, end: int | None) -> str:
        if begin is not None and end is not None:
            iri = ident.evidence_iri(doc, begin, end)
        else:
            iri = f"{doc}#evidence-{ident.digest(text)}"
        if iri not in self._evidence:
            node = {
                "@id": iri,
                "@type": v.T_EVIDENCE,
                v.P_ANCHOR_OF: text,
                v.P_REFERENCE_CONTEXT: _ref(doc),
            }
            if begin is not None and end is not None:
                node[v.P_BEGIN] = _index(begin)
                node[v.P_END] = _index(end)
            self._evidence[iri] = node
        return iri

    # -- output -------------------------------------------------------------------------------
    def stats(self) -> dict[str, int]:
        """Node counts, for run reports."""
        return {
            "documents": len(self._docs),
            "entities": len(self._entities),
            "mentions": len(self._mentions),
            "statements": len(self._statements),
            "skipped_statements": self.skipped_statements,
        }

    def _entity_node(self, iri: str, e: _Entity) -> dict:
        name = e.name()
        node: dict = {
            "@id": iri,
            "@type": v.LABEL_TYPES.get(e.label, v.T_THING),
            v.P_LABEL: e.label,
            v.P_NAME: name,
        }
        alternates = sorted((e.surfaces | e.names) - {name})
        if alternates:
            node[v.P_ALT_NAME] = alternates
        if e.docs:
            node[v.P_MENTIONED_IN] = [_ref(d) for d in sorted(e.docs)]
        if e.code:
            node[v.P_IDENTIFIER] = e.code
        if e.parents:
            parents = [_ref(p) for p in sorted(e.parents)]
            node[v.P_CONTAINED_IN] = parents[0] if len(parents) == 1 else parents
        return node

    def _mention_node(self, m: _Mention) -> dict:
        node: dict = {
            "@id": ident.mention_iri(m.doc, m.surface, m.label),
            "@type": v.T_MENTION,
            v.P_ANCHOR_OF: m.surface,
            v.P_LABEL: m.label,
            v.P_REFERENCE_CONTEXT: _ref(m.doc),
            v.P_DENOTES: _ref(m.entity),
        }
        if m.begin is not None and m.end is not None:
            node[v.P_BEGIN] = _index(m.begin)
            node[v.P_END] = _index(m.end)
        return node

    def nodes(self) -> list[dict]:
        """All nodes, sorted by ``@id`` (fresh dicts: callers may mutate them)."""
        out: list[dict] = [dict(n) for n in self._docs.values()]
        out.extend(self._entity_node(iri, e) for iri, e in self._entities.items())
        out.extend(self._mention_node(m) for m in self._mentions.values())
        out.extend(dict(n) for n in self._evidence.values())
        out.extend(dict(n) for n in self._statements.values())
        out.sort(key=lambda n: n["@id"])
        return out

    def to_jsonld(self) -> dict:
        """The whole graph as a JSON-LD document with an inline context."""
        return {"@context": v.context(), "@graph": self.nodes()}


def build_graph(results: list[DocResult], base_iri: str | None = None) -> dict:
    """Convenience: a graph from a list of results in one call."""
    builder = GraphBuilder(base_iri=base_iri)
    for result in results:
        builder.add(result)
    return builder.to_jsonld()
