"""What the post-model rules of ``zhkg_ner`` read: their word lists and settings, and the
entity they build.

The statistical model finds PERSON, ORG and places (MSRA style: one LOC label for every
place); the gazetteer of administrative divisions finds GPEs with their GB/T 2260 code. The
rules that merge them into the document's entities live in three modules, in the order they
run: :mod:`pipeline.ner.span_rules` (the model's spans of one chunk tidied: quotation marks,
brackets, connectors), :mod:`pipeline.ner.merger` (a chunk's spans and places merged) and
:mod:`pipeline.ner.document_rules` (rules over the whole document, then linking).

Each switchable rule (``RULES``) is kept only for a measured gain across the dev splits of
MSRA, CLUENER, Weibo, UNER and ../shared/gold/dev (models/README.md); their word lists are
data in ``resources/ner/`` and ``resources/places/``, read here into :class:`PlaceRules` and
:class:`EntityRules`. The component that runs the model and calls the rules is
:mod:`pipeline.ner.component`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import srsly

from ..paths import PLACES_FILE, RESOURCES
from ..patterns import alternation
from .features import read_word_list
from .rosters import Rosters

HAN_RE = re.compile(r"[\u4e00-\u9fff]+")
COUNTRIES_FILE = RESOURCES / "ner" / "countries.txt"
COUNTRIES_ADDED_FILE = RESOURCES / "ner" / "countries_added.txt"
LANDMARKS_FILE = RESOURCES / "ner" / "landmarks.txt"
ENTITY_RULES_FILE = RESOURCES / "ner" / "entity_rules.json"
ORG_SUFFIXES_FILE = RESOURCES / "ner" / "org_suffixes.txt"
BARE_HEADS_FILE = RESOURCES / "ner" / "bare_heads.txt"
TRADITIONAL_ORGS_FILE = RESOURCES / "ner" / "traditional_orgs.txt"
CORPUS_ORGS_FILE = RESOURCES / "ner" / "corpus_orgs.txt"
SHORT_ORGS_FILE = RESOURCES / "ner" / "short_orgs.txt"
NAME_TAILS_FILE = RESOURCES / "ner" / "name_tails.json"
COUNTRY_FORMS_FILE = RESOURCES / "ner" / "country_forms.json"
Pred = tuple[int, int, str]  # a model span: start, end (exclusive), label


@dataclass
class Ent:
    """An entity being built: document offsets (of the tagged text), label, the gazetteer
    code of a linked place, and a canonical name where another name stands for it."""

    start: int
    end: int
    label: str
    code: str | None = None
    canonical: str | None = None  # the name the graph knows it by, where not its own


def world_countries(
    places: dict, countries: Path | None = None, added: Path | None = None
) -> set[str]:
    """The countries the NER knows: ``places.json``'s and the trainer's lists of the world's
    countries (菲律宾, 秘鲁), mainland forms; the relation stage reads the same set."""
    return (set(places["countries"]) | set(read_list(countries or COUNTRIES_FILE))
            | set(read_list(added or COUNTRIES_ADDED_FILE)))


class PlaceRules:
    """GPE-versus-LOC decisions, from ``resources/places/places.json``."""

    def __init__(
        self,
        path: Path | None = None,
        countries: Path | None = None,
        landmarks_file: Path | None = None,
        countries_added: Path | None = None,
        country_forms: Path | None = None,
    ) -> None:
        data = srsly.read_json(path or PLACES_FILE)
        self.gpe_suffixes = tuple(sorted(data["gpe_suffixes"], key=len, reverse=True))
        self.loc_suffixes = tuple(data["loc_suffixes"])
        # any ending of a place, administrative or not: what a name of a place may end with
        self.place_endings = self.gpe_suffixes + self.loc_suffixes
        # the trainer's lists of the world's countries (菲律宾, 秘鲁) and of its landmarks
        # (长江, 太平洋), which are LOC like the regions
        landmarks = read_list(landmarks_file or LANDMARKS_FILE)
        self.countries = world_countries(data, countries, countries_added)
        self.regions = set(data["continents_regions"]) | set(landmarks)
        self.region_abbreviations = frozenset(data["region_abbreviations"])
        self.country_re = alternation(c for c in self.countries | set(landmarks) if len(c) >= 2)
        # Taiwan's forms of the countries (义大利 of 意大利: pipeline/train/country_forms.py):
        # countries wherever the model finds one, but outside country_re, which every text is
        # searched with; only a traditional-script text is searched for them (country_form_re)
        self.country_forms: dict[str, str] = srsly.read_json(
            country_forms or COUNTRY_FORMS_FILE)["forms"]
        self.country_form_re = alternation(self.country_forms)
        self.countries |= set(self.country_forms)
        self.min_length = int(data["min_length"])

    def label(self, name: str, linked: bool, bare_gpe: bool = False) -> str:
        """GPE or LOC. ``bare_gpe``: a name with neither kind of ending (纽约, 东京, 印尼) is
        a GPE, as foreign cities and countries are; else only known or suffixed names are."""
        if name in self.regions or name in self.region_abbreviations:
            return "LOC"  # 欧 of 亚欧, 淮 of 江淮: a continent or a river, as its full name
        if linked or name in self.countries or len(name) == 1:
            return "GPE"  # one char: an abbreviation of a country or province (中美, 港澳)
        if name.endswith(self.gpe_suffixes) and len(name) > 1:
            return "GPE"
        if bare_gpe and not name.endswith(self.loc_suffixes):
            return "GPE"
        return "LOC"


# The post-model rules, each switchable (``entity_rules.json`` "rules" lists the ones applied;
# the factory's ``off_rules`` turns some off, as the ablation in models/README.md does).
RULES = (
    "short_names",  # drop ORG/PERSON under places.json min_length (张, 郑)
    "short_places",  # drop places under places.json min_length (中, 京: abbreviations)
    "org_is_place",  # a model ORG that is exactly a gazetteer place, no org suffix -> place
    "org_place_head",  # a model ORG = place + area name, no org suffix -> the places
    "known_orgs",  # names of the shared org list (SASAC central SOEs) the model missed
    "place_orgs",  # place + org head word (陕西移动, 埃及政府)
    "split_places",  # a model place holding several gazetteer areas becomes them
    "gazetteer_bounds",  # a model place cutting into a gazetteer place takes its bounds
    "gazetteer_places",  # gazetteer places the model missed, from a word start, are added
    "propagate",  # one sense per document for ORG and PERSON names
    "bare_places_gpe",  # an unlinked place without a landform or regional ending is a GPE
    "known_countries",  # countries (GPE) and landmarks (LOC) the model missed, as words
    "quote_bounds",  # no name crosses a quotation mark (“民友联, 东方红三号”卫星)
    "bracket_bounds",  # a name holds both brackets of a pair or neither (Badger） → Badger)
    "connector_edges",  # a name neither starts nor ends with a connector (米拉· → 米拉)
    "bare_heads",  # a model ORG that is a bare head word (公司, 银行: bare_heads.txt) is no name
    "region_words",  # 淮河|流域, 抚州|地区: a region or prefecture takes the region word after it
    "traditional_orgs",  # in traditional-script text, organisation words of its lexicon (立法院)
    "name_tails",  # a name takes in a following word that ends names (周恩来|纪念馆)
    "time_zones",  # a place right before 时间 names a clock, not a place (北京时间)
    "event_places",  # one character of the Games' short name is no place (奥 of 奥运会)
    "org_branches",  # a listed group and its branch in a place: one name (中国移动|贵州公司)
    "propagate_places",  # propagate also relabels an unlinked place of the same text (艾曼紐琵雅)
    "motion_places",  # a one-character place after a verb of going (来台, 离京, 访华) is a GPE
    "person_is_place",  # a model PERSON that is a country's name (贝宁, 博茨瓦纳) -> place
    "landforms",  # places before a landform word are its name (青|藏|高原, 四川|盆地): one LOC
    "corpus_orgs",  # names the training corpora always tag ORG (新华社), as words, the model missed
    "short_orgs",  # propagate also carries two-character ORGs the corpora treat as names (招行)
    "list_labels",  # a list of people (or places) with one place (or person) among them: one kind
    "list_members",  # the unknown short items of a list of names of one kind are names of it
    "place_org_join",  # a model place right before a model ORG opens its name (秦皇岛|海湾…公司)
    "adverb_cuts",  # a model name ends before an adverb that is a word (藁城市|共|选出)
    "counted_names",  # a model ORG that opens with a count is no name (１００支医疗队)
    "inner_counts",  # a model name ends before a count inside it (上海|三家公司)
    "person_trims",  # a person's name + one char, the name tagged alone elsewhere (吕布|共)
    "country_bounds",  # a country + the first char of the word after it is the country (美国|会费)
    "traditional_links",  # traditional script: a county's short form alone in its province
    # is left unlinked (龍井, 白河: Taiwan's districts, which the gazetteer lacks)
    "bylines",  # a name between a byline role and its end is a person (记者孟梅实习生夏冬梅）)
    "mainland",  # traditional script: 大陸 as a word of its own is the mainland, a GPE
    "party_organs",  # an organisation's party committee is the organisation (某公司|党组)
    "org_stems",  # propagate also carries a company's name without its legal ending (万德莱)
    "country_forms",  # Taiwan's names of countries (义大利 of 意大利): GPEs of that canonical
    # name, found as words in a traditional-script text
    "titles",  # a person's name ends before a title word (邓|先生)
    "credits",  # a person's name in a photo credit ends before 摄 (（新华社记者X摄）)
    "rosters",  # a run of names printed without separators is cut into names (…何淑芬罗明 →
    # 何淑芬|罗明): pipeline/ner/rosters.py
)


class EntityRules:
    """Word lists and the rules applied, from ``resources/ner/entity_rules.json``."""

    def __init__(
        self,
        path: Path | None = None,
        orgs: Iterable[str] = (),
        suffixes: Path | None = None,
        bare_heads: Path | None = None,
        traditional_orgs: Path | None = None,
        name_tails: Path | None = None,
        corpus_orgs: Path | None = None,
        common_words: Iterable[str] = (),
        short_orgs: Path | None = None,
        surnames: Iterable[str] = (),
    ) -> None:
        data = srsly.read_json(path or ENTITY_RULES_FILE)
        self.known_orgs = alternation(o for o in orgs if len(o) >= 3 and HAN_RE.fullmatch(o))
        self.corpus_orgs = alternation(read_list(corpus_orgs or CORPUS_ORGS_FILE))
        self.short_orgs = frozenset(read_list(short_orgs or SHORT_ORGS_FILE))
        self.place_org_heads = alternation(data["place_org_heads"])
        self.generic_after_countries = frozenset(data["generic_after_countries"])
        self.numeral_chars = data["numeral_chars"]
        self.numerals = set(self.numeral_chars)
        self.counted_area_chars = frozenset(data["counted_area_chars"])
        # a count opening a name (the merger checks what follows it): digits or numerals, not
        # a lone 百, 千 or 万 (万家乐, 千家万户: words; a count writes 一万家), then 多/余 maybe
        # and a measure word
        numerals = re.escape(data["numeral_chars"])
        number = f"(?![百千万][多余]?[^0-9０-９{numerals}])[0-9０-９{numerals}]+[多余]?"
        self.leading_count = re.compile(
            number + "[" + re.escape("".join(data["count_classifiers"])) + "]"
        )
        # a count of people ending a name (南投|二|人); not of units, which number them
        # (电子部六所, 边防六支队)
        self.trailing_count = re.compile(
            number + "[" + re.escape("".join(data["trailing_classifiers"])) + "]$"
        )
        self.count_rest_chars = int(data["count_rest_chars"])
        self.ordinal_marks = frozenset(data["ordinal_marks"])
        self.name_adverbs = frozenset(data["name_adverbs"])
        self.party_organs = tuple(data["party_organs"])
        self.company_endings = tuple(data["company_endings"])
        self.propagate_labels = set(data["propagate_labels"])
        self.propagate_min = dict(data["propagate_min_length"])
        self.propagate_place_labels = frozenset(data["propagate_place_labels"])
        org_suffixes = read_list(suffixes or ORG_SUFFIXES_FILE)
        self.org_suffixes = tuple(sorted(org_suffixes, key=len, reverse=True))
        self.bare_heads = frozenset(read_list(bare_heads or BARE_HEADS_FILE))
        self.traditional_orgs = frozenset(read_list(traditional_orgs or TRADITIONAL_ORGS_FILE))
        tails = srsly.read_json(name_tails or NAME_TAILS_FILE)
        self.name_tails: dict[str, str] = tails["tails"]
        self.name_inner = frozenset(tails["inner"])
        self.name_tail_words = int(data["name_tail_words"])
        self.region_words = tuple(data["region_words"])
        self.region_word_levels = frozenset(data["region_word_levels"])
        self.landform_words = tuple(data["landform_words"])
        self.list_separator = data["list_separator"]
        self.list_min_items = int(data["list_min_items"])
        self.list_min_names = int(data["list_min_names"])
        self.list_item = re.compile(data["list_item"])
        self.common_words = frozenset(common_words)
        self.time_zone_words = tuple(data["time_zone_words"])
        # each character of the Games' short names -> (word, its place in it): 奥 -> 奥运 at 0,
        # 冬奥 at 1 (event_places)
        self.event_chars: dict[str, list[tuple[str, int]]] = {}
        for word in data["event_words"]:
            for k, ch in enumerate(word):
                self.event_chars.setdefault(ch, []).append((word, k))
        self.branch_heads = tuple(data["branch_heads"])
        self.generic_tails = tuple(data["generic_tails"])
        self.industry_words = tuple(data["industry_words"])
        self.title_ending = data["title_ending"]
        self.motion_verbs = frozenset(data["motion_verbs"])
        self.whole_place_words = frozenset(data["whole_place_words"])
        self.mainland_words = frozenset(data["mainland_words"])
        self.mainland_not_after = frozenset(data["mainland_not_after"])
        # a place of motion_places right after one of motion_verbs (来台, 离京)
        self.motion_places = re.compile(
            f"(?<=[{re.escape(''.join(self.motion_verbs))}])"
            f"[{re.escape(''.join(data['motion_places']))}]"
        )
        roles = alternation(data["byline_roles"])
        self.byline = re.compile(
            f"(?:{roles.pattern})({data['byline_name']})"
            f"(?={alternation(data['byline_ends']).pattern}|{roles.pattern}|$)"
        )
        self.person_titles = tuple(sorted(data["person_titles"], key=len, reverse=True))
        self.credit_marks = tuple(sorted(data["credit_marks"], key=len, reverse=True))
        self.credit_ends = tuple(data["credit_ends"])
        self.rosters = Rosters(surnames, data["rosters"])
        self.rules = frozenset(data["rules"])
        unknown = self.rules - set(RULES)
        if unknown:
            raise ValueError(
                f"entity_rules.json: unknown rules {sorted(unknown)}; known: {', '.join(RULES)}"
            )


def read_list(path: Path) -> list[str]:
    """The words of a list file (``read_word_list``), none when the file is absent (a model
    folder without ``lexicons/o.txt``)."""
    return read_word_list(path) if path.exists() else []
