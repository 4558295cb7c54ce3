"""Graph building from :class:`~pipeline.result.DocResult` records, one document at a time.

The graph is assembled document by document, in document-IRI order: each document's own
nodes (the document, its mentions, evidence and statements) depend only on its results and
are emitted as soon as it is done, while entities, which merge over all documents, stay in an
:class:`EntityTable` (one record per distinct entity, plus 4 bytes per entity-document pair)
and are emitted last. So memory grows with the number of distinct entities, not with the
corpus, and a caller that streams documents in (``pipeline.scale.spool``) can stream the graph
out. Output order never depends on the order results arrive in (documents are sorted by IRI,
names, documents and areas are kept in sets and chosen by sorting), and every list in the
output is sorted, so the same input gives the same bytes.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from ..result import DocResult, EntityRecord, StatementRecord
from ..script.invisible import visible_form
from . import identity as ident
from . import vocab as v

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$")


@dataclass(slots=True)
class _Entity:
    """What the graph knows about one entity; merged over all its mentions."""

    label: str
    names: set[str] = field(default_factory=set)  # canonical / official names (simplified)
    surfaces: set[str] = field(default_factory=set)  # forms as written
    fallbacks: set[str] = field(default_factory=set)  # simplified surfaces, if no name is known
    docs: array = field(default_factory=lambda: array("I"))  # ordinals of documents, ascending
    code: str | None = None
    parents: set[str] = field(default_factory=set)  # IRIs of containing areas

    def name(self) -> str:
        """The smallest canonical name: order-independent when sources disagree."""
        return min(self.names or self.fallbacks or self.surfaces, default="")


@dataclass(slots=True)
class _Mention:
    surface: str
    label: str
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


class EntityTable:
    """Entities merged over every document; their nodes are complete only at the end.

    Documents must be started in ascending IRI order: each entity then records the ordinals
    of the documents mentioning it in ascending order, with no set and no IRI per pair.
    """

    def __init__(self, base: str) -> None:
        self.base = base
        self._entities: dict[str, _Entity] = {}
        self._doc_iris: list[str] = []

    def __len__(self) -> int:
        return len(self._entities)

    def start_document(self, iri: str) -> int:
        """Register the next document (IRIs ascending); return its ordinal."""
        if self._doc_iris and iri <= self._doc_iris[-1]:
            raise ValueError(f"documents out of order: {iri} after {self._doc_iris[-1]}")
        self._doc_iris.append(iri)
        return len(self._doc_iris) - 1

    def _area(self, code: str, name: str | None) -> tuple[str, _Entity]:
        iri = ident.place_iri(self.base, code)
        area = self._entities.get(iri)
        if area is None:
            area = self._entities[iri] = _Entity(label="GPE", code=code)
        if name:
            area.names.add(ident.simplify(name))
        return iri, area

    def add(self, record: Mapping, doc: int) -> str | None:
        """Register an entity record seen in document ``doc`` (an ordinal); return its IRI
        (``None`` for a record without text or label, or whose name names no one)."""
        # the name as read: one cut by a hard wrap or a zero-width space (中国移动贵\n州公司)
        # is the name without them; its mention keeps the input as its anchor
        surface = visible_form(record.get("text") or record.get("norm") or "").strip()
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
            canonical = ident.record_canonical({**record, "text": surface})
            if not ident.names_someone(label, canonical):
                return None  # 陳 of 陳小姐: a surname alone names no one
            iri = ident.entity_iri(self.base, label, canonical)
            entity = self._entities.get(iri)
            if entity is None:
                entity = self._entities[iri] = _Entity(label=label)
            entity.names.add(canonical)
        entity.surfaces.add(surface)
        if not entity.docs or entity.docs[-1] != doc:
            entity.docs.append(doc)
        return iri

    def _node(self, iri: str, e: _Entity) -> dict:
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
            node[v.P_MENTIONED_IN] = [_ref(self._doc_iris[d]) for d in e.docs]
        if e.code:
            node[v.P_IDENTIFIER] = e.code
        if e.parents:
            parents = [_ref(p) for p in sorted(e.parents)]
            node[v.P_CONTAINED_IN] = parents[0] if len(parents) == 1 else parents
        return node

    def nodes(self) -> Iterator[dict]:
        """Every entity node, sorted by ``@id``."""
        for iri in sorted(self._entities):
            yield self._node(iri, self._entities[iri])


class DocumentNodes:
    """The nodes that belong to one document: itself, its mentions, evidence and statements.

    Results sharing a document id (the same file name in two folders) merge into one
    document: the first headline and date win, a mention keeps its earliest offsets, and a
    statement or evidence seen twice is kept once.
    """

    def __init__(self, doc_id: str, entities: EntityTable, mentions: bool = True) -> None:
        self.doc_id = doc_id
        self.iri = ident.document_iri(entities.base, doc_id)
        self.entities = entities
        self.ordinal = entities.start_document(self.iri)
        self.with_mentions = mentions
        self.node: dict = {"@id": self.iri, "@type": v.T_DOCUMENT, v.P_IDENTIFIER: doc_id}
        self._mentions: dict[tuple[str, str], _Mention] = {}
        self._evidence: dict[str, dict] = {}
        self._statements: dict[str, dict] = {}
        self.skipped_statements = 0  # statements without subject or with an unusable value

    def add(self, result: DocResult) -> None:
        """Merge one result for this document."""
        self._add_fields(result)
        for record in result.get("entities") or []:
            entity = self.entities.add(record, self.ordinal)
            if entity and self.with_mentions:
                self._add_mention(record, entity)
        for statement in result.get("statements") or []:
            self._add_statement(statement)

    def _add_fields(self, result: DocResult) -> None:
        node = self.node
        title = (result.get("title") or "").strip()
        if title and v.P_HEADLINE not in node:
            node[v.P_HEADLINE] = title
        date = (result.get("date") or "").strip()
        if date and v.P_DATE_PUBLISHED not in node:
            node[v.P_DATE_PUBLISHED] = _date_literal(date)
        if v.P_IN_LANGUAGE not in node:
            traditional = result.get("script") == "traditional"
            node[v.P_IN_LANGUAGE] = v.LANG_TRADITIONAL if traditional else v.LANG_SIMPLIFIED

    def _add_mention(self, record: EntityRecord, entity: str) -> None:
        surface = record.get("text") or record.get("norm") or ""
        label = record.get("label") or ""
        key = (surface, label)
        begin, end = _offset(record.get("start")), _offset(record.get("end"))
        old = self._mentions.get(key)
        if old is None or (begin is not None and (old.begin is None or begin < old.begin)):
            self._mentions[key] = _Mention(surface, label, entity, begin, end)

    def _add_statement(self, st: StatementRecord) -> None:
        subject_record = st.get("subject")
        value = decimal_literal(st.get("value"))
        subject = self.entities.add(subject_record, self.ordinal) if subject_record else None
        if subject is None or value is None:
            self.skipped_statements += 1
            return
        unit = ident.simplify(st.get("unit") or "") or None
        obj = ident.simplify(st.get("object") or "") or None
        begin, end = _offset(st.get("start")), _offset(st.get("end"))
        predicate = ident.simplify(st.get("predicate") or "")
        evidence = st.get("evidence") or ""
        iri = ident.statement_iri(
            self.entities.base, self.doc_id, begin, end, subject, value["@value"], unit, obj,
            predicate, evidence,
        )
        if iri in self._statements:
            return  # the same statement twice: first one wins
        node: dict = {
            "@id": iri,
            "@type": v.T_STATEMENT,
            v.P_SUBJECT: _ref(subject),
            v.P_VALUE: value,
            v.P_DERIVED_FROM: _ref(self.iri),
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
        place_iri = self.entities.add(place, self.ordinal) if place else None
        if place_iri:
            node[v.P_LOCATION] = _ref(place_iri)
        if st.get("time"):
            node[v.P_TIME] = st["time"]
        if evidence:
            node[v.P_EVIDENCE] = _ref(self._add_evidence(evidence, begin, end))
        self._statements[iri] = node

    def _add_evidence(self, text: str, begin: int | None, end: int | None) -> str:
        if begin is not None and end is not None:
            iri = ident.evidence_iri(self.iri, begin, end)
        else:
            iri = f"{self.iri}#evidence-{ident.digest(text)}"
        if iri not in self._evidence:
            node = {
                "@id": iri,
                "@type": v.T_EVIDENCE,
                v.P_ANCHOR_OF: text,
                v.P_REFERENCE_CONTEXT: _ref(self.iri),
            }
            if begin is not None and end is not None:
                node[v.P_BEGIN] = _index(begin)
                node[v.P_END] = _index(end)
            self._evidence[iri] = node
        return iri

    def _mention_node(self, m: _Mention) -> dict:
        node: dict = {
            "@id": ident.mention_iri(self.iri, m.surface, m.label),
            "@type": v.T_MENTION,
            v.P_ANCHOR_OF: m.surface,
            v.P_LABEL: m.label,
            v.P_REFERENCE_CONTEXT: _ref(self.iri),
            v.P_DENOTES: _ref(m.entity),
        }
        if m.begin is not None and m.end is not None:
            node[v.P_BEGIN] = _index(m.begin)
            node[v.P_END] = _index(m.end)
        return node

    def counts(self) -> dict[str, int]:
        """This document's node counts, for :meth:`GraphAssembler.document`."""
        return {
            "mentions": len(self._mentions),
            "statements": len(self._statements),
            "skipped_statements": self.skipped_statements,
        }

    def nodes(self) -> list[dict]:
        """The document's nodes sorted by ``@id`` (the document node sorts first)."""
        out: list[dict] = [self.node]
        out.extend(self._mention_node(m) for m in self._mentions.values())
        out.extend(self._evidence.values())
        out.extend(self._statements.values())
        out.sort(key=lambda n: n["@id"])
        return out


class GraphAssembler:
    """Turns documents, given in IRI order, into graph nodes and keeps the counts."""

    def __init__(self, base_iri: str | None = v.DEFAULT_BASE_IRI, mentions: bool = True) -> None:
        """``mentions=False`` leaves out the per-document ``zhkg:Mention`` nodes (smaller
        graphs for stores that do not need evaluation)."""
        self.entities = EntityTable(ident.normalise_base(base_iri))
        self.with_mentions = mentions
        self.counts = dict.fromkeys(
            ("documents", "entities", "mentions", "statements", "skipped_statements"), 0
        )

    def document(self, results: Iterable[DocResult]) -> list[dict]:
        """The nodes of one document from its results (all with the same id)."""
        doc: DocumentNodes | None = None
        for result in results:
            if doc is None:
                doc = DocumentNodes(document_id(result), self.entities, self.with_mentions)
            doc.add(result)
        if doc is None:
            return []
        self.counts["documents"] += 1
        for name, n in doc.counts().items():
            self.counts[name] += n
        return doc.nodes()

    def entity_nodes(self) -> Iterator[dict]:
        """Every entity node; call once, after the last document."""
        self.counts["entities"] = len(self.entities)
        return self.entities.nodes()


def document_id(result: DocResult) -> str:
    """The id that names a result's document node (its file name or JSONL id)."""
    return str(result.get("id") or result.get("source") or "")


class GraphBuilder:
    """Collects DocResults in memory into one JSON-LD graph (contract: GRAPH.md +
    docs/graph.md); ``pipeline.scale.spool`` does the same from disk for large corpora."""

    def __init__(self, base_iri: str | None = v.DEFAULT_BASE_IRI, mentions: bool = True) -> None:
        self.base_iri = base_iri
        self.with_mentions = mentions
        self._results: dict[str, list[DocResult]] = {}

    def add(self, result: DocResult) -> None:
        """Add one document's result (results with the same id merge into one document)."""
        iri = ident.document_iri(ident.normalise_base(self.base_iri), document_id(result))
        self._results.setdefault(iri, []).append(result)

    def _assemble(self) -> tuple[list[dict], GraphAssembler]:
        assembler = GraphAssembler(self.base_iri, self.with_mentions)
        nodes = [n for iri in sorted(self._results) for n in assembler.document(self._results[iri])]
        nodes.extend(assembler.entity_nodes())
        return nodes, assembler

    def stats(self) -> dict[str, int]:
        """Node counts, for run reports."""
        return self._assemble()[1].counts

    def nodes(self) -> list[dict]:
        """All nodes in graph order (see docs/graph.md); fresh dicts, callers may mutate them."""
        return self._assemble()[0]

    def to_jsonld(self) -> dict:
        """The whole graph as a JSON-LD document with an inline context."""
        return {"@context": v.context(), "@graph": self.nodes()}


def build_graph(results: list[DocResult], base_iri: str | None = None) -> dict:
    """Convenience: a graph from a list of results in one call."""
    builder = GraphBuilder(base_iri=base_iri)
    for result in results:
        builder.add(result)
    return builder.to_jsonld()
