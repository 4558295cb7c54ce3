"""``zhkg_quantities``: quantities and time expressions as span groups of the doc.

The component is a thin wrapper around the pure functions :func:`find_quantities` and
:func:`find_times`: it reads the simplified view of the text (same length as ``doc.text``, so
offsets carry over), keeps what lies in the main content, and turns offsets into exact spans.
Quantities often sit inside one segmented token (869万元 in 投入869万元), so tokens are split
first; all offsets are collected and split *once*, because splitting after spans exist would
shift them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import extensions  # noqa: F401 - registers the Doc/Span attributes
from ..batching import char_batches
from ..extensions import in_ranges, original_text
from ..paths import resolve_model_path
from ..saving import FileBacked, Files
from ..script.invisible import AnalysisView, analysis_view
from ..tokens import ensure_boundaries, exact_span, is_word, word_at
from .parser import Quantity, find_quantities
from .patterns import DEFAULT_RULES_DIR
from .rules import QuantityRules, load_rules
from .times import TimeExpr, TimeRules, find_times, load_time_rules

QUANTITY_LABEL = "QUANTITY"
TIME_LABEL = "TIME"
RULES_DIR = "rules"  # the rules directory's copy in a saved pipeline
_Found = TypeVar("_Found", Quantity, TimeExpr)


class QuantityRecognizer(FileBacked):
    """Finds quantities and time expressions with the rules in one rules directory
    (``rules_dir``; ``None``: the packaged one).

    ``span._.quantity`` holds the :class:`~pipeline.quantities.parser.Quantity` and
    ``span._.time`` the :class:`~pipeline.quantities.times.TimeExpr`; span labels are
    ``QUANTITY`` and ``TIME``. The rules are read by ``initialize`` or on first use, or
    from the copy a saved pipeline holds in ``quantities/rules/`` (:mod:`pipeline.saving`).
    """

    rules: QuantityRules
    time_rules: TimeRules

    def __init__(
        self,
        rules_dir: str | Path | None = None,
        quantities_key: str = "quantities",
        times_key: str = "times",
    ) -> None:
        self.rules_dir = rules_dir
        self.quantities_key = quantities_key
        self.times_key = times_key

    def sources(self) -> Files:
        path = DEFAULT_RULES_DIR if self.rules_dir is None else resolve_model_path(self.rules_dir)
        return {RULES_DIR: path}

    def read(self, files: Files) -> None:
        self.rules = load_rules(files.get(RULES_DIR))
        self.time_rules = load_time_rules(files.get(RULES_DIR))

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 1000) -> Iterator[Doc]:
        """``__call__`` on each doc, the quantity rules run over all texts of a batch, then
        the time rules, then the spans made doc by doc: with one rule set at a time kept in
        the processor's caches, a corpus of one-sentence documents no longer pays about a
        quarter more for its rules than the same text in articles."""
        self.ensure_read()
        for batch in char_batches(docs, batch_size, lambda doc: len(original_text(doc))):
            contents = [self._content(doc) for doc in batch]
            views = [analysis_view(text) for text, _ in contents]
            # Taiwan's news counts years in the Minguo calendar (八十一年 = 1992): read so in
            # traditional-script documents only (People's Daily's 话剧九十年 is a duration)
            minguo = [doc._.script == "traditional" for doc in batch]
            quantities = [find_quantities(view.text, self.rules, minguo=mg)
                          for view, mg in zip(views, minguo, strict=True)]
            times = [find_times(view.text, self.time_rules, minguo=mg)
                     for view, mg in zip(views, minguo, strict=True)]
            for doc, (text, ranges), view, qs, ts, mg in zip(
                batch, contents, views, quantities, times, minguo, strict=True
            ):
                qs = [_in_input(view, text, q) for q in qs]
                ts = [t for t in (self._in_words(doc, text, _in_input(view, text, t), mg)
                                  for t in ts) if t is not None]
                qs = self._outside_times(text, qs, ts)
                yield self._annotate(doc, ranges, self._measured(doc, text, qs), ts)

    @staticmethod
    def _content(doc: Doc) -> tuple[str, list[tuple[int, int]] | None]:
        """The text the rules read (the simplified view when it has the text's length) and
        the main-content ranges, ``doc._`` read once (each read makes an accessor object)."""
        ext = doc._
        text, ranges = ext.simplified, ext.content_ranges
        if not text or len(text) != len(original_text(doc)):
            text = original_text(doc)
        return text, ranges

    def _in_words(self, doc: Doc, text: str, t: TimeExpr, minguo: bool) -> TimeExpr | None:
        """``t`` as the segmenter's words bound it. One that opens inside a word is a piece of
        that word (表|现在, 大年初一, 项目|前期, １·８４日元): no time. One that ends inside a
        word takes the rest of it where the whole still reads as one time (本周|四 of 本周四
        is 本周四), else ends at the last word it holds where that reads as one (去年|初步,
        1998年|前景, 去年|春耕: 去年, 1998年), else is no time (这些|年轻人, 周|一清, 将|来临)
        unless the rest of the word is a position word (过去的１５|年间: ``word_tails``); one
        word that holds it all keeps it. Why here: the rules read text, and only the segmenter
        knows where words end."""
        if not is_word(doc, t.start, t.end, start_only=True):
            return None
        last = word_at(doc, t.end - 1)
        if last is None or last.end_char == t.end:
            return t
        longer = self._one_time(text, t.start, last.end_char, minguo)
        if longer is not None:
            return longer
        if last.start_char > t.start:
            shorter = self._one_time(text, t.start, last.start_char, minguo)
            if shorter is not None or text[t.end : last.end_char] not in self.time_rules.word_tails:
                return shorter
        return t

    def _outside_times(
        self, text: str, quantities: list[Quantity], times: list[TimeExpr]
    ) -> list[Quantity]:
        """``quantities`` less the spans of time that lie inside a time expression (近两年，
        河南…, 今年前5个月): the expression says when the figures around it hold, and the span
        in it is no figure of its own, unless a word of ``span_figure_before`` comes right
        before the expression (经过|近20年的努力, 干了|近20年的吴习洲: how long a verb lasted).
        Why here: the two rule sets find their spans apart, and only together do they show
        that one holds the other."""
        rules = self.time_rules
        reach = max(map(len, rules.span_figure_before), default=0)
        scopes = [(t.start, t.end) for t in times if not rules.variants.simplify(
            text[max(0, t.start - reach) : t.start]).endswith(rules.span_figure_before)]
        if not scopes:
            return quantities
        durations = self.rules.durations
        return [q for q in quantities if q.unit not in durations
                or not any(s <= q.start and q.end <= e for s, e in scopes)]

    def _one_time(self, text: str, start: int, end: int, minguo: bool) -> TimeExpr | None:
        """The time that ``text[start:end]`` is as a whole, in the text's offsets, or None."""
        found = find_times(text[start:end], self.time_rules, minguo=minguo)
        if len(found) != 1 or (found[0].start, found[0].end) != (0, end - start):
            return None
        return replace(found[0], start=start, end=end)

    def _measured(self, doc: Doc, text: str, quantities: list[Quantity]) -> list[Quantity]:
        """``quantities`` less those whose one-character measure word begins a longer word
        of the segmenter (三部分, ４７步枪: the word is what is counted or named), except
        the nouns of ``noun_units``, which give the unit and end the span (１４００万人口 ->
        人). Why here: the rules read text, and only the segmenter knows where words end."""
        rules = self.rules
        kept = []
        for q in quantities:
            if q.unit in rules.word_measures and q.text.endswith(q.unit):
                token = word_at(doc, q.end - 1)
                word = text[token.start_char : token.end_char] if token is not None else ""
                # a word of letters that the measure word begins (not 款, with a mark glued on)
                if len(word) > 1 and word.isalpha() and token.start_char == q.end - 1:
                    unit = rules.noun_units.get(word)
                    if unit is None:
                        continue
                    q = replace(q, unit=unit, end=token.end_char, text=q.text + word[1:])
            kept.append(q)
        return kept

    def _annotate(
        self,
        doc: Doc,
        ranges: list[tuple[int, int]] | None,
        found_quantities: list[Quantity],
        found_times: list[TimeExpr],
    ) -> Doc:
        """The spans of what was found inside the main content, tokens split once first."""
        quantities = [q for q in found_quantities if in_ranges(ranges, q.start, q.end)]
        times = [t for t in found_times if in_ranges(ranges, t.start, t.end)]
        offsets = [o for x in (*quantities, *times) for o in (x.start, x.end)]
        if offsets:
            ensure_boundaries(doc, offsets)
        doc.spans[self.quantities_key] = _spans(doc, quantities, QUANTITY_LABEL, "quantity")
        doc.spans[self.times_key] = _spans(doc, times, TIME_LABEL, "time")
        return doc


def _spans(doc: Doc, found: Iterable[_Found], label: str, attribute: str) -> list[Span]:
    """The exact spans of ``found`` (quantities or times), each carrying what was found in
    the Span extension ``attribute``; one that no token boundaries delimit is left out."""
    spans: list[Span] = []
    for item in found:
        span = exact_span(doc, item.start, item.end, label=label)
        if span is not None:
            span._.set(attribute, item)
            spans.append(span)
    return spans


def _in_input(view: AnalysisView, text: str, found: _Found) -> _Found:
    """``found`` (offsets into ``view.text``) with offsets and surface from ``text``, the
    doc's text (a hidden character inside the span stays in its ``text``). Why: a
    zero-width space or other invisible character inside 1\u200b2.6亿元 would hide the amount from
    the rules (2.6亿), so they read the text without them (``zhkg run`` removes them before
    the pipeline; ``nlp(text)`` gets the same amounts this way)."""
    if not view.gaps:
        return found
    start, end = view.start(found.start), view.end(found.end)
    moved = {"start": start, "end": end, "text": text[start:end]}
    if isinstance(found, Quantity):
        moved |= {
            "number_start": view.start(found.number_start),
            "number_end": view.end(found.number_end),
        }
    return replace(found, **moved)


@Language.factory(
    "zhkg_quantities",
    default_config={"rules": None, "quantities_key": "quantities", "times_key": "times"},
    assigns=["doc.spans", "span._.quantity", "span._.time"],
)
def make_quantity_recognizer(
    nlp: Language,
    name: str,
    rules: str | Path | None,
    quantities_key: str,
    times_key: str,
) -> QuantityRecognizer:
    """``rules``: a rules directory (relative paths from the project root); None = packaged."""
    return QuantityRecognizer(rules, quantities_key, times_key)
