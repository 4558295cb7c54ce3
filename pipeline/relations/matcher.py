"""Linking every quantity of a document to the entity it is about.

For each quantity the :class:`~.subjects.SubjectChooser` proposes candidate subjects (entities
of its sentence and the sentences before, resolved anaphors, the running subject) and ranks
them; the :class:`~.predicates.PredicateReader` reads the predicate and object from the words
around it; the place is the nearest place named before it in its sentence (else a place
subject), the time the nearest time expression before it in its sentence, else the first
after it in its clause (旧币将在１月份退出流通), else its paragraph's. Lists
of names share a quantity (教育部、卫生部各派出20名专家: one statement each), a count that sums
a list up (A、B、C等3家银行) is skipped (both read in :mod:`.lists`), and a range (3至5倍) gives
one statement per bound.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from decimal import Decimal

from spacy.tokens import Doc

from ..extensions import in_ranges, original_text
from ..patterns import alternation
from ..punctuation import BRACKET_PAIRS, CLAUSE_END, quoted_spans
from ..quantities.parser import Quantity
from ..quantities.times import EVERY, OWN, TimeExpr
from ..result import StatementRecord, entity_record
from ..tokens import is_word
from .anaphora import resolve_anaphors
from .layout import Layout, Mention
from .lists import ListReader
from .predicates import PredicateReader
from .rules import Cues, RelationRules
from .subjects import Candidate, SubjectChooser

_OPENING_BRACKETS = "".join(pair[0] for pair in BRACKET_PAIRS)
_NOT_IN_DEFINITION = "".join(pair[1] for pair in BRACKET_PAIRS) + CLAUSE_END


def _defined_by(text: str, name: Mention, mention: Mention) -> bool:
    """Whether ``mention`` is a short name or gloss that ``name`` defines: the same entity,
    inside a bracket opened after ``name`` and not closed before ``mention``."""
    between = text[name.end : mention.start]
    return (
        mention.key == name.key
        and any(b in between for b in _OPENING_BRACKETS)
        and not any(c in between for c in _NOT_IN_DEFINITION)
    )


_BYLINE_CHARS = 24  # a byline's bracket after a dateline: （记者肖成林）, （栗建昌、葛素红）


def _dateline_ends(text: str, mentions: list[Mention], cues: Cues) -> list[int]:
    """The last character of each dateline, with the byline bracket right after it
    (新华社华盛顿２月２日电（记者肖成林）): the body's first clause starts after it, though no
    punctuation marks it, so that the names opening the body open their clause."""
    ends = []
    for m in mentions:
        end = cues.dateline_end(text, m.end)
        if end is None:
            continue
        pair = next((p for p in BRACKET_PAIRS if text.startswith(p[0], end)), None)
        if pair is not None:
            close = text.find(pair[1], end, end + _BYLINE_CHARS)
            end = close + 1 if close >= 0 else end
        ends.append(end - 1)
    return ends


@dataclass
class _Scope:
    """The time a paragraph is about, for quantities whose sentence names none (a paragraph's
    place is not carried: on the seeds that cost place agreement 57% -> 43%, dev unchanged)."""

    line: int = -1
    time: TimeExpr | None = None


class RelationMatcher:
    def __init__(self, rules: RelationRules) -> None:
        self.rules = rules
        self.chooser = SubjectChooser(rules)
        self.lists = ListReader(rules, self.chooser)
        self.reader = PredicateReader(rules)
        # a run of coordinating words (、, 和, 以及 …): what may join two quantities
        self._coordination = re.compile(f"(?:{alternation(rules.cues.coordination).pattern})+")
        # what may stand between two counts of one list (4个亲王、8个公爵): the first one's
        # counted noun, then a coordinating word
        gap = rules.small_counts.list_gap_chars
        self._count_item = re.compile(
            f"[^{re.escape(CLAUSE_END)}]{{0,{gap}}}?{self._coordination.pattern}")
        # when a list, every quantity's (quantity, candidates) is appended: the training data
        # of ``zhkg train subjects``
        self.trace: list | None = None

    # -- mentions -------------------------------------------------------------------------
    def mentions(self, doc: Doc, text: str) -> list[Mention]:
        """Entity mentions, sorted by start (entities never overlap), with the NER's
        ``in_word`` (台|商, 来|京). A mention inside quotation or title marks that hold more
        than it (《中华人民共和国地形全图》, “雷锋车”, “四川长虹”) is part of a title or of another
        name: ``in_title``; ``text`` is the simplified view."""
        quoted = quoted_spans(text)

        def in_title(start: int, end: int) -> bool:
            return any(a < start and end < b and b - a - 2 > end - start for a, b in quoted)

        mentions = sorted(
            (
                Mention(
                    e.start_char,
                    e.end_char,
                    e.label_,
                    entity_record(doc, e.start_char, e.end_char, e.label_, e),
                    in_word=e._.in_word,
                    in_title=in_title(e.start_char, e.end_char),
                )
                for e in doc.ents
            ),
            key=lambda m: m.start,
        )
        # the short name or gloss a name defines in brackets right after it (…有限公司（以下简称
        # “中国移动”）, 中国金桥信息网（ＣｈｉｎａＧＢＮ）) is the same entity, not a candidate of
        # its own nearer the figures than the name that opens the clause
        return [m for i, m in enumerate(mentions)
                if i == 0 or not _defined_by(text, mentions[i - 1], m)]

    # -- statements -------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> list[StatementRecord]:
        ext = doc._  # read once: each ``doc._`` makes a new accessor object
        text = ext.simplified or original_text(doc)
        ranges = ext.content_ranges
        quantities = sorted(
            (
                s._.quantity
                for s in doc.spans.get("quantities", [])
                if s._.quantity is not None and in_ranges(ranges, s.start_char, s.end_char)
            ),
            key=lambda q: q.start,
        )
        if not quantities or not doc.ents:
            return []  # most sentences of a corpus: nothing to lay out
        mentions = self.mentions(doc, text)
        content = [m for m in mentions if in_ranges(ranges, m.start, m.end)]
        spans = ranges or [(0, len(text))]
        n = len(text)
        anaphors = resolve_anaphors(
            text, content, self.rules, spans,
            lambda i: i >= n or is_word(doc, i, i, start_only=True),
        )
        candidates = sorted(content + anaphors, key=lambda m: m.start)
        times = sorted(
            (s._.time for s in doc.spans.get("times", []) if s._.time is not None),
            key=lambda t: t.start,
        )
        # 比1991年提高…: a time compared with is no statement's time (it stays a time, so that
        # no quantity is read in it), but the time of the figure compared with (比去年的2.5%)
        starts = {q.start for q in quantities}
        is_base = [self._is_base(text, t, starts) for t in times]
        bases = [t for t, b in zip(times, is_base, strict=True) if b]
        scoped = [t for t, b in zip(times, is_base, strict=True) if not b and t.kind != OWN]
        # 现年４５岁: a time of its figure alone, that figure right after it
        opened = {t.end: t for t in times if t.kind == OWN}
        base_ends = [t.end for t in bases]
        layout = Layout.build(
            doc, text, candidates, self.rules.clause_split, [(t.start, t.end) for t in times],
            [(q.start, q.end, q.unit) for q in quantities],
            _dateline_ends(text, content, self.rules.cues),
        )
        self.chooser.start(layout)
        t_starts = [t.start for t in scoped]
        statements: list[StatementRecord] = []
        scope = _Scope()
        line_pos, line = 0, 0
        assigned: dict[int, Mention] = {}
        # whether each quantity follows the one before it as the next count of a list of
        # counts (4个亲王、8个公爵): read once, for its predicate and small counts
        items = [False] + [
            self._count_item.fullmatch(text, a.end, b.start) is not None
            for a, b in zip(quantities, quantities[1:], strict=False)
        ]
        shared: tuple[int, tuple[str, int, int]] | None = None  # last quantity's end, predicate
        for qi, q in enumerate(quantities):
            line += text.count("\n", line_pos, q.start)
            line_pos = q.start
            if line != scope.line:
                scope = _Scope(line)
            if layout.mention_at(q.start) is not None:
                continue  # a number inside a name (一汽, 三峡)
            if q.quoted and not text[q.number_start : q.number_end].isascii():
                continue  # a slogan or name in quotes (“一个门户”)
            si = layout.sentence_of(q.start)
            s0, s1 = layout.sentences[si]
            c0, c1 = layout.clause_start(q.start, s0), layout.clause_end(q.end, s1)
            subjects = self._subjects(layout, quantities, qi, assigned)
            if not subjects:
                continue
            k = bisect_left(t_starts, q.start) - 1
            before = scoped[k] if k >= 0 and scoped[k].start >= s0 else None
            # none before it in its sentence: the time after it in its clause (旧币将在１月份…)
            later = (scoped[k + 1] if k + 1 < len(scoped) and q.end <= scoped[k + 1].start < c1
                     else None)
            time = before or later or scope.time
            if before is not None and before.kind != EVERY:
                scope.time = before  # a rate's period (每天) scopes its own sentence only
            base = self._compared(layout, bases, base_ends, c0, q.start)
            if base is not None:
                time = base
            time = opened.get(q.start, time)
            place = self._place(layout, s0, q.start, subjects, c0, c1, q.end)
            # a quantity coordinated with the one before it shares its predicate (提高268万吨和
            # 1.2吨, 分别为四十亿元、二十七亿元): the words between them are no predicate
            listed = self._counts_listed(quantities, items, qi)
            joined = None
            if shared and (self._coordinated(text, shared[0], q.start) or (
                    listed and self._count_item.fullmatch(text, shared[0], q.start))):
                joined = shared[1]
            for subject in subjects:
                # each place of a list (泰国、印尼…减少了1000多亿美元) scopes its own statement
                own = subject if subject.label in ("GPE", "LOC") else place
                for value in _bounds(q):
                    made = self._statement(
                        doc, layout, q, value, subject, own, time, c0, c1, joined, listed)
                    if made is not None:
                        statements.append(made[0])
                        shared = (q.end, made[1])
            self.chooser.carry = subjects[0]
        return _dedupe(statements)

    def _coordinated(self, text: str, end: int, start: int) -> bool:
        """Whether only coordinating words (、, 和, 及 …) stand between the quantity that ends
        at ``end`` and the one that starts at ``start``."""
        return self._coordination.fullmatch(text, end, start) is not None

    @staticmethod
    def _counts_listed(quantities: list[Quantity], items: list[bool], qi: int) -> bool:
        """Whether quantity ``qi`` is an item of a list of counts in one unit (册封了4个亲王、
        8个公爵、22个伯爵): each item is a statistic, however small. ``items[j]``: whether
        quantity ``j`` follows ``j - 1`` as the next count of a list."""
        unit = quantities[qi].unit
        after = qi + 1 < len(quantities) and items[qi + 1] and quantities[qi + 1].unit == unit
        before = items[qi] and quantities[qi - 1].unit == unit  # items[0] is False
        return bool(unit) and (before or after)

    def _subjects(
        self, layout: Layout, quantities: list[Quantity], qi: int, assigned: dict[int, Mention]
    ) -> list[Mention]:
        """The subject(s) of quantity ``qi``: the best candidate, or every name of the list it
        belongs to; none for a count that sums a list up (A、B等3家)."""
        q = quantities[qi]
        if qi in assigned:
            return [assigned[qi]]
        if self.lists.sums(layout, q.start):
            return []  # A、B、C等3家银行: the count sums the list up
        if self.rules.cues.set_member.match(layout.text, q.end):
            return []  # 全国18个贫困片之一: the size of a set the subject is one of
        candidates = self._candidates(layout, q)
        if candidates is None:
            return []
        if self.trace is not None:
            self.trace.append((q, candidates))
        best = self.chooser.best(candidates)
        if best is None:
            return []
        m = best.mention
        group = self.lists.enumeration(layout, m)
        if len(group) == 1 or m.end > q.start:
            return [m]
        return self.lists.subjects(layout, quantities, qi, m, group, assigned)

    def _candidates(self, layout: Layout, q: Quantity) -> list[Candidate] | None:
        """The chooser's candidates for ``q`` that its unit allows (an age: persons only; a
        span of time before 的 that describes a person: that person); None where an age
        describes a person the text does not name (６岁的儿子)."""
        candidates = self.chooser.candidates(q.start, q.end)
        if q.unit in self.rules.person_units:  # an age is a person's (三十岁的王小明)
            candidates = [c for c in candidates if c.mention.label == "PERSON"]
            if layout.text.startswith(self.rules.cues.possessive, q.end):
                # 周总理见到３４岁的荣毅仁: an age before 的 is the person it describes; ６岁的
                # 儿子: one the text does not name
                candidates = [c for c in candidates if c.features.get("described")]
                if not candidates:
                    return None
        elif q.unit in self.rules.duration_units:  # a walk of 15 minutes is no street's
            excluded = self.rules.duration_excluded_labels
            candidates = [c for c in candidates if c.mention.label not in excluded]
            described = [c for c in candidates
                         if c.mention.label == "PERSON" and c.features.get("described")]
            if described and layout.text.startswith(self.rules.cues.possessive, q.end):
                # 擔任新加坡總理三十一年的李光耀: a span before 的 that describes a person is
                # how long that person did what the phrase says
                candidates = described
        return candidates

    def _is_base(self, text: str, t: TimeExpr, quantity_starts: set[int]) -> bool:
        """Whether ``t`` is a base time: one compared with (比1991年提高) or that of the
        figure a change starts from (由１９９５年初的５个发展到６０多个), which only the figure
        right after its 的 takes (``_compared``)."""
        rules = self.rules
        if text.endswith(rules.comparison_before, 0, t.start):
            return True
        mark = rules.cues.possessive_at(text, t.end)
        return (bool(mark) and text.endswith(rules.origin_before, 0, t.start)
                and t.end + len(mark) in quantity_starts)

    def _compared(
        self, layout: Layout, bases: list[TimeExpr], base_ends: list[int], c0: int, q0: int
    ) -> TimeExpr | None:
        """The time compared with whose figure the quantity at ``q0`` is: the last base time
        before it in its clause, with only a modifier ending in 的 between (比去年的2.5%,
        比1996年创纪录的2952亿美元)."""
        k = bisect_right(base_ends, q0) - 1
        if k < 0 or bases[k].start < c0:
            return None
        cues = self.rules.cues
        between = layout.text[bases[k].end : q0]
        if between.endswith(cues.possessive) and len(between) <= cues.described_gap_chars:
            return bases[k]
        return None

    def _place(
        self, layout: Layout, s0: int, q0: int, subjects: list[Mention],
        c0: int, c1: int, q1: int,
    ) -> Mention | None:
        """A place that is the subject scopes its own statement; otherwise the nearest place
        named before the quantity in its clause (``[c0, c1)``), else the first after it there
        (巴西政府将投资９００万美元在马瑙斯建立…, 两三条船停靠中国港口), else the nearest before it
        in its sentence; never one inside a word (援|疆, 台|商: a modifier of that word, no
        place the statement is set in)."""
        own = next((s for s in subjects if s.label in ("GPE", "LOC")), None)
        if own is not None:
            return own
        before = next((m for m in layout.mentions_back(s0, q0)
                       if m.label in ("GPE", "LOC") and not (m.in_word or m.in_title)), None)
        if before is not None and before.start >= c0:
            return before
        after = next((m for m in layout.mentions_in(q1, c1)
                      if m.label in ("GPE", "LOC") and not (m.in_word or m.in_title)), None)
        return after if after is not None else before

    def _statement(
        self,
        doc: Doc,
        layout: Layout,
        q: Quantity,
        value: Decimal,
        subject: Mention,
        place: Mention | None,
        time: TimeExpr | None,
        c0: int,
        c1: int,
        joined: tuple[str, int, int] | None = None,
        listed: bool = False,
    ) -> tuple[StatementRecord, tuple[str, int, int]] | None:
        """The statement of ``value`` with its predicate (word, start, end), or None;
        ``joined``: the predicate of the quantity this one is coordinated with; ``listed``:
        whether it is an item of a list of counts (no small count is incidental there)."""
        lo = subject.end if c0 <= subject.start < q.start else c0
        counted = self.reader.counted_after(layout, q.end, c1)
        after = self.reader.object_after(layout, q.end, counted, q.unit)
        # a bare amount: the noun that gives its unit is what it counts (５万|下岗|职工|重新|就业)
        noun_unit, noun = ("", "") if q.unit else self.reader.unit_of_counted(
            layout, q.end, counted)
        after = noun or after
        if joined is not None and joined[0]:
            predicate, p0, p1 = joined
        else:
            predicate, p0, p1 = self.reader.predicate(
                layout, lo, q.start, q.end, c1, after, share=q.unit in self.rules.share_units
            )
        if q.unit in self.rules.person_units and subject.label == "PERSON":
            predicate = self.rules.age_predicate  # 三十岁的王小明: the guide's 年龄
        counted_noun = self.reader.trimmed(layout, q.end, after)
        obj = (self.reader.coordinated(layout, q.end, counted_noun, c1)
               or self.reader.object_before(layout, p1, q.start)
               or self.reader.object_of(layout, q.end, c1)
               or self.reader.object_topic(layout, lo, p0, predicate))
        obj = self.reader.undetermined(obj)
        # a bare amount takes the unit its object or attribute noun counts in (总人口226.6万)
        unit = q.unit or self.reader.unit_from_object(obj or predicate) or noun_unit
        if not unit or unit in self.rules.skip_units:
            return None
        if not listed and self.rules.small_counts.incidental(unit, value, counted or obj):
            return None
        ev0, ev1 = min(p0, q.start), max(p1, q.end)  # a predicate may follow (3000人受益)
        if obj and layout.text.startswith(obj, q.end):
            ev1 = max(ev1, q.end + len(obj))  # what it counts: ３００名|新战士
        if c0 <= subject.start < ev0 and ev0 - subject.start <= self.rules.max_lookback_chars:
            ev0 = subject.start
        original = original_text(doc)
        return {
            "subject": subject.record,
            "predicate": predicate or None,
            "value": _decimal_str(value),
            "unit": unit,
            "currency": q.currency,
            "object": obj or None,
            "approx": q.approx,
            "min_value": _decimal_str(q.min_value) if q.min_value is not None else None,
            "max_value": _decimal_str(q.max_value) if q.max_value is not None else None,
            "place": place.record if place is not None else None,
            "time": original[time.start : time.end] if time is not None else None,
            "evidence": original[ev0:ev1],
            "start": ev0,
            "end": ev1,
        }, (predicate, p0, p1)


def _bounds(q: Quantity) -> list[Decimal]:
    """The values a quantity states: both ends of a range (3至5倍), else its value."""
    if (
        q.approx is None
        and q.min_value is not None
        and q.max_value is not None
        and q.min_value != q.max_value
    ):
        return [q.min_value, q.max_value]
    return [q.value]


def _decimal_str(value: Decimal) -> str:
    """Plain decimal notation without exponent or trailing zeros (8690000, 23.6)."""
    s = format(value.normalize(), "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def _dedupe(statements: list[StatementRecord]) -> list[StatementRecord]:
    seen: set[tuple] = set()
    out = []
    for st in statements:
        key = (st["subject"]["norm"], st["value"], st["unit"], st["start"], st["end"])
        if key not in seen:
            seen.add(key)
            out.append(st)
    return out
