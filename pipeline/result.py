"""The plain-data result of processing one document.

Components work on spaCy ``Doc`` objects; everything after the NLP stages (graph building,
caching, multiprocessing, evaluation) works on these JSON-serialisable dicts instead, so that
results can be cached with srsly, shipped between processes and merged without spaCy.
Values are strings for decimals (``"8690000"``) so that no precision is lost in JSON.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span


class EntityRecord(TypedDict, total=False):
    text: str  # surface form exactly as in the original text
    norm: str  # simplified-script form
    canonical: str  # canonical simplified name (legal suffixes, short forms resolved)
    label: str  # ORG | PERSON | GPE | LOC
    start: int  # character offsets into the original input text
    end: int
    code: str | None  # GB/T 2260 code for linked administrative areas
    parents: list[dict]  # [{"name": ..., "code": ...}] nearest parent first


class StatementRecord(TypedDict, total=False):
    subject: EntityRecord
    predicate: str  # simplified
    value: str  # Decimal as string, fully normalised
    unit: str  # simplified unit / measure word
    currency: str | None  # "CNY" for money
    object: str | None  # simplified head phrase of what is counted
    approx: str | None  # more_than | about | at_least | up_to
    min_value: str | None
    max_value: str | None
    place: EntityRecord | None
    time: str | None  # time expression as written
    evidence: str  # exact substring of the original text
    start: int  # evidence offsets into the original text
    end: int


class DocResult(TypedDict, total=False):
    id: str  # input file name (or JSONL id)
    source: str  # path the document came from
    script: str  # "traditional" | "simplified"
    title: str | None
    date: str | None  # ISO date when found
    n_chars: int
    entities: list[EntityRecord]  # one per mention
    statements: list[StatementRecord]


class DocError(TypedDict):
    id: str
    source: str
    reason: str


def doc_to_result(doc, doc_id: str, source: str) -> DocResult:  # spacy Doc
    """Flatten a processed ``Doc`` into a :class:`DocResult`."""
    return {"id": doc_id, "source": source, **text_result(doc)}


def text_result(doc) -> DocResult:  # spacy Doc
    """The part of a result that depends on the text alone: what workers send back and the
    cache keeps (the same text under another file name gives the same result)."""
    from .extensions import original_text

    title = doc._.title
    return {
        "script": doc._.script or "simplified",
        "title": original_text(doc)[title[0] : title[1]].strip() if title else None,
        "date": doc._.date,
        "n_chars": len(original_text(doc)),
        "entities": [entity_record(doc, e.start_char, e.end_char, e.label_, e) for e in doc.ents],
        "statements": list(doc._.statements or []),
    }


def entity_record(
    doc: Doc, start: int, end: int, label: str, span: Span | None = None
) -> EntityRecord:
    """One entity mention as plain data: surface, simplified form, label, offsets, for a
    linked place its code and parents, and the canonical name the NLP stages gave (a linked
    place's official name; for a short name the text defines, its full name's)."""
    from .extensions import original_text

    simplified = doc._.simplified or original_text(doc)
    rec: EntityRecord = {
        "text": original_text(doc)[start:end],
        "norm": simplified[start:end],
        "label": label,
        "start": start,
        "end": end,
    }
    if span is None:
        return rec
    ext = span._  # read once: each ``span._`` makes a new accessor object
    if ext.code:
        rec["code"] = ext.code
        rec["parents"] = ext.parents or []
    if ext.canonical:
        rec["canonical"] = ext.canonical
    return rec
