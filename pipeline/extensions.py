"""Every custom ``Doc``/``Span`` attribute zhkg uses, registered in one place.

Components import :func:`register` (idempotent) so that a pipeline assembled from any config
finds the attributes it needs, and readers of the code find them all here.

Doc attributes
- ``simplified`` (str): the text in simplified script, same length as ``doc.text`` so that
  offsets carry over (set by the tokenizer/script stage).
- ``script`` (str): ``"traditional"`` or ``"simplified"``.
- ``content_ranges`` (list[tuple[int, int]] | None): character ranges of the main content
  (title + body); everything else is boilerplate. ``None`` means the whole text.
- ``title`` (tuple[int, int] | None) and ``date`` (str | None): found by the boilerplate stage.
- ``statements`` (list): quantity statements found by the relation stage.
- ``error`` (str | None): why a component failed on this document, set by the error handler
  of ``pipeline.load()`` (:func:`pipeline.language.keep_going`); the document's annotation
  is then incomplete.

Span attributes
- ``quantity``: a :class:`pipeline.quantities.parser.Quantity`, on ``doc.spans["quantities"]``.
- ``time``: a :class:`pipeline.quantities.times.TimeExpr` on spans in ``doc.spans["times"]``.
- ``code`` / ``parents``: GB/T 2260 code and parent chain of linked GPE entities.
- ``canonical``: the canonical simplified name of an entity: a linked place's gazetteer name,
  an unlinked one-character place's full name where its document gives one (美 → 美国).
- ``in_word`` (bool): a one-character place that the segmenter had joined with the
  characters around it into one word (台 of 台商, 京 of 京郊, 奥 of 奥运会; not 港 of 全港, the
  whole place: ``whole_place_words`` of ``entity_rules.json``), or that follows a
  verb of going (来京, 赴美: ``motion_verbs`` of ``entity_rules.json``), set by the NER stage
  before it splits the tokens at the entity's edges.
"""

from __future__ import annotations

from bisect import bisect_right
from operator import itemgetter

from spacy.tokens import Doc, Span

_DOC_ATTRS: dict[str, object] = {
    "simplified": None,
    "script": None,
    "content_ranges": None,
    "title": None,
    "date": None,
    "statements": None,
    "error": None,
}
_SPAN_ATTRS: dict[str, object] = {
    "quantity": None,
    "time": None,
    "code": None,
    "parents": None,
    "canonical": None,
    "in_word": False,
}


def register() -> None:
    """Register all zhkg extensions (safe to call many times)."""
    for name, default in _DOC_ATTRS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in _SPAN_ATTRS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


def in_ranges(ranges: list[tuple[int, int]] | None, start: int, end: int) -> bool:
    """True when ``[start, end)`` lies inside one of ``ranges`` (a document's
    ``doc._.content_ranges``, read once by the caller: each ``doc._`` read makes spaCy's
    accessor object anew); ``None`` (no boilerplate stage) holds everything.

    The ranges are sorted and disjoint, so only the last one starting at or before ``start``
    can hold the span: a bisection, where scanning every range made this a hot spot.
    """
    if ranges is None:
        return True
    i = bisect_right(ranges, start, key=itemgetter(0)) - 1
    return i >= 0 and end <= ranges[i][1]


register()


_TEXT_KEY = ("zhkg", "text")


def set_original_text(doc: Doc, text: str) -> None:
    """Record the text ``doc`` was made from, so :func:`original_text` never rebuilds it."""
    doc.user_data[_TEXT_KEY] = text


def original_text(doc: Doc) -> str:
    """``doc.text``, cached: spaCy rebuilds it from the tokens on every access (a tenth of
    the whole pipeline's time when it did), and the text never changes after tokenization
    (retokenizing splits tokens, not characters). The tokenizer records it up front."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.text
        set_original_text(doc, text)
    return text
