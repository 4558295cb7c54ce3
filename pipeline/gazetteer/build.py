"""Compile the NBS division tables into the gazetteer resource shipped with zhkg.

The CSVs in ``../shared/data/gazetteer`` are not shipped (44k rows, 1.7 MB, full official names
only); zhkg ships ``areas.msgpack.gz``: every area (code, name, level, parent) plus every surface
form derived from it, so that loading needs no string work. Short forms are derived here by
suffix stripping with the hand-written ``rules.json``, because the tables only give official
names (木里藏族自治县) while news writes 木里县 or, after its province, 木里.

Each form carries a *kind* that tells the matcher how much evidence it needs:

- ``full``  official name, matched anywhere (四川省, 凉山彝族自治州, 西秋乡);
- ``short`` derived short form, matched anywhere (四川, 新疆, 凉山州, 凉山, 木里县);
- ``bare``  county short form without its generic suffix (盐源, 利川) and the 2-character
  official county names (赵县, 和县, 城区): matched only right after their own province or
  city (四川盐源, 湖北利川), the fused pattern news uses, because alone they are mostly words.

Run ``python -m pipeline.gazetteer.build ../shared/data/gazetteer pipeline/resources/gazetteer``;
the output is deterministic (sorted keys, fixed gzip mtime) so rebuilding leaves git clean.
"""

from __future__ import annotations

import csv
import gzip
import json
import sys
from collections.abc import Iterable
from pathlib import Path

import srsly

RULES_FILE = "rules.json"
OUT_FILE = "areas.msgpack.gz"
LEVELS = ("province", "city", "county", "township")
KINDS = ("full", "short", "bare")


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def strip_ethnic(base: str, ethnic: list[str], min_len: int) -> str:
    """Drop trailing ethnic-group names (彝族, 土家族苗族, 蒙古): 凉山彝族 -> 凉山.

    Single-character groups (水, 土, 京) are only stripped with 族 so that names ending in
    those characters survive; stripping stops before the remainder gets too short
    (内蒙古 keeps 蒙古).
    """
    groups = sorted(ethnic, key=len, reverse=True)
    changed = True
    while changed:
        changed = False
        for g in groups:
            for tail in (g + "族", g if len(g) >= 2 else None):
                if tail and base.endswith(tail) and len(base) - len(tail) >= min_len:
                    base = base[: -len(tail)]
                    changed = True
                    break
            if changed:
                break
    if base.endswith("族") and base[:-1] in ethnic:  # 鄂温克族(自治旗) -> 鄂温克
        base = base[:-1]
    return base


def strip_suffix(name: str, suffixes: Iterable[str], min_len: int) -> tuple[str, str] | None:
    """(base, suffix) for the longest suffix that leaves at least ``min_len`` characters.

    Longest first, so that 凉山彝族自治州 loses 自治州, not 州; the trainers' word lists
    (``pipeline.train.places``) strip suffixes with it too.
    """
    for suf in sorted(suffixes, key=len, reverse=True):
        if name.endswith(suf) and len(name) - len(suf) >= min_len:
            return name[: -len(suf)], suf
    return None


def derive_forms(name: str, level: str, rules: dict) -> list[tuple[str, str]]:
    """Surface forms of one area as (form, kind), the official name first."""
    min_len = int(rules["min_short_len"])
    ethnic = list(rules["ethnic_groups"])
    generic = dict(rules["autonomous_generic"])
    if level == "township":
        return [(name, "full")]
    if level == "county" and len(name) <= 2:
        return [(name, "bare")]  # 赵县, 和县, 城区: words far more often than places
    forms = [(name, "full")]
    hit = strip_suffix(name, rules[f"{level}_suffixes"], min_len)
    if hit is None:
        return forms
    base, suf = hit
    if suf.startswith("自治"):
        base = strip_ethnic(base, ethnic, min_len)
    if level == "province":
        forms.append((base, "short"))
    elif level == "city":
        forms.append((base, "short"))
        if suf in generic:  # 凉山彝族自治州 -> 凉山州
            forms.append((base + generic[suf], "short"))
    else:
        if suf in generic:  # 木里藏族自治县 -> 木里县, anywhere
            forms.append((base + generic[suf], "short"))
        forms.append((base, "bare"))
    return [(f, k) for f, k in forms if len(f) >= min_len]


def load_areas(data_dir: Path, rules: dict) -> list[tuple[str, str, str, str | None]]:
    """All areas as (code, name, level, parent), codes padded to GB/T 2260's six digits."""
    areas: dict[str, tuple[str, str, str, str | None]] = {}
    for row in _read_csv(data_dir / "provinces.csv"):
        code = row["code"].ljust(6, "0")
        areas[code] = (code, row["name"], "province", None)
    for code, name in sorted(rules.get("extra_provinces", {}).items()):
        areas.setdefault(code, (code, name, "province", None))
    # NBS placeholder "cities" (市辖区 of a municipality, 省直辖县级行政区划 ...): not places;
    # their counties hang directly under the province.
    placeholders = set(rules["placeholder_cities"])
    real_cities: set[str] = set()
    for row in _read_csv(data_dir / "cities.csv"):
        if row["name"] in placeholders:
            continue
        code = row["code"].ljust(6, "0")
        real_cities.add(code)
        areas[code] = (code, row["name"], "city", row["provinceCode"].ljust(6, "0"))
    for row in _read_csv(data_dir / "areas.csv"):
        code = row["code"]
        if code in areas:  # 东莞市 441900: a city without counties is listed twice
            continue
        city = row["cityCode"].ljust(6, "0")
        parent = city if city in real_cities else row["provinceCode"].ljust(6, "0")
        areas[code] = (code, row["name"], "county", parent)
    township_suffixes = tuple(rules["township_suffixes"])
    min_len = int(rules["min_short_len"])
    for row in _read_csv(data_dir / "streets.csv"):
        name = row["name"]
        # Only real townships and streets; 农场, 开发区, 管理处 ... rows are farms, zones and
        # offices, often generic (经济开发区) and not places one links to.
        if not name.endswith(township_suffixes) or len(name) <= min_len:
            continue
        parent = row["areaCode"] if row["areaCode"] in areas else None
        areas[row["code"]] = (row["code"], name, "township", parent)
    return [areas[c] for c in sorted(areas)]


def build_gazetteer(data_dir: Path, out: Path) -> dict:
    """Compile ``data_dir``'s CSVs into ``out/areas.msgpack.gz``; returns a summary."""
    data_dir, out = Path(data_dir), Path(out)
    rules_file = out / RULES_FILE
    if not rules_file.exists():  # building elsewhere: the packaged hand-written rules
        rules_file = Path(__file__).resolve().parent.parent / "resources" / "gazetteer" / RULES_FILE
    rules = json.loads(rules_file.read_text(encoding="utf-8"))
    areas = load_areas(data_dir, rules)
    index = {a[0]: i for i, a in enumerate(areas)}
    forms: dict[str, dict[int, int]] = {}

    def add(form: str, idx: int, kind: str) -> None:
        seen = forms.setdefault(form, {})
        k = KINDS.index(kind)
        seen[idx] = min(seen.get(idx, k), k)  # full < short < bare: keep the strongest

    for i, (_code, name, level, _parent) in enumerate(areas):
        for form, kind in derive_forms(name, level, rules):
            add(form, i, kind)
    # A bare county form that is also the name of its own prefecture (大理市 -> 大理 under
    # 大理州, 兰州新区 -> 兰州 under 兰州市) would steal the prefecture's reading after the
    # province (云南大理): drop it. Other collisions stay (北京朝阳 is 朝阳区, not 朝阳市).
    parents = {a[0]: a[3] for a in areas}
    for idxs in forms.values():
        for i, k in list(idxs.items()):
            if k != 2 or areas[i][2] != "county":
                continue
            p = parents[areas[i][0]]
            while p:
                if any(areas[j][0] == p and kj < 2 for j, kj in idxs.items()):
                    del idxs[i]
                    break
                p = parents.get(p)
    for form, value in sorted(rules.get("aliases", {}).items()):
        if not form.startswith("_"):
            add(form, index[value[0]], value[1])
    payload = {
        "version": 1,
        "levels": list(LEVELS),
        "kinds": list(KINDS),
        "areas": [[c, n, LEVELS.index(lv), p or ""] for c, n, lv, p in areas],
        "forms": {
            f: [[areas[i][0], k] for i, k in sorted(idxs.items())]
            for f, idxs in sorted(forms.items())
        },
    }
    out.mkdir(parents=True, exist_ok=True)
    blob = srsly.msgpack_dumps(payload)
    path = out / OUT_FILE
    with (
        path.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as f,
    ):
        f.write(blob)
    counts = {lv: sum(1 for a in areas if a[2] == lv) for lv in LEVELS}
    return {"path": str(path), "bytes": path.stat().st_size, "areas": counts, "forms": len(forms)}


def review_overlaps(corpus_dir: Path, limit: int = 150) -> dict[str, list[tuple[str, int]]]:
    """Corpus words that a place match cuts through, to hand-review for ``stoplist.json``.

    The corpus is segmented (People's Daily 1998: words separated by spaces); a match whose
    edges fall inside a word is suspect. Returned by role: ``straddle`` (words crossing a
    match's start or containing it: blocker candidates), ``tail`` (words starting inside a match
    and running past its end: tail-word candidates), with how many matches each one cut.
    """
    from .gazetteer import Gazetteer

    gaz = Gazetteer.load()
    straddle: dict[str, int] = {}
    tail: dict[str, int] = {}
    for file in sorted(Path(corpus_dir).glob("*.gz")):
        with gzip.open(file, "rt", encoding="utf-8") as f:
            for line in f:
                words = line.split()
                spans, pos = [], 0
                for w in words:
                    spans.append((pos, pos + len(w), w))
                    pos += len(w)
                starts = {a for a, _, _ in spans} | {pos}
                for m in gaz.find("".join(words)):
                    if m.start in starts and m.end in starts:
                        continue
                    for a, b, w in spans:
                        if b <= m.start or a >= m.end or (a >= m.start and b <= m.end):
                            continue
                        role = tail if m.start < a < m.end < b else straddle
                        role[w] = role.get(w, 0) + 1
    top = {
        name: sorted(d.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        for name, d in (("straddle", straddle), ("tail", tail))
    }
    return top


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if len(args) == 2 and args[0] == "--review":
        print(json.dumps(review_overlaps(Path(args[1])), ensure_ascii=False, indent=1))
        return
    if len(args) != 2:
        raise SystemExit(
            "usage: python -m pipeline.gazetteer.build DATA_DIR OUT_DIR\n"
            "       python -m pipeline.gazetteer.build --review SEGMENTED_CORPUS_DIR"
        )
    print(json.dumps(build_gazetteer(Path(args[0]), Path(args[1])), ensure_ascii=False))


if __name__ == "__main__":
    main()
