"""Place names and their short forms for the trainers' word lists (the segmenter's user
dictionary, the NER lexicons), derived the way the gazetteer derives them.

The official names come from the NBS division tables in ``../shared/data/gazetteer``; short
forms (四川省 -> 四川, 凉山彝族自治州 -> 凉山州, 凉山) come from
:func:`pipeline.gazetteer.build.derive_forms` and the suffixes, ethnic groups and
placeholder rows of ``pipeline/resources/gazetteer/rules.json`` and ``build.py``, so that the
segmenter, NER and the gazetteer agree on what a place's short form is.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..gazetteer.build import LEVELS, PLACEHOLDER_CITIES, RULES_FILE, derive_forms, strip_ethnic
from ..paths import RESOURCES

# The division tables, one per level (LEVELS: province, city, county, township).
LEVEL_FILES = (
    ("provinces.csv", "province"), ("cities.csv", "city"),
    ("areas.csv", "county"), ("streets.csv", "township"),
)  # fmt: skip
HK_MO_TW_FILE = "HK-MO-TW.json"


@lru_cache(maxsize=1)
def gazetteer_rules() -> dict[str, Any]:
    """The gazetteer's derivation rules (``resources/gazetteer/rules.json``)."""
    return json.loads((RESOURCES / "gazetteer" / RULES_FILE).read_text(encoding="utf-8"))


def read_csv_names(path: Path) -> list[str]:
    """The ``name`` column of one division table, stripped."""
    with open(path, encoding="utf-8", newline="") as handle:
        return [row["name"].strip() for row in csv.DictReader(handle)]


def walk_json_names(node: Any, depth: int = 0) -> Iterator[tuple[str, str]]:
    """(name, level) for every key and string of the nested HK-MO-TW.json.

    The nesting is region -> city -> districts, so depth gives the level (香港特别行政区 is a
    province-level name and keeps its short form 香港).
    """
    level = LEVELS[min(depth, len(LEVELS) - 1)]
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, level
            yield from walk_json_names(value, depth + 1)
    elif isinstance(node, list):
        for item in node:
            yield from walk_json_names(item, depth)
    elif isinstance(node, str):
        yield node, level


def gazetteer_entries(folder: Path) -> list[tuple[str, str]]:
    """(name, level) pairs of every area, the placeholder rows (市辖区, 省直辖县级行政区划 ...)
    and descriptions (names with 的) left out."""
    entries: list[tuple[str, str]] = []
    for file, level in LEVEL_FILES:
        entries += [(name, level) for name in read_csv_names(folder / file)]
    hmt = json.loads((folder / HK_MO_TW_FILE).read_text(encoding="utf-8"))
    entries += list(walk_json_names(hmt))
    return [(n, lv) for n, lv in entries if n and n not in PLACEHOLDER_CITIES and "的" not in n]


def short_forms(name: str, level: str) -> list[str]:
    """Short forms of an official name at ``level`` (one of ``LEVELS``): 四川省 -> 四川;
    凉山彝族自治州 -> 凉山, 凉山州; 木里藏族自治县 -> 木里县, 木里.

    Provinces, cities and counties as the gazetteer derives them. The gazetteer keeps
    townships whole (it only matches them in full); a word list wants their short form
    too: the township suffix off (西秋乡 -> 西秋) and, for an ethnic township, with and
    without the suffix (大河彝族乡 -> 大河乡, 大河).
    """
    rules = gazetteer_rules()
    if level != "township":
        return [form for form, kind in derive_forms(name, level, rules) if kind != "full"]
    min_len = int(rules["min_short_len"])
    for suffix in sorted(rules["township_suffixes"], key=len, reverse=True):
        if name.endswith(suffix) and len(name) - len(suffix) >= min_len:
            base = name[: -len(suffix)]
            bare = strip_ethnic(base, list(rules["ethnic_groups"]), min_len)
            return [bare + suffix, bare] if bare != base else [base]
    return []
