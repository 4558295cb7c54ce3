"""Linking quantities to subjects, predicates, places and times, clause by clause.

The unit of analysis is the clause (text between ，；：). Within a sentence the subject
carries over from clause to clause (中国电信于2017年实现…，新建…157个); across sentences the
default subject is the organisation the article is about (the most mentioned ORG), which is
also what nominal anaphors (集团公司, 全集团) resolve to. A clause that is only an adverbial
frame (在…会上, 在四川盐源县、木里县) contributes place and time scope, never statements.
"""

from __future__ import annotations

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
        text = doc._.simplified or original_text(doc)
        out = [
            Mention(
                e.start_char,
                e.end_char,
                e.label_,
                entity_record(doc, e.start_char, e.end_char, e.label_, e),
            )
            for e in doc.ents
        ]
        orgs = [(m.start, m.end) for m in out if m.label == "ORG"]
        for p in find_platforms(text, orgs, self.rules):
            if not in_content(doc, p.start, p.end):
                continue
            out = [m for m in out if not (p.start <= m.start and m.end <= p.end)]
            if any(m.start < p.end and p.start < m.end for m in out):
                continue
            rec = entity_record(doc, p.start, p.end, "ORG")
            out.append(Mention(p.start, p.end, "ORG", rec, platform=True))
        return sorted(out, key=lambda m: m.start)

    def main_org(self, mentions: list[Mention]) -> Mention | None:
        """The organisation the article is about: the most mentioned ORG (short names count
        for the long names that start with them: 中国电信 ⊂ 中国电信集团有限公司)."""
        orgs = [m for m in mentions if m.label == "ORG" and not m.platform]
        if not orgs:
            return None
        counts: Counter[str] = Counter(m.record["norm"] for m in orgs)
        names = sorted(counts, key=len)
        score: Counter[str] = Counter()
        for name in names:
            score[name] = sum(c for other, c in counts.items() if other.startswith(name))
        best = max(
            names, key=lambda n: (score[n], -min(m.start for m in orgs if m.record["norm"] == n))
        )
        return next(m for m in orgs if m.record["norm"] == best)

    # -- statements -------------------------------------------------------------------
    def __call__(self, doc: Doc) -> tuple[list[Mention], list[StatementRecord]]:
        text = doc._.simplified or original_text(doc)
        mentions = self.mentions(doc)
        main = self.main_org(mentions)
        quantities = [s for s in doc.spans.get("quantities", []) if s._.quantity is not None]
        times = [s._.time for s in doc.spans.get("times", []) if s._.time is not None]
        statements: list[StatementRecord] = []
        last_platform: Mention | None = None
        paragraph = _Scope()
        para_line = -1
        for sent in doc.sents:
            s0, s1 = sent.start_char, sent.end_char
            if not in_content(doc, s0, s1) or not text[s0:s1].strip():
                continue
            line = text.count("\n", 0, s0)
            if line != para_line:
                paragraph, para_line = _Scope(), line
            scope = _Scope()
            for c0, c1 in self._clauses(text, s0, s1):
                c_ments = [m for m in mentions if c0 <= m.start and m.end <= c1]
                for m in c_ments:
                    if m.platform:
                        last_platform = m
                c_quants = [q for q in quantities if c0 <= q.start_char < c1]
                c_times = [t for t in times if c0 <= t.start < c1]
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
                subject = self._subject(text, c0, c1, c_ments, main, last_platform)
                if subject is not None:
                    scope.subject = subject
                for qspan in c_quants:
                    st = self._statement(
                        doc, text, c0, c1, qspan, c_ments, c_times, scope, paragraph, main
                    )
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

    def _subject(self, text, c0, c1, ments, main, last_platform):  # noqa: ANN001, ANN202
        """The explicit subject of a clause: the last subject-like mention before its first
        trigger verb, not governed by a preposition; anaphors resolve to their antecedent."""
        trig = self.rules.triggers.search(text, c0, c1)
        limit = trig.start() if trig else c1
        cands: list[tuple[int, Mention]] = []
        for m in ments:
            if m.start >= limit or m.label not in self.rules.subject_labels:
                continue
            before = text[max(c0, m.start - 2) : m.start].strip()
            if before.endswith(self.rules.non_subject_before):
                continue
            if m.label == "GPE" and not self._has_attribute_after(text, m.end, c1):
                continue
            cands.append((m.start, m))
        for a in self.rules.org_anaphors.finditer(text, c0, limit):
            if main is not None and self._is_anaphor(text, c0, a.start(), ments):
                before = text[max(c0, a.start() - 2) : a.start()].strip()
                if not before.endswith(self.rules.non_subject_before):
                    cands.append((a.start(), main))
        for a in self.rules.platform_anaphors.finditer(text, c0, limit):
            if last_platform is not None and self._is_anaphor(text, c0, a.start(), ments):
                cands.append((a.start(), last_platform))
        return max(cands, key=lambda c: c[0])[1] if cands else None

    def _is_anaphor(self, text: str, c0: int, pos: int, ments: list[Mention]) -> bool:
        """A bare 平台/公司 stands for an antecedent only where it is not the head of a longer
        name (大数据平台, 和教育平台): nothing Han right before it but a determiner (该, 本)."""
        if any(m.start <= pos < m.end for m in ments):
            return False
        if pos == c0 or not ("\u4e00" <= text[pos - 1] <= "\u9fff"):
            return True
        return text[pos - 1] in self.rules.anaphor_determiners

    def _has_attribute_after(self, text: str, pos: int, c1: int) -> bool:
        m = self.rules.attribute.search(text, pos, c1)
        if not m:
            return False
        trig = self.rules.triggers.search(text, pos, m.start())
        return trig is None

    def _statement(self, doc, text, c0, c1, qspan, ments, times, scope, paragraph, main):  # noqa: ANN001, ANN202, PLR0913
        q = qspan._.quantity
        if q.quoted and not text[q.number_start : q.number_end].isascii():
            return None
        if any(m.start <= q.start < m.end for m in ments):
            return None
        predicate, p0, p1 = self._predicate(text, c0, c1, q)
        if predicate is None:
            if scope.predicate is None or self.rules.triggers.search(text, c0, c1):
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
        places = [m for m in ments if m.label == "GPE" and m is not subject and m.start < q.start]
        place = places[-1] if places else (scope.place or paragraph.place)
        before = [t for t in times if t.start < q.start]
        time = before[-1] if before else (scope.time or paragraph.time)
        ev0 = min(x for x in (p0, q.start) if x is not None)
        if subject.start >= c0 and subject.end <= ev0:
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

    def _predicate(self, text: str, c0: int, c1: int, q) -> tuple[str | None, int, int]:  # noqa: ANN001
        left = [m for m in self.rules.triggers.finditer(text, c0, q.start)]
        attr = [m for m in self.rules.attribute.finditer(text, c0, q.start)]
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
            right = self.rules.triggers.search(text, q.end, c1)
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
