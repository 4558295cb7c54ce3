"""Where things are in a document: sentences, clause breaks, tokens and mentions, each sorted
with their starts so that every question the relation stage asks ("how many clause breaks lie
between these two offsets?", "which token ends here?") is one bisection, never a scan.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc

from ..result import EntityRecord


def is_han(word: str) -> bool:
    """A non-empty run of Han characters (CJK unified ideographs)."""
    return bool(word) and all("\u4e00" <= c <= "\u9fff" for c in word)


@dataclass
class Mention:
    """An entity mention, or a nominal anaphor (全省, 该公司) resolved to one.

    ``key`` identifies the entity (canonical simplified name and label), so that the mentions
    of one entity compete as one candidate subject.
    """

    start: int
    end: int
    label: str
    record: EntityRecord
    anaphor: bool = False
    in_word: bool = False  # a one-character place inside a word of the segmenter (台|商)
    in_title: bool = False  # inside a quoted title or name that holds more (“雷锋车”)

    @property
    def key(self) -> tuple[str, str]:
        rec = self.record
        return (rec.get("canonical") or rec["norm"], self.label)


@dataclass
class Layout:
    """Sorted offsets of one document's sentences, clause breaks, tokens and mentions."""

    text: str
    sentences: list[tuple[int, int]]
    breaks: list[int]
    doc: Doc
    token_starts: list[int]
    token_ends: list[int]
    mentions: list[Mention]
    times: list[tuple[int, int]] = field(default_factory=list)
    quantities: list[tuple[int, int]] = field(default_factory=list)
    units: dict[int, str] = field(default_factory=dict)  # a quantity's start -> its unit
    mention_starts: list[int] = field(default_factory=list)
    time_starts: list[int] = field(default_factory=list)
    quantity_ends: list[int] = field(default_factory=list)
    sentence_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.mention_starts = [m.start for m in self.mentions]
        self.sentence_starts = [s for s, _ in self.sentences]
        self.time_starts = [s for s, _ in self.times]
        self.quantity_ends = [e for _, e in self.quantities]

    @classmethod
    def build(
        cls,
        doc: Doc,
        text: str,
        mentions: list[Mention],
        clause_split: re.Pattern[str],
        times: list[tuple[int, int]],
        quantities: Iterable[tuple[int, int, str]] = (),
        extra_breaks: Iterable[int] = (),
    ) -> Layout:
        """``extra_breaks``: clause breaks that are no punctuation (a dateline's last character:
        新华社华盛顿２月２日电（记者肖成林）|美国总统克林顿…)."""
        starts = doc.to_array(IDX).astype("int64")
        return cls(
            text=text,
            sentences=[(s.start_char, s.end_char) for s in doc.sents],
            breaks=sorted({m.start() for m in clause_split.finditer(text)} | set(extra_breaks)),
            doc=doc,
            token_starts=starts.tolist(),
            token_ends=(starts + doc.to_array(LENGTH).astype("int64")).tolist(),
            mentions=mentions,
            times=times,
            quantities=sorted((s, e) for s, e, _ in quantities),
            units={s: unit for s, _, unit in quantities},
        )

    # -- positions ----------------------------------------------------------------------------
    def sentence_of(self, pos: int) -> int:
        return max(0, bisect_right(self.sentence_starts, pos) - 1)

    def breaks_between(self, a: int, b: int) -> int:
        """Clause breaks (，；：) in ``[a, b)``."""
        return bisect_left(self.breaks, b) - bisect_left(self.breaks, a) if b > a else 0

    def clause_start(self, pos: int, floor: int) -> int:
        """Start of the clause holding ``pos``, not before ``floor`` (its sentence start)."""
        i = bisect_left(self.breaks, pos) - 1
        return max(floor, self.breaks[i] + 1) if i >= 0 else floor

    def clause_end(self, pos: int, ceiling: int) -> int:
        i = bisect_left(self.breaks, pos)
        return min(ceiling, self.breaks[i]) if i < len(self.breaks) else ceiling

    # -- tokens ---------------------------------------------------------------------------------
    def token_before(self, pos: int) -> str:
        """The simplified token that ends at ``pos`` ("" when none does)."""
        i = bisect_right(self.token_ends, pos) - 1
        return self.doc[i].norm_ if i >= 0 and self.token_ends[i] == pos else ""

    def token_after(self, pos: int) -> str:
        """The simplified token that starts at ``pos`` ("" when none does)."""
        i = bisect_left(self.token_starts, pos)
        starts = self.token_starts
        return self.doc[i].norm_ if i < len(starts) and starts[i] == pos else ""

    def iter_tokens(self, a: int, b: int) -> Iterator[tuple[int, int, str]]:
        """The tokens wholly inside ``[a, b)``, lazily: a reader that stops at the first few
        must not pay for the rest of a long clause (a 300,000-character one is no clause
        of news, but a scraped page without punctuation is)."""
        k = bisect_left(self.token_starts, a)
        while k < len(self.token_starts) and self.token_ends[k] <= b:
            yield self.token_starts[k], self.token_ends[k], self.doc[k].norm_
            k += 1

    def tokens_in(self, a: int, b: int) -> list[tuple[int, int, str]]:
        """The tokens wholly inside ``[a, b)`` as (start, end, simplified text)."""
        i, j = bisect_left(self.token_starts, a), bisect_right(self.token_starts, b)
        return [
            (self.token_starts[k], self.token_ends[k], self.doc[k].norm_)
            for k in range(i, j)
            if self.token_ends[k] <= b
        ]

    # -- mentions -------------------------------------------------------------------------------
    def mentions_in(self, a: int, b: int) -> list[Mention]:
        """Mentions wholly inside ``[a, b)``."""
        i, j = bisect_left(self.mention_starts, a), bisect_left(self.mention_starts, b)
        return [m for m in self.mentions[i:j] if m.end <= b]

    def mentions_back(self, a: int, b: int) -> Iterator[Mention]:
        """The mentions wholly inside ``[a, b)``, nearest to ``b`` first, lazily: a search
        for the nearest one of a kind must not pay for the whole of a long sentence."""
        i = bisect_left(self.mention_starts, b) - 1
        while i >= 0 and self.mentions[i].start >= a:
            if self.mentions[i].end <= b:
                yield self.mentions[i]
            i -= 1

    def first_mention(self, a: int, b: int) -> Mention | None:
        """The first mention wholly inside ``[a, b)``, or None."""
        i = bisect_left(self.mention_starts, a)
        while i < len(self.mentions) and self.mentions[i].start < b:
            if self.mentions[i].end <= b:
                return self.mentions[i]
            i += 1
        return None

    def in_quantity(self, start: int, end: int, counted: bool = False) -> bool:
        """``[start, end)`` overlaps a quantity (万 of 万亩); with ``counted``, also where it
        starts right at one's end, the noun that quantity counts (３４个|县已有２１个)."""
        i = (bisect_left if counted else bisect_right)(self.quantity_ends, start)
        return i < len(self.quantities) and self.quantities[i][0] < end

    def quantity_in(self, start: int, end: int) -> tuple[int, int] | None:
        """The first quantity that overlaps ``[start, end)``, as its offsets, or None."""
        i = bisect_right(self.quantity_ends, start)
        if i < len(self.quantities) and self.quantities[i][0] < end:
            return self.quantities[i]
        return None

    def opens_clause(self, pos: int) -> bool:
        """Nothing but a time stands between the clause's start and ``pos`` (１９９７年我国…,
        ，我国…, ，与美、日…): a word there is the clause's topic or opens it, not the object of
        a verb or a preposition before it (是我国第一人口大省, 对我国进行访问)."""
        return pos == 0 or not is_han(self.text[pos - 1]) or self.in_time(pos - 1)

    def in_time(self, pos: int) -> bool:
        """``pos`` lies inside a time expression (去年, 截至12月底)."""
        i = bisect_right(self.time_starts, pos) - 1
        return i >= 0 and pos < self.times[i][1]

    def mention_at(self, pos: int) -> Mention | None:
        i = bisect_right(self.mention_starts, pos) - 1
        if i >= 0 and self.mentions[i].start <= pos < self.mentions[i].end:
            return self.mentions[i]
        return None
