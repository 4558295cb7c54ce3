"""Chinese administrative divisions: find places in text and link them to GB/T 2260 codes.

The data is the compiled ``resources/gazetteer/areas.msgpack.gz`` (see ``build.py``): every
province, prefecture, county and township with the surface forms derived from its official
name, each with a kind (``full``, ``short`` anywhere; ``bare`` only right after the area's own
province or city). Two hand-written files are read at load time so they can be edited without a
rebuild: ``stoplist.json`` (short forms that are ordinary words, and non-place words that contain
a place name) and ``abbreviations.json`` (川 陕 ...).

Matching is precision first: the leftmost longest form wins, blockers (孙中山, 长治久安) consume
their characters, and a fused phrase (四川盐源县, 安徽金寨) yields one match per area. Same-named
areas (several 朝阳区) are told apart by the other places of the same text.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import srsly

from ..paths import RESOURCES

RESOURCE_DIR = RESOURCES / "gazetteer"
LEVEL_RANK = {"province": 0, "city": 1, "county": 2, "township": 3}
_FULL, _SHORT, _BARE = 0, 1, 2
# Generic suffixes that may be shared with the next area's name (济南市|市中区).
_SUFFIX_CHARS = frozenset("省市州盟县区旗镇乡")
_NAME_DOTS = frozenset("·•‧・")


@dataclass(frozen=True)
class Area:
    """One division. ``code`` is GB/T 2260 (6 digits) or the NBS 9-digit township code."""

    code: str
    name: str
    level: str
    parent: str | None


@dataclass(frozen=True)
class PlaceMatch:
    """A place found in text: offsets into that text, candidate codes, the chosen one."""

    start: int
    end: int
    text: str
    candidates: tuple[str, ...]
    area: str | None


@dataclass
class _Raw:
    start: int
    end: int
    candidates: tuple[str, ...]
    fused: tuple[str, ...]  # candidates licensed by the place right before (四川|盐源)


class Gazetteer:
    """Lookup, parent chains, matching in running text and context-based linking."""

    def __init__(
        self,
        areas: dict[str, tuple[str, str, str | None]],
        forms: dict[str, Sequence[Sequence]],
        stop: Iterable[str] = (),
        blockers: Iterable[str] = (),
        abbreviations: dict[str, str] | None = None,
        tail_words: Iterable[str] = (),
        never: Iterable[str] = (),
        tail_exceptions: Iterable[str] = (),
    ) -> None:
        """``areas``: code -> (name, level, parent or None); ``forms``: form -> [(code, kind)]
        with kind 0 full, 1 short, 2 bare. Area objects are made on demand (load speed)."""
        self._rows = areas
        self._made: dict[str, Area] = {}
        forms = dict(forms)
        self._forms = forms
        # never: bare forms that stay words even after their province (湖北省公安厅)
        for f in never:
            if f in forms:
                kept = [e for e in forms[f] if e[1] != _BARE]
                if kept:
                    forms[f] = kept
                else:
                    del forms[f]
        self._stop = frozenset(stop)
        self._blockers = frozenset(b for b in blockers if len(b) >= 2)
        self._abbrev = dict(abbreviations or {})
        self._ancestors: dict[str, tuple[str, ...]] = {}
        self._t2s = None
        tails: dict[str, set[str]] = {}
        for w in tail_words:
            if len(w) >= 2:
                tails.setdefault(w[0], set()).add(w)
        self._tails = {ch: tuple(sorted(ws, key=len, reverse=True)) for ch, ws in tails.items()}
        self._tail_exceptions = tuple(sorted(set(tail_exceptions), key=len, reverse=True))
        self._tail_max = max((len(w) for ws in tails.values() for w in ws), default=2)
        # Candidate lengths by two-character prefix, longest first: a text position that
        # starts no form costs one slice and one dict probe, which keeps find() fast.
        by_prefix: dict[str, set[int]] = {}
        for form in [*self._forms, *self._blockers]:
            if len(form) >= 2:
                by_prefix.setdefault(form[:2], set()).add(len(form))
        self._prefix = {p: tuple(sorted(ls, reverse=True)) for p, ls in by_prefix.items()}

    # ---------------------------------------------------------------- loading
    @classmethod
    def load(cls, path: Path | None = None) -> Gazetteer:
        """Load a compiled resource folder (default: the packaged one)."""
        folder = Path(path) if path is not None else RESOURCE_DIR
        if folder.is_file():
            folder = folder.parent
        with gzip.open(folder / "areas.msgpack.gz", "rb") as f:
            data = srsly.msgpack_loads(f.read())
        levels = data["levels"]
        areas = {c: (n, levels[lv], p or None) for c, n, lv, p in data["areas"]}
        forms = data["forms"]
        stop_file = folder / "stoplist.json"
        stop: list[str] = []
        never: list[str] = []
        blockers: list[str] = []
        tails: list[str] = []
        tail_exceptions: list[str] = []
        if stop_file.exists():
            s = srsly.read_json(stop_file)
            stop = [w for group in s["alone"].values() for w in group]
            never = [w for group in s["never"].values() for w in group]
            blockers = [w for group in s["blockers"].values() for w in group]
            tails = [w for group in s["tail_words"].values() for w in group]
            tail_exceptions = [w for group in s["tail_exceptions"].values() for w in group]
        abbr_file = folder / "abbreviations.json"
        abbrev = {}
        if abbr_file.exists():
            abbrev = {k: v for k, v in srsly.read_json(abbr_file).items() if len(k) == 1}
        return cls(areas, forms, stop, blockers, abbrev, tails, never, tail_exceptions)

    # ---------------------------------------------------------------- lookups
    def area(self, code: str) -> Area | None:
        """The area with this code (6-digit; 2/4-digit province/city codes are padded)."""
        if len(code) in (2, 4):
            code = code.ljust(6, "0")
        got = self._made.get(code)
        if got is None:
            row = self._rows.get(code)
            if row is None:
                return None
            got = self._made[code] = Area(code, *row)
        return got

    def _level(self, code: str) -> str:
        return self._rows[code][1]

    def __len__(self) -> int:
        return len(self._rows)

    def ancestors(self, code: str) -> tuple[str, ...]:
        """Codes of the parents of ``code``, nearest first (cached)."""
        got = self._ancestors.get(code)
        if got is None:
            out = []
            row = self._rows.get(code)
            while row is not None and row[2]:
                out.append(row[2])
                row = self._rows.get(row[2])
            got = self._ancestors[code] = tuple(out)
        return got

    def chain(self, code: str) -> list[Area]:
        """Parents of ``code``, nearest first: 盐源县 -> [凉山彝族自治州, 四川省]."""
        return [a for a in map(self.area, self.ancestors(code)) if a is not None]

    def _simplify(self, name: str) -> str:
        if self._t2s is None:
            import opencc

            self._t2s = opencc.OpenCC("t2s")
        return self._t2s.convert(name)

    def lookup(self, name: str) -> list[Area]:
        """Areas called ``name``: full names and every derived short form (盐源, 凉山州).

        Traditional input is accepted (converted with OpenCC t2s). Higher levels come first.
        One-character abbreviations are not names: see ``abbreviation``.
        """
        name = name.strip()
        entry = self._forms.get(name)
        if entry is None:
            entry = self._forms.get(self._simplify(name))
        if not entry:
            return []
        areas = [a for a in (self.area(c) for c, _ in entry) if a is not None]
        return sorted(areas, key=lambda a: (LEVEL_RANK[a.level], a.code))

    def abbreviation(self, ch: str) -> Area | None:
        """The province a one-character abbreviation stands for (川 -> 四川省)."""
        code = self._abbrev.get(ch) or self._abbrev.get(self._simplify(ch)) if ch else None
        return self.area(code) if code else None

    # ---------------------------------------------------------------- matching
    def find(self, text: str) -> list[PlaceMatch]:
        """Places in simplified ``text``, left to right, with their disambiguated codes."""
        raws = self._scan(text)
        chosen = self._disambiguate(raws)
        return [
            PlaceMatch(r.start, r.end, text[r.start : r.end], r.candidates, a)
            for r, a in zip(raws, chosen, strict=True)
        ]

    def _scan(self, text: str) -> list[_Raw]:
        out: list[_Raw] = []
        n = len(text)
        i = 0
        prev_end = -1
        prev_codes: tuple[str, ...] = ()
        while i < n - 1:
            if text[i : i + 2] not in self._prefix:
                i += 1
                continue
            hit, blocked = self._match_at(text, i, prev_end == i, prev_codes)
            if blocked:
                i += blocked
                prev_end = -1
            elif hit is not None:
                out.append(hit)
                prev_end, prev_codes = hit.end, hit.candidates
                i = hit.end
            else:
                i += 1
        return out

    def _match_at(
        self, text: str, i: int, adjacent: bool, prev_codes: tuple[str, ...]
    ) -> tuple[_Raw | None, int]:
        """The longest acceptable form at ``i`` (or the length of a blocker starting there).

        ``adjacent``: a place ends right at ``i`` (its codes in ``prev_codes``), which licenses
        bare and stop-listed forms of the areas under it (四川|盐源, 天津|和平).
        """
        forms, stop, tails = self._forms, self._stop, self._tails
        n = len(text)
        for length in self._prefix.get(text[i : i + 2], ()):
            end = i + length
            if end > n:
                continue
            s = text[i:end]
            if s in self._blockers:
                return None, length
            entry = forms.get(s)
            if entry is None:
                continue
            anywhere: list[str] = []
            fused: list[str] = []
            for code, kind in entry:
                if adjacent and any(p in prev_codes for p in self.ancestors(code)):
                    fused.append(code)
                elif kind != _BARE and s not in stop:
                    anywhere.append(code)
            if not (anywhere or fused):
                continue
            cands = tuple(fused + anywhere)
            # Transliterated foreign names are joined by a middle dot (本·阿里, 阿里·阿卜杜拉).
            if (i and text[i - 1] in _NAME_DOTS) or (end < n and text[end] in _NAME_DOTS):
                continue
            # The last character may begin the next word (上海市|委, 重大|理论 -> 大理|论,
            # 南海|北部 -> 海北|部): give it back, keeping the shorter form when it names the
            # same areas (上海市 -> 上海), else dropping this reading (never a province's).
            rest = text[end - 1 : end + self._tail_max - 1]
            tailed = any(rest.startswith(w) for w in tails.get(text[end - 1], ()))
            if tailed and text.startswith(self._tail_exceptions, end):
                tailed = False
            if tailed or (s[-1] in _SUFFIX_CHARS and self._child_at(text, end - 1, cands)):
                shorter = forms.get(s[:-1]) if length > 2 else None
                if shorter and set(cands) <= {c for c, _ in shorter}:
                    return _Raw(i, end - 1, cands, tuple(fused)), 0
                if not all(self._level(c) == "province" for c in cands):
                    continue
            return _Raw(i, end, cands, tuple(fused)), 0
        return None, 0

    def _child_at(self, text: str, j: int, parents: tuple[str, ...]) -> bool:
        """Does an area under ``parents`` start at ``j`` (济南市中区 = 济南 + 市中区)?"""
        if text[j : j + 2] not in self._prefix:
            return False
        hit, _ = self._match_at(text, j, True, parents)
        return hit is not None and bool(hit.fused)

    def _disambiguate(self, raws: list[_Raw]) -> list[str | None]:
        """One code per match where the text allows it, else None (candidates stay)."""
        chosen: list[str | None] = []
        for idx, r in enumerate(raws):
            cands = self._drop_nested(r.candidates)
            if len(cands) == 1:
                chosen.append(cands[0])
                continue
            if r.fused:
                pick = self._highest(self._drop_nested(r.fused))
                if pick:
                    chosen.append(pick)
                    continue
            # other places of the text, the nearest preceding first, then the following ones
            order = [raws[j] for j in range(idx - 1, -1, -1)]
            order += [raws[j] for j in range(idx + 1, len(raws))]
            pick = self._by_context(cands, [o.candidates for o in order])
            chosen.append(pick if pick else self._default(cands))
        return chosen

    def _drop_nested(self, cands: Sequence[str]) -> tuple[str, ...]:
        """Drop a candidate whose ancestor is also a candidate (嘉峪关市 city vs its district)."""
        if len(cands) < 2:
            return tuple(cands)
        s = set(cands)
        return tuple(c for c in cands if not any(p in s for p in self.ancestors(c)))

    def _highest(self, cands: Sequence[str]) -> str | None:
        """The single candidate of the highest level, if there is exactly one."""
        if not cands:
            return None
        ranks = [LEVEL_RANK[self._level(c)] for c in cands]
        best = min(ranks)
        top = [c for c, r in zip(cands, ranks, strict=True) if r == best]
        return top[0] if len(top) == 1 else None

    def _by_context(self, cands: Sequence[str], context: Sequence[Sequence[str]]) -> str | None:
        """First context group under which (or inside which) exactly one candidate lies."""
        for group in context:
            g = set(group)
            under = [c for c in cands if any(p in g for p in self.ancestors(c))]
            if under:
                pick = under[0] if len(under) == 1 else self._highest(under)
                if pick:
                    return pick
        for group in context:  # a named sub-area: 朝阳区望京街道
            if len(group) != 1:
                continue
            above = [c for c in cands if c in self.ancestors(group[0])]
            if len(above) == 1:
                return above[0]
        return None

    def _default(self, cands: Sequence[str]) -> str | None:
        """Without context a province beats same-named prefectures (吉林, 海南)."""
        provinces = [c for c in cands if self._level(c) == "province"]
        return provinces[0] if len(provinces) == 1 else None

    def link(self, name: str, context: Sequence[str] = ()) -> Area | None:
        """The area ``name`` refers to, choosing among same-named ones with ``context`` codes
        (the other places of the document or phrase, most relevant first)."""
        cands = self._drop_nested([a.code for a in self.lookup(name)])
        if not cands:
            return None
        if len(cands) == 1:
            return self.area(cands[0])
        pick = self._by_context(cands, [(c,) for c in context if c])
        pick = pick or self._default(cands)
        return self.area(pick) if pick else None
