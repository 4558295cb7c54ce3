"""Taiwan's names of the world's countries, as the NER reads them (simplified characters).

Taiwan's news writes many countries differently from the mainland: 義大利 for 意大利, 肯亞 for
肯尼亞, 紐西蘭 for 新西蘭, 寮國 for 老撾. The NER reads a traditional-script text through
character-by-character t2s conversion, so it sees 义大利, 肯亚, 纽西兰, 寮国: names that the
country lists (``countries.txt``, ``countries_added.txt``, mainland forms) do not hold. OpenCC's
Taiwan phrase tables know the difference: each listed name is converted to Taiwan's usage
(``s2twp``) and back character by character (``t2s``); where that gives another name, it is
Taiwan's form of the country. The forms, each with the mainland name it stands for, are written
to ``resources/ner/country_forms.json``, which the NER component's ``country_forms`` rule reads.

    python -m pipeline.train.country_forms
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import opencc
import srsly

from ..ner.features import read_word_list
from ..ner.rules import COUNTRIES_ADDED_FILE, COUNTRIES_FILE, COUNTRY_FORMS_FILE
from ..paths import PLACES_FILE

OUTPUT = COUNTRY_FORMS_FILE
SOURCES = (COUNTRIES_FILE, COUNTRIES_ADDED_FILE)
DOC = (
    "Taiwan's forms of the countries of countries.txt and countries_added.txt, in simplified "
    "characters as the NER reads a traditional-script text (义大利 of 義大利), each with the "
    "mainland name it stands for: OpenCC's s2twp then t2s of each listed name, where that "
    "differs (pipeline/train/country_forms.py). Forms of one character are left out, and so are"
    " forms that end like a landform their mainland name does not end with (狮子山, Hong Kong's"
    " Lion Rock, is Taiwan's Sierra Leone)."
)


def taiwan_forms(names: list[str], landforms: tuple[str, ...] = ()) -> dict[str, str]:
    """``form -> mainland name`` for the names whose Taiwan form, read back character by
    character, is another string of at least two characters and no listed name itself (尼日 of
    尼日尔 is one; a single character would be an abbreviation, which other rules read). A form
    that ends like a landform its mainland name does not end with is left out: 狮子山, Taiwan's
    Sierra Leone, is Hong Kong's Lion Rock."""
    to_taiwan, to_simplified = opencc.OpenCC("s2twp"), opencc.OpenCC("t2s")
    forms: dict[str, str] = {}
    for name in names:
        form = to_simplified.convert(to_taiwan.convert(name))
        ending = next((s for s in landforms if form.endswith(s)), None)
        if ending is not None and not name.endswith(ending):
            continue
        if form != name and len(form) >= 2 and form not in names:
            forms.setdefault(form, name)
    return forms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    out = parser.parse_args().output
    names = [name for path in SOURCES for name in read_word_list(path)]
    landforms = tuple(srsly.read_json(PLACES_FILE)["loc_suffixes"])
    forms = taiwan_forms(names, landforms)
    data = {"_doc": DOC, "forms": dict(sorted(forms.items()))}
    out.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"{len(forms)} forms of {len(names)} names -> {out}")


if __name__ == "__main__":
    main()
