"""Nominal anaphors (全省, 该县, 该公司) resolved to the named entity they stand for.

An anaphor names a kind of entity: a level of the administrative hierarchy (全省 -> a
province; 我国 -> the writer's own country, never a foreign one the text names) or an
organisation whose name ends with a head (该行 -> ...银行). It resolves to
the nearest earlier mention of that kind, else to the document's most mentioned one; with
no place of its level named, a place nominal (全市) resolves to an organisation whose name
opens with such a place (济南市卫生局, as the dev gold has it). An anaphor with nothing of its
kind in the text stays unresolved (全国 in a text that names no country), so its quantities
are not attributed to a guess.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from functools import partial

from .layout import Mention
from .rules import RelationRules

# GB/T 2260 codes: PP0000 a province, PPCC00 a prefecture, anything else a county; names
# longer than six digits (township codes) are towns.
_CODE_LEVEL = (("province", "0000"), ("city", "00"))


def gpe_levels(m: Mention, rules: RelationRules) -> frozenset[str]:
    """The administrative levels of a place mention: from its code, else its name's suffix.
    A province-level city (北京市: a 直辖市) is a province and a city, a county-level city
    (汨罗市, 晋江市: a 县级市) a county and a city, so that 全市 and 本市 find them."""
    name = m.record.get("canonical") or m.record["norm"]
    code = m.record.get("code")
    if code:
        if len(code) > 6:
            return frozenset(("town",))
        level = next((lv for lv, tail in _CODE_LEVEL if code.endswith(tail)), "county")
        if name.endswith(rules.gpe_levels.get("city", ())):  # a 直辖市 or a 县级市
            return frozenset((level, "city"))
        return frozenset((level,))
    for level, suffixes in rules.gpe_levels.items():
        if name.endswith(suffixes):
            return frozenset((level,))
    return frozenset()


def resolve_anaphors(
    text: str,
    mentions: list[Mention],
    rules: RelationRules,
    spans: list[tuple[int, int]],
    word_end: Callable[[int], bool],
) -> list[Mention]:
    """Anaphor mentions in the ``spans`` of ``text`` that are not inside a name, each a copy
    of the mention it resolves to placed at the anaphor's offsets; ``word_end(i)``: whether
    a word of the segmenter ends at ``i`` (where a demonstrative phrase must end)."""
    if not mentions:
        return []
    starts = [m.start for m in mentions]
    levels = {id(m): gpe_levels(m, rules) for m in mentions if m.label == "GPE"}
    counts = Counter(m.key for m in mentions)
    out: list[Mention] = []
    determiners = rules.anaphor_determiners
    for a, b in spans:
        for hit in rules.anaphors.finditer(text, a, b):
            pos = hit.start()
            i = bisect_right(starts, pos) - 1
            if i >= 0 and mentions[i].end > pos:
                continue  # part of a name
            word = hit.group()
            if not word.startswith(tuple(determiners)) and pos > 0:
                prev = text[pos - 1]
                if "\u4e00" <= prev <= "\u9fff" and prev not in determiners:
                    continue  # the head of a longer noun (上市公司, 子公司), not an anaphor
            found = rules.kind_of(word)
            if found is None or (word not in rules.anaphor_kinds and not word_end(hit.end())):
                continue  # 这个市|场: a phrase's head is a whole word, or no head
            label, kind = found

            def fits(m: Mention, label: str = label, kind: str = kind) -> bool:
                if m.label != label or m.in_word:
                    return False  # 中 of 中药 stands for no antecedent
                name = m.record.get("canonical") or m.record["norm"]
                if label == "GPE" and kind == "home":  # 我国: the writer's country
                    return name in rules.home_countries
                if label == "GPE" and kind not in rules.gpe_levels:
                    # 全区: a 自治区, 地区 or 区 as the text or the gazetteer names it, never a 省
                    return name.endswith(kind) or m.record["norm"].endswith(kind)
                if label == "GPE":
                    return kind in levels.get(id(m), ())
                return not kind or name.endswith(kind)

            target = _nearest(mentions, i, fits, counts)
            inside = label == "GPE" and kind in rules.gpe_levels and kind != "country"
            if target is None and inside:
                # 济南市卫生局局长…全市已建起21个: the city is named only inside a body's name
                # (never a country: 古巴国务委员会 is no 古巴国)
                target = _nearest(
                    mentions, i, partial(_place_inside, suffixes=rules.gpe_levels[kind]), counts
                )
            if target is not None:
                out.append(
                    Mention(pos, hit.end(), target.label, target.record, anaphor=True)
                )
    return out


def _nearest(
    mentions: list[Mention], i: int, fits: Callable[[Mention], bool], counts: Counter
) -> Mention | None:
    """The last mention up to ``mentions[i]`` that fits, else the most mentioned one that
    does, else None."""
    target = next((m for m in reversed(mentions[: i + 1]) if fits(m)), None)
    if target is None:
        pool = [m for m in mentions if fits(m)]
        target = max(pool, key=lambda m: counts[m.key]) if pool else None
    return target


def _place_inside(m: Mention, suffixes: tuple[str, ...]) -> bool:
    """An organisation whose name opens with a place of a level (济南市|卫生局: two or more
    characters and one of ``suffixes``, then more of the name)."""
    if m.label != "ORG":
        return False
    name = m.record["norm"]
    return any(0 < name.find(s, 2) < len(name) - len(s) for s in suffixes)
