"""Linking quantities to subjects, predicates, places and times, clause by clause.

The unit of analysis is the clause (text between ，；：). Within a sentence the subject
carries over from clause to clause (中国电信于2017年实现…，新建…157个); across sentences the
default subject is the organisation the article is about (the most mentioned ORG), which is
also what nominal anaphors (集团公司, 全集团) resolve to. A clause that is only an adverbial
frame (在…会上, 在四川盐源县、木里县) contributes place and time scope, never statements.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from spacy.tokens import Doc

from ..extensions import in_content, original_text
from ..result import EntityRecord, StatementRecord
from .platforms import find_platforms
from .rules import RelationRules

_QUOTE_OPEN = "“「『"
_QUOTE_CLOSE = "”」』"

# How far back from a quantity the predicate is looked for, and how far back the evidence may
# reach for the subject. Real clauses (text between ，；：) are far shorter; the bound keeps
# a document without punctuation (one 20 MB clause) linear in time and in evidence memory.
MAX_LOOKBACK = 256


class _Searcher:
    """``pattern.search(text, pos, endpos)`` for a fixed ``endpos`` and non-decreasing ``pos``
    in amortised linear time.

    Whether a regex matches at a position does not depend on where the search began, so the
    match found from ``pos`` is also the first match from any ``pos'`` up to its start (and
    "no match" from ``pos`` stays "no match" further right). Without this, searching to the
    clause end once per quantity or candidate is quadratic in a long clause.
    """

    def __init__(self, pattern: re.Pattern[str], text: str, endpos: int) -> None:
        self.pattern, self.text, self.endpos = pattern, text, endpos
        self._pos: int | None = None
        self._match: re.Match[str] | None = None

    def search(self, pos: int) -> re.Match[str] | None:
        cached = self._pos is not None and self._pos <= pos
        if cached and (self._match is None or pos <= self._match.start()):
            return self._match
        self._pos, self._match = pos, self.pattern.search(self.text, pos, self.endpos)
        return self._match


@dataclass
class _Clause:
    """One clause's mentions and times, sorted by start, with their starts for bisection."""

    c0: int
    c1: int
    ments: list[Mention]
    times: list
    triggers: _Searcher
    attributes: _Searcher
    starts: list[int] = field(default_factory=list)
    gpes: list[Mention] = field(default_factory=list)
    gpe_starts: list[int] = field(default_factory=list)
    time_starts: list[int] = field(default_factory=list)
    first_trigger: re.Match[str] | None = None

    def __post_init__(self) -> None:
        self.first_trigger = self.triggers.search(self.c0)
        self.starts = [m.start for m in self.ments]
        self.gpes = [m for m in self.ments if m.label == "GPE"]
        self.gpe_starts = [m.start for m in self.gpes]
        self.time_starts = [t.start for t in self.times]

    def mention_at(self, pos: int) -> Mention | None:
        """The mention covering ``pos`` (mentions never overlap)."""
        i = bisect_right(self.starts, pos) - 1
        if i >= 0 and pos < self.ments[i].end:
            return self.ments[i]
        return None


@dataclass
class Mention:
    start: int
    end: int
    label: str
    record: EntityRecord
    platform: bool = False


@dataclass
class _Scope:
    """What carries from clause to clause within a sentence or paragraph."""

    subject: Mention | None = None
    place: Mention | None = None
    time: object | None = None
    predicate: str | None = None
    places: list[Mention] = field(default_factory=list)


def entity_record(doc: Doc, start: int, end: int, label: str, span=None) -> EntityRecord:  # noqa: ANN001
    simplified = doc._.simplified or original_text(doc)
    rec: EntityRecord = {
        "text": original_text(doc)[start:end],
        "norm": simplified[start:end],
        "label": label,
        "start": start,
        "end": end,
    }
    if span is not None and span._.code:
        rec["code"] = span._.code
        rec["parents"] = span._.parents or []
        if span._.canonical:
            rec["canonical"] = span._.canonical
    return rec


class RelationMatcher:
    def __init__(self, rules: RelationRules) -> None:
        self.rules = rules

    # -- mentions ---------------------------------------------------------------------
    def mentions(self, doc: Doc) -> list[Mention]:
        """Entity mentions plus platform names, sorted by start and never overlapping.

        A platform swallows the mentions inside it and is dropped where it would overlap
        one; the list is kept sorted so that each platform costs a bisection, not a scan.
        """
        text = doc._.simplified or original_text(doc)
        out = sorted(
            (
                Mention(
                    e.start_char,
                    e.end_char,
                    e.label_,
                    entity_record(doc, e.start_char, e.end_char, e.label_, e),
                )
                for e in doc.ents
            ),
            key=lambda m: m.start,
        )
        starts = [m.start for m in out]
        orgs = [(m.start, m.end) for m in out if m.label == "ORG"]
        for p in find_platforms(text, orgs, self.rules):
            if not in_content(doc, p.start, p.end):
                continue
            lo = bisect_left(starts, p.start)
            hi = lo
            while hi < len(out) and out[hi].end <= p.end:
                hi += 1  # out[lo:hi] lie inside the platform
            before = out[lo - 1] if lo > 0 else None
            after = out[hi] if hi < len(out) else None
            del out[lo:hi], starts[lo:hi]
            if (before is not None and before.end > p.start) or (
                after is not None and after.start < p.end
            ):
                continue
            rec = entity_record(doc, p.start, p.end, "ORG")
            out.insert(lo, Mention(p.start, p.end, "ORG", rec, platform=True))
            starts.insert(lo, p.start)
        return out

    def main_org(self, mentions: list[Mention]) -> Mention | None:
        """The organisation the article is about: the most mentioned ORG (short names count
        for the long names that start with them: 中国电信 ⊂ 中国电信集团有限公司)."""
        orgs = [m for m in mentions if m.label == "ORG" and not m.platform]
        if not orgs:
            return None
        counts: Counter[str] = Counter(m.record["norm"] for m in orgs)
        first: dict[str, int] = {}
        for m in orgs:
            first[m.record["norm"]] = min(m.start, first.get(m.record["norm"], m.start))
        # names starting with ``name`` are a contiguous block of the sorted names, so a
        # prefix sum gives each score in log time (many distinct names stay fast)
        ordered = sorted(counts)
        cumulative = [0]
        for name in ordered:
            cumulative.append(cumulative[-1] + counts[name])
        score: dict[str, int] = {}
        for i, name in enumerate(ordered):
            j = bisect_left(ordered, name + "\U0010ffff", i)
            while j < len(ordered) and ordered[j].startswith(name):
                j += 1
            score[name] = cumulative[j] - cumulative[i]
        names = sorted(counts, key=len)
        best = max(names, key=lambda n: (score[n], -first[n]))
        return next(m for m in orgs if m.record["norm"] == best)

    # -- statements -------------------------------------------------------------------
    def __call__(self, doc: Doc) -> tuple[list[Mention], list[StatementRecord]]:
        text = doc._.simplified or original_text(doc)
        mentions = self.mentions(doc)
        main = self.main_org(mentions)
        quantities = sorted(
            (s for s in doc.spans.get("quantities", []) if s._.quantity is not None),
            key=lambda s: s.start_char,
        )
        times = sorted(
            (s._.time for s in doc.spans.get("times", []) if s._.time is not None),
            key=lambda t: t.start,
        )
        # everything per clause is found by bisection, never by a scan of the document
        m_starts = [m.start for m in mentions]
        q_starts = [s.start_char for s in quantities]
        t_starts = [t.start for t in times]
        statements: list[StatementRecord] = []
        last_platform: Mention | None = None
        paragraph = _Scope()
        para_line = -1
        line, line_pos = 0, 0
        for sent in doc.sents:
            s0, s1 = sent.start_char, sent.end_char
            if not in_content(doc, s0, s1) or not text[s0:s1].strip():
                continue
            line += text.count("\n", line_pos, s0)  # sentences come in order
            line_pos = s0
            if line != para_line:
                paragraph, para_line = _Scope(), line
            scope = _Scope()
            for c0, c1 in self._clauses(text, s0, s1):
                lo, hi = bisect_left(m_starts, c0), bisect_right(m_starts, c1)
                c_ments = [m for m in mentions[lo:hi] if m.end <= c1]
                for m in c_ments:
                    if m.platform:
                        last_platform = m
                c_quants = quantities[bisect_left(q_starts, c0) : bisect_left(q_starts, c1)]
                c_times = times[bisect_left(t_starts, c0) : bisect_left(t_starts, c1)]
                clause = _Clause(
                    c0,
                    c1,
                    c_ments,
                    c_times,
                    _Searcher(self.rules.triggers, text, c1),
                    _Searcher(self.rules.attribute, text, c1),
                )
                if c_times:
                    scope.time = c_times[0]
                    if paragraph.time is None:
                        paragraph.time = c_times[0]
                if self._is_frame(text, c0, c1):
                    gpes = [m for m in c_ments if m.label == "GPE"]
                    if gpes:
                        scope.place = gpes[-1]
                        if paragraph.place is None or c0 == s0:
                            paragraph.place = gpes[-1]
                    continue
                subject = self._subject(text, clause, main, last_platform)
                if subject is not None:
                    scope.subject = subject
                for qspan in c_quants:
                    st = self._statement(doc, text, clause, qspan, scope, paragraph, main)
                    if st is not None:
                        statements.append(st)
        return mentions, _dedupe(statements)

    def _clauses(self, text: str, s0: int, s1: int) -> list[tuple[int, int]]:
        """Split a sentence at clause delimiters that are outside quotation marks."""
        out, start, depth = [], s0, 0
        for i in range(s0, s1):
            ch = text[i]
            if ch in _QUOTE_OPEN:
                depth += 1
            elif ch in _QUOTE_CLOSE:
                depth = max(0, depth - 1)
            elif depth == 0 and self.rules.clause_split.match(ch):
                out.append((start, i))
                start = i + 1
        out.append((start, s1))
        return [(a, b) for a, b in out if text[a:b].strip()]

    def _is_frame(self, text: str, c0: int, c1: int) -> bool:
        clause = text[c0:c1].strip(" \t\n。！？!?")
        if not clause:
            return True
        starts = clause.startswith(self.rules.frame_start)
        has_trigger = self.rules.triggers.search(clause) is not None
        if starts and not has_trigger:
            return True
        return clause.endswith(self.rules.frame_end) and (starts or not has_trigger)

    def _subject(self, text, clause, main, last_platform):  # noqa: ANN001, ANN202
        """The explicit subject of a clause: the last subject-like mention before its first
        trigger verb, not governed by a preposition; anaphors resolve to their antecedent."""
        c0, c1 = clause.c0, clause.c1
        trig = clause.first_trigger
        limit = trig.start() if trig else c1
        cands: list[tuple[int, Mention]] = []
        for m in clause.ments:
            if m.start >= limit or m.label not in self.rules.subject_labels:
                continue
            before = text[max(c0, m.start - 2) : m.start].strip()
            if before.endswith(self.rules.non_subject_before):
                continue
            if m.label == "GPE" and not self._has_attribute_after(text, m.end, clause):
                continue
            cands.append((m.start, m))
        for a in self.rules.org_anaphors.finditer(text, c0, limit):
            if main is not None and self._is_anaphor(text, clause, a.start()):
                before = text[max(c0, a.start() - 2) : a.start()].strip()
                if not before.endswith(self.rules.non_subject_before):
                    cands.append((a.start(), main))
        for a in self.rules.platform_anaphors.finditer(text, c0, limit):
            if last_platform is not None and self._is_anaphor(text, clause, a.start()):
                cands.append((a.start(), last_platform))
        return max(cands, key=lambda c: c[0])[1] if cands else None

    def _is_anaphor(self, text: str, clause: _Clause, pos: int) -> bool:
        """A bare 平台/公司 stands for an antecedent only where it is not the head of a longer
        name (大数据平台, 和教育平台): nothing Han right before it but a determiner (该, 本)."""
        if clause.mention_at(pos) is not None:
            return False
        if pos == clause.c0 or not ("\u4e00" <= text[pos - 1] <= "\u9fff"):
            return True
        return text[pos - 1] in self.rules.anaphor_determiners

    def _has_attribute_after(self, text: str, pos: int, clause: _Clause) -> bool:
        """An attribute noun follows ``pos`` in the clause with no trigger verb between."""
        m = clause.attributes.search(pos)
        if not m:
            return False
        # no trigger starts in [pos, first) even with the clause end as limit, so none can
        # with the nearer limit m.start(); searching from there keeps this linear
        first = clause.triggers.search(pos)
        if first is None or first.start() >= m.start():
            return True
        return self.rules.triggers.search(text, first.start(), m.start()) is None

    def _statement(self, doc, text, clause, qspan, scope, paragraph, main):  # noqa: ANN001, ANN202, PLR0913
        q = qspan._.quantity
        c0, c1 = clause.c0, clause.c1
        if q.quoted and not text[q.number_start : q.number_end].isascii():
            return None
        if clause.mention_at(q.start) is not None:
            return None
        predicate, p0, p1 = self._predicate(text, clause, q)
        if predicate is None:
            if scope.predicate is None or clause.first_trigger:
                return None
            predicate, p0, p1 = scope.predicate, q.start, q.start
        scope.predicate = predicate
        subject = scope.subject or main
        if subject is None:
            return None
        if (
            main is not None
            and subject is not main
            and not subject.platform
            and subject.label == "ORG"
            and subject.record["norm"].startswith(main.record["norm"])
            and not self.rules.legal_suffix.search(subject.record["norm"])
        ):
            subject = main  # a unit of the main org (陕西移动驻村工作队) speaks for it
        obj = self._object(text, q.end, c1) or self._object_before(text, p1, q.start)
        unit = q.unit or self._unit_from_object(obj)
        if not unit or unit in self.rules.skip_units:
            return None
        k = bisect_left(clause.gpe_starts, q.start) - 1
        while k >= 0 and clause.gpes[k] is subject:
            k -= 1
        place = clause.gpes[k] if k >= 0 else (scope.place or paragraph.place)
        k = bisect_left(clause.time_starts, q.start) - 1
        time = clause.times[k] if k >= 0 else (scope.time or paragraph.time)
        ev0 = min(x for x in (p0, q.start) if x is not None)
        if subject.start >= c0 and subject.end <= ev0 and ev0 - subject.start <= MAX_LOOKBACK:
            ev0 = subject.start
        ev1 = q.end
        rec: StatementRecord = {
            "subject": subject.record,
            "predicate": predicate,
            "value": _decimal_str(q.value),
            "unit": unit,
            "currency": q.currency,
            "object": obj or None,
            "approx": q.approx,
            "min_value": _decimal_str(q.min_value) if q.min_value is not None else None,
            "max_value": _decimal_str(q.max_value) if q.max_value is not None else None,
            "place": place.record if place else None,
            "time": original_text(doc)[time.start : time.end] if time else None,
            "evidence": original_text(doc)[ev0:ev1],
            "start": ev0,
            "end": ev1,
        }
        return rec

    def _predicate(self, text: str, clause: _Clause, q) -> tuple[str | None, int, int]:  # noqa: ANN001
        """The trigger verb (or attribute noun) nearest before the quantity, else the first
        trigger after it. Only the last :data:`MAX_LOOKBACK` characters are searched."""
        c0 = max(clause.c0, q.start - MAX_LOOKBACK)
        left = list(self.rules.triggers.finditer(text, c0, q.start))
        attr = list(self.rules.attribute.finditer(text, c0, q.start))
        best = None
        if left:
            best = left[-1]
        if attr and (
            best is None or attr[-1].start() >= best.end() or best.group() in self.rules.copulas
        ):
            best = attr[-1]  # 覆盖率达到80%: the attribute, not the copula, is the predicate
        elif best is not None and best.group() in self.rules.copulas:
            verbs = [m for m in left[:-1] if m.group() not in self.rules.copulas]
            if verbs:  # 累计实施扶贫项目达到125个: the verb, not the copula
                best = verbs[-1]
        if best is None:
            right = clause.triggers.search(q.end)
            if right:
                best = right
        if best is None:
            return None, 0, 0
        return best.group(), best.start(), best.end()

    def _object(self, text: str, pos: int, c1: int) -> str:
        """The noun phrase right after the quantity, up to a verb, 的 or punctuation."""
        end = pos
        limit = min(c1, pos + self.rules.max_object_chars)
        while end < limit and "\u4e00" <= text[end] <= "\u9fff" and text[end] != "的":
            end += 1
        obj = text[pos:end]
        for pattern in (self.rules.triggers, self.rules.object_stops):
            stop = pattern.search(obj)
            if stop:
                obj = obj[: stop.start()]
        return obj

    def _object_before(self, text: str, p1: int, qstart: int) -> str:
        """The noun phrase between predicate and quantity (直接帮扶项目34个)."""
        between = text[p1:qstart].strip()
        stop = self.rules.object_stops.search(between)
        if stop:
            between = between[: stop.start()]
        if 0 < len(between) <= self.rules.max_object_chars and all(
            "\u4e00" <= c <= "\u9fff" for c in between
        ):
            return between
        return ""

    def _unit_from_object(self, obj: str) -> str:
        for noun, unit in sorted(self.rules.object_unit_map.items(), key=lambda kv: -len(kv[0])):
            if obj.endswith(noun):
                return unit
        return ""


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
