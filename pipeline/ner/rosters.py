"""Rosters: lists of people's names printed without separators, cut into names.

News prints committee lists and delegations as runs of names (委员：李鹏乔石李瑞环…), and
text copied from such pages loses the spaces between them. The character model then runs two
names into one (黄菊尉, 巴金钱学森), or cuts one in two and leaves the rest (耿飚姬 … 鹏飞):
on MSRA test, whose 25 rosters hold a third of its persons, it found 467 of their 647 names.

A roster shows itself by the model's own spans: three person names or more, at least two of
them side by side, the rest parted by short untagged stretches (or a note such as （女）).
Such a run is cut again, as a whole, into the best sequence of pieces by dynamic programming:

- a name: a surname of the model's surname list (1 or 2 characters, its rank in that
  frequency-ordered list scoring it) and one or two characters more, a bonus where the model
  found exactly that span, a small cost for a two-character name;
- a span of the model kept as it was: a foreign name (阿沛·阿旺晋美, never cut into) is kept
  gladly, any other only at a high cost (伍绍祖华国锋, six characters, is two names);
- an untagged stretch between two of the model's names left out whole, at a cost per
  character; a stretch is named in full or not at all, so 会见了 or 新华社记者 between two
  bylines never turns into names;
- a note (（女）), neither name nor cost.

Untagged characters before the run's first name (after punctuation) and after its last are
taken in only if they are names by themselves. Settings: ``entity_rules.json`` "rosters".
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

Pred = tuple[int, int, str]  # as rules.Pred, which imports this module
_HAN = re.compile(r"[\u4e00-\u9fff]+")
_PERSON = "PERSON"


@dataclass(frozen=True)
class _Step:
    """The best way found to cover the text up to a position: its score, where its last
    piece starts, and whether that piece is a name."""

    score: float
    start: int
    name: bool


@dataclass(frozen=True)
class RosterSettings:
    """``entity_rules.json`` "rosters" (its ``_rosters_doc`` says what each is)."""

    min_names: int
    min_adjacent: int
    max_gap: int
    max_edge: int
    surname_scale: float
    two_chars: float
    model_bonus: float
    keep: float
    skip: float
    note: str


class Rosters:
    """The ``rosters`` rule: person spans of a run of names cut again into names."""

    def __init__(self, surnames: Iterable[str], settings: dict[str, Any]) -> None:
        # rank 1 = the most frequent surname: the list is in order of frequency
        self.rank = {s: i + 1 for i, s in enumerate(surnames)}
        self.settings = RosterSettings(**settings)
        self.note = re.compile(self.settings.note)

    def __call__(self, chunk: str, preds: list[Pred]) -> list[Pred]:
        """``preds`` with the person spans of each roster run of ``chunk`` cut again."""
        if not self.rank:
            return preds
        persons = sorted(p for p in preds if p[2] == _PERSON and p[1] - p[0] >= 2)
        if len(persons) < self.settings.min_names:
            return preds
        chosen = set(persons)
        out = [p for p in preds if p not in chosen]
        others = [False] * (len(chunk) + 1)
        for s, e, _ in out:
            others[s:e] = [True] * (e - s)
        for run in self._runs(chunk, persons, others):
            out.extend((self._roster(run) and self._recut(chunk, run, others)) or run)
        return sorted(out)

    def _runs(self, chunk: str, persons: list[Pred], others: list[bool]) -> list[list[Pred]]:
        """The persons in chains: each linked to the next by a stretch of at most ``max_gap``
        untagged Han characters, or by a note."""
        runs: list[list[Pred]] = [[persons[0]]]
        for p in persons[1:]:
            last = runs[-1][-1]
            gap = chunk[last[1] : p[0]]
            linked = p[0] >= last[1] and not any(others[last[1] : p[0]]) and (
                gap == "" or (len(gap) <= self.settings.max_gap and _HAN.fullmatch(gap) is not None)
                or self.note.fullmatch(gap) is not None
            )
            if linked:
                runs[-1].append(p)
            else:
                runs.append([p])
        return runs

    def _roster(self, run: list[Pred]) -> bool:
        """Whether a chain is long enough, and close enough, to be a roster."""
        adjacent = sum(a[1] == b[0] for a, b in itertools.pairwise(run))
        return len(run) >= self.settings.min_names and adjacent >= self.settings.min_adjacent

    def _recut(self, chunk: str, run: list[Pred], others: list[bool]) -> list[Pred] | None:
        """The run's names, with those of its untagged edges; None where nothing changes."""
        start, end = run[0][0], run[-1][1]
        cut = self._best(chunk, start, end, [(s, e) for s, e, _ in run])
        if cut is None:
            return None
        before, after = self._edge(chunk, start, -1, others), self._edge(chunk, end, 1, others)
        left = self._best(chunk, before, start, []) if before < start else []
        right = self._best(chunk, end, after, []) if after > end else []
        names = (left or []) + cut + (right or [])
        new = [(s, e, _PERSON) for s, e in names]
        return None if new == run else new

    def _edge(self, chunk: str, pos: int, step: int, others: list[bool]) -> int:
        """Where the untagged Han characters next to ``pos`` (before it with ``step`` -1,
        after it with 1) end, if they end within ``max_edge`` of them; else ``pos``: they run
        on into a sentence, not to the roster's edge."""

        def free(i: int) -> bool:
            k = i - 1 if step < 0 else i
            return 0 <= k < len(chunk) and not others[k] and _HAN.fullmatch(chunk[k]) is not None

        i = pos
        while free(i) and abs(i - pos) < self.settings.max_edge:
            i += step
        return pos if free(i) else i

    def _name(self, piece: str) -> float | None:
        """The score of ``piece`` as a surname and one or two characters; None if it is not
        shaped so."""
        scores = [
            -math.log(self.rank[piece[:k]]) / self.settings.surname_scale
            + (self.settings.two_chars if len(piece) == 2 else 0.0)
            for k in (1, 2)
            if piece[:k] in self.rank and 1 <= len(piece) - k <= 2
        ]
        return max(scores) if scores else None

    def _best(
        self, chunk: str, start: int, end: int, spans: list[tuple[int, int]]
    ) -> list[tuple[int, int]] | None:
        """The best cover of ``chunk[start:end]`` (module docstring) by names, the model's
        ``spans`` kept, whole untagged stretches left out (only where ``spans`` are given)
        and notes; its names, or None if none covers it."""
        model = set(spans)
        atomic = [(s, e) for s, e in spans if not _HAN.fullmatch(chunk[s:e])]
        tagged = [False] * (end - start)
        for s, e in spans:
            tagged[s - start : e - start] = [True] * (e - s)
        gaps = set()
        i = start
        while i < end:
            if tagged[i - start]:
                i += 1
                continue
            j = i
            while j < end and not tagged[j - start]:
                j += 1
            gaps.add((i, j))
            i = j
        longest = max([4, self.settings.max_gap, *(e - s for s, e in spans)])
        best: dict[int, _Step] = {start: _Step(0.0, start, False)}
        for i in range(start + 1, end + 1):
            step: _Step | None = None
            for j in range(max(start, i - longest), i):
                if j not in best:
                    continue
                for score, name in self._pieces(chunk, j, i, model, atomic, gaps, bool(spans)):
                    total = best[j].score + score
                    if step is None or total > step.score:
                        step = _Step(total, j, name)
            if step is not None:
                best[i] = step
        if end not in best:
            return None
        names = []
        i = end
        while i > start:
            step = best[i]
            if step.name:
                names.append((step.start, i))
            i = step.start
        return names[::-1]

    def _pieces(
        self,
        chunk: str,
        j: int,
        i: int,
        model: set[tuple[int, int]],
        atomic: list[tuple[int, int]],
        gaps: set[tuple[int, int]],
        run: bool,
    ) -> list[tuple[float, bool]]:
        """What ``chunk[j:i]`` may be, with its score and whether it is a name."""
        cfg = self.settings
        piece = chunk[j:i]
        options: list[tuple[float, bool]] = []
        if self.note.fullmatch(piece):
            options.append((0.0, False))
        if run and (j, i) in gaps:
            options.append((cfg.skip * (i - j), False))
        if (j, i) in atomic:
            options.append((cfg.model_bonus, True))
        elif _HAN.fullmatch(piece) and not any(s < i and j < e for s, e in atomic):
            score = self._name(piece) if i - j <= 4 else None
            if score is not None:
                options.append((score + (cfg.model_bonus if (j, i) in model else 0.0), True))
            elif run and (j, i) in model:
                options.append((cfg.keep, True))
        return options
