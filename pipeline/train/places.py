"""Place names and their short forms for the trainers' word lists (the segmenter's user
dictionary, the NER lexicons), derived the way the gazetteer derives them.

The official names come from the NBS division tables in ``../shared/data/gazetteer``; short
forms (四川省 -> 四川, 凉山彝族自治州 -> 凉山州, 凉山) come from
:func:`pipeline.gazetteer.build.derive_forms` and the suffixes, ethnic groups and
placeholder rows of ``pipeline/resources/gazetteer/rules.json``, so that the
segmenter, NER and the gazetteer agree on what a place's short form is.

The one exception is the NER place lexicon of the shipped model (0.2.0): it was built with the
suffixes of all levels tried on every name and an ethnic-name pattern instead of the list of
groups (``resources/ner/place_forms.json``, :func:`suffix_short_forms`),
and a retrain must rebuild that lexicon word for word until the model is retrained with the
gazetteer's forms (``place_forms`` of :func:`lexicon_places`).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..gazetteer.build import (
    LEVELS,
    RULES_FILE,
    derive_forms,
    strip_ethnic,
    strip_suffix,
)
from ..paths import RESOURCES

# The division tables, one per level (LEVELS: province, city, county, township).
LEVEL_FILES = (
    ("provinces.csv", "province"), ("cities.csv", "city"),
    ("areas.csv", "county"), ("streets.csv", "township"),
)  # fmt: skip
HK_MO_TW_FILE = "HK-MO-TW.json"
# The NER trainer's own short-form recipe (model 0.2.0's place lexicon), see suffix_short_forms.
PLACE_FORMS_FILE = RESOURCES / "ner" / "place_forms.json"
PLACE_FORMS = ("suffixes", "gazetteer")
# Townships and streets are words far more often than places at two characters (和平, 南部).
STREET_MIN_SHORT_LEN = 3


@lru_cache(maxsize=1)
def gazetteer_rules() -> dict[str, Any]:
    """The gazetteer's derivation rules (``resources/gazetteer/rules.json``)."""
    return json.loads((RESOURCES / "gazetteer" / RULES_FILE).read_text(encoding="utf-8"))


def read_csv_names(path: Path) -> list[str]:
    """The ``name`` column of one division table, stripped."""
    with open(path, encoding="utf-8", newline="") as handle:
        return [row["name"].strip() for row in csv.DictReader(handle)]


def walk_json_names(node: Any, depth: int = 0, leaves: bool = True) -> Iterator[tuple[str, str]]:
    """(name, level) for every key and string of the nested HK-MO-TW.json; ``leaves=False``
    gives the keys only (regions and cities, not the district lists).

    The nesting is region -> city -> districts, so depth gives the level (香港特别行政区 is a
    province-level name and keeps its short form 香港).
    """
    level = LEVELS[min(depth, len(LEVELS) - 1)]
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, level
            yield from walk_json_names(value, depth + 1, leaves)
    elif isinstance(node, list):
        for item in node:
            yield from walk_json_names(item, depth, leaves)
    elif isinstance(node, str) and leaves:
        yield node, level


def read_hk_mo_tw(folder: Path) -> Any:
    """The nested region -> city -> districts table of Hong Kong, Macao and Taiwan."""
    return json.loads((folder / HK_MO_TW_FILE).read_text(encoding="utf-8"))


def division_names(folder: Path, streets: bool = True) -> list[tuple[str, str]]:
    """(name, level) of every row of the NBS division tables, the placeholder rows (市辖区,
    省直辖县级行政区划 ...) left out; ``streets=False`` leaves the township table out."""
    placeholders = set(gazetteer_rules()["placeholder_cities"])
    return [
        (name, level)
        for file, level in LEVEL_FILES
        if streets or level != "township"
        for name in read_csv_names(folder / file)
        if name and name not in placeholders
    ]


def gazetteer_entries(folder: Path) -> list[tuple[str, str]]:
    """(name, level) pairs of every area, the placeholder rows (市辖区, 省直辖县级行政区划 ...)
    and descriptions (names with 的) left out."""
    placeholders = set(gazetteer_rules()["placeholder_cities"])
    entries = division_names(folder) + list(walk_json_names(read_hk_mo_tw(folder)))
    return [(n, lv) for n, lv in entries if n and n not in placeholders and "的" not in n]


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
    hit = strip_suffix(name, rules["township_suffixes"], min_len)
    if hit is None:
        return []
    base, suffix = hit
    bare = strip_ethnic(base, list(rules["ethnic_groups"]), min_len)
    return [bare + suffix, bare] if bare != base else [base]


@lru_cache(maxsize=1)
def suffix_rules() -> tuple[tuple[str, ...], re.Pattern[str]]:
    """The suffixes of every level of the gazetteer's rules with the ``extra_suffixes`` and
    without the ``unstripped_suffixes`` of ``resources/ner/place_forms.json``, and its
    ethnic-name pattern."""
    data = json.loads(PLACE_FORMS_FILE.read_text(encoding="utf-8"))
    rules, unstripped = gazetteer_rules(), set(data["unstripped_suffixes"])
    suffixes = [s for level in LEVELS for s in rules[f"{level}_suffixes"]] + data["extra_suffixes"]
    kept = dict.fromkeys(s for s in suffixes if s not in unstripped)
    return tuple(kept), re.compile(data["ethnic_pattern"])


def suffix_short_forms(name: str) -> list[str]:
    """Short forms as NER model 0.2.0's place lexicon has them, whatever the level: the
    longest suffix of :func:`suffix_rules` off (四川省 -> 四川, 凉山彝族自治州 -> 凉山彝族), and
    for an ethnic autonomous area its base with and without the generic suffix (凉山州, 凉山).

    Kept only so that retraining with the shipped config rebuilds the shipped lexicon; the
    gazetteer's :func:`short_forms` is the definition everything else uses.
    """
    suffixes, ethnic = suffix_rules()
    out: list[str] = []
    m = ethnic.match(name)
    if m:
        out += [m.group(1) + name[-1], m.group(1)]
    hit = strip_suffix(name, suffixes, 1)
    if hit is not None:
        out.append(hit[0])
    return out


def lexicon_places(
    folder: Path, streets: bool, min_short_len: int, place_forms: str = "suffixes"
) -> list[str]:
    """The NER place lexicon: official names and their short forms of at least
    ``min_short_len`` characters (``STREET_MIN_SHORT_LEN`` for townships, which ``streets``
    adds), names of 2+ characters, sorted.

    ``place_forms`` says how short forms are derived: ``"gazetteer"`` by :func:`short_forms`
    (the gazetteer's rules, as the segmenter's dictionary has them), ``"suffixes"`` by
    :func:`suffix_short_forms` (the shipped model's lexicon; HK-MO-TW districts, the leaves of
    its table, keep their full name only there, and names with 的 stay).
    """
    names: set[str] = set()

    def add(name: str, level: str, forms: list[str]) -> None:
        min_len = STREET_MIN_SHORT_LEN if level == "township" else min_short_len
        names.add(name)
        names.update(form for form in forms if len(form) >= min_len)

    if place_forms == "gazetteer":
        for name, level in gazetteer_entries(folder):
            if streets or level != "township":
                add(name, level, short_forms(name, level))
    elif place_forms == "suffixes":
        for name, level in division_names(folder, streets):
            add(name, level, suffix_short_forms(name))
        hk_mo_tw = read_hk_mo_tw(folder)
        for name, level in walk_json_names(hk_mo_tw, leaves=False):
            add(name, level, suffix_short_forms(name))
        names.update(name for name, _ in walk_json_names(hk_mo_tw))
    else:
        raise ValueError(f"place_forms is one of {PLACE_FORMS}, not {place_forms!r}")
    return sorted(n for n in names if len(n) >= 2)
