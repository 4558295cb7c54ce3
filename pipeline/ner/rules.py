"""The post-model rules of ``zhkg_ner``: how the model's spans and the gazetteer's places
become the document's entities.

The statistical model finds PERSON, ORG and places (MSRA style: one LOC label for every
place); the gazetteer of administrative divisions finds GPEs with their GB/T 2260 code.
:class:`EntityMerger` merges them, chunk by chunk (:meth:`EntityMerger.chunk_entities`):
1. an ORG or PERSON from the model wins over a gazetteer place inside it (陕西移动 ⊃ 陕西);
2. every place the model finds stays an entity: split into the gazetteer's areas where it
   holds several (四川盐源县 → 四川 + 盐源县), else GPE when the gazetteer knows it, it is a
   country or it ends with an administrative suffix (村, 乡, 县 ...), LOC when it ends like a
   landform or names a region, GPE otherwise (纽约);
3. gazetteer places the model missed are added;
then over the whole document (:meth:`EntityMerger.document_entities`): names found once are
tagged at their other occurrences, names take in the words that end them, and places are
linked to the gazetteer with the document's other places as context.

Each switchable rule (``RULES``) is kept only for a measured gain across the dev splits of
MSRA, CLUENER, Weibo, UNER and ../shared/gold/dev (models/README.md); their word lists are
data in ``resources/ner/`` and ``resources/places/``. The component that runs the model and
calls these rules is :mod:`pipeline.ner.component`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import srsly
from spacy.tokens import Doc

from ..extensions import in_ranges
from ..gazetteer.gazetteer import Gazetteer, PlaceMatch
from ..paths import PLACES_FILE, RESOURCES
from ..patterns import alternation
from ..punctuation import BRACKET_PAIRS, NAME_CONNECTORS, QUOTE_PAIRS, QUOTES
from ..tokens import is_word, token_starts
from .features import read_word_list

TAIL_LOOKBACK = 6  # chars before a place searched for a longer place ending with it
HAN_RE = re.compile(r"[\u4e00-\u9fff]+")
COUNTRIES_FILE = RESOURCES / "ner" / "countries.txt"
COUNTRIES_ADDED_FILE = RESOURCES / "ner" / "countries_added.txt"
LANDMARKS_FILE = RESOURCES / "ner" / "landmarks.txt"
ENTITY_RULES_FILE = RESOURCES / "ner" / "entity_rules.json"
ORG_SUFFIXES_FILE = RESOURCES / "ner" / "org_suffixes.txt"
BARE_HEADS_FILE = RESOURCES / "ner" / "bare_heads.txt"
TRADITIONAL_ORGS_FILE = RESOURCES / "ner" / "traditional_orgs.txt"
CORPUS_ORGS_FILE = RESOURCES / "ner" / "corpus_orgs.txt"
NAME_TAILS_FILE = RESOURCES / "ner" / "name_tails.json"
_BRACKET_CHARS = frozenset("".join(BRACKET_PAIRS))
_QUOTE_CHARS = frozenset(QUOTES)
Pred = tuple[int, int, str]  # a model span: start, end (exclusive), label


@dataclass
class Ent:
    """An entity being built: document offsets (of the tagged text), label, and the
    gazetteer code of a linked place."""

    start: int
    end: int
    label: str
    code: str | None = None


class PlaceRules:
    """GPE-versus-LOC decisions, from ``resources/places/places.json``."""

    def __init__(
        self,
        path: Path | None = None,
        countries: Path | None = None,
        landmarks_file: Path | None = None,
        countries_added: Path | None = None,
    ) -> None:
        data = srsly.read_json(path or PLACES_FILE)
        self.gpe_suffixes = tuple(sorted(data["gpe_suffixes"], key=len, reverse=True))
        self.loc_suffixes = tuple(data["loc_suffixes"])
        # the trainer's lists of the world's countries (菲律宾, 秘鲁) and of its landmarks
        # (长江, 太平洋), which are LOC like the regions
        world = read_list(countries or COUNTRIES_FILE)
        world += read_list(countries_added or COUNTRIES_ADDED_FILE)
        landmarks = read_list(landmarks_file or LANDMARKS_FILE)
        self.countries = set(data["countries"]) | set(world)
        self.regions = set(data["continents_regions"]) | set(landmarks)
        self.region_abbreviations = frozenset(data["region_abbreviations"])
        self.country_re = alternation(c for c in self.countries | set(landmarks) if len(c) >= 2)
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
    "org_branches",  # a listed group and its branch in a place: one name (中国移动|贵州公司)
    "propagate_places",  # propagate also relabels an unlinked place of the same text (艾曼紐琵雅)
    "motion_places",  # a one-character place after a verb of going (来台, 离京, 访华) is a GPE
    "person_is_place",  # a model PERSON that is a country's name (贝宁, 博茨瓦纳) -> place
    "landforms",  # places before a landform word are its name (青|藏|高原, 四川|盆地): one LOC
    "corpus_orgs",  # names the training corpora always tag ORG (新华社), as words, the model missed
    "list_labels",  # a list of people (or places) with one place (or person) among them: one kind
    "list_members",  # the unknown short items of a list of names of one kind are names of it
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
    ) -> None:
        data = srsly.read_json(path or ENTITY_RULES_FILE)
        self.known_orgs = alternation(o for o in orgs if len(o) >= 3 and HAN_RE.fullmatch(o))
        self.corpus_orgs = alternation(read_list(corpus_orgs or CORPUS_ORGS_FILE))
        self.place_org_heads = alternation(data["place_org_heads"])
        self.generic_after_countries = frozenset(data["generic_after_countries"])
        self.numerals = set(data["numeral_chars"])
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
        self.branch_heads = tuple(data["branch_heads"])
        self.generic_tails = tuple(data["generic_tails"])
        self.industry_words = tuple(data["industry_words"])
        self.title_ending = data["title_ending"]
        self.motion_verbs = frozenset(data["motion_verbs"])
        # a place of motion_places right after one of motion_verbs (来台, 离京)
        self.motion_places = re.compile(
            f"(?<=[{re.escape(''.join(self.motion_verbs))}])"
            f"[{re.escape(''.join(data['motion_places']))}]"
        )
        self.rules = frozenset(data["rules"])
        unknown = self.rules - set(RULES)
        if unknown:
            raise ValueError(
                f"entity_rules.json: unknown rules {sorted(unknown)}; known: {', '.join(RULES)}"
            )


def _kind(label: str) -> str | None:
    """PERSON, "place" (GPE or LOC) or None (ORG): the kinds a list keeps to one of."""
    if label == "PERSON":
        return label
    return "place" if label in ("GPE", "LOC") else None


def _strip_marks(chunk: str, s: int, e: int, marks: str) -> tuple[int, int]:
    """``[s, e)`` without the ``marks`` at its edges."""
    while s < e and chunk[s] in marks:
        s += 1
    while e > s and chunk[e - 1] in marks:
        e -= 1
    return s, e


def _quotes_paired(text: str) -> bool:
    """Every quotation mark of ``text`` has its partner (“”, or an even number of ")."""
    return all(
        text.count(a) == text.count(b) if a != b else text.count(a) % 2 == 0 for a, b in QUOTE_PAIRS
    )


def _shifted(is_word: Callable[..., bool], offset: int, start: int, end: int) -> bool:
    """``is_word`` (document offsets) of a chunk's span ``[start, end)``."""
    return is_word(offset + start, offset + end)


def read_list(path: Path) -> list[str]:
    """The words of a list file (``read_word_list``), none when the file is absent (a model
    folder without ``lexicons/o.txt``)."""
    return read_word_list(path) if path.exists() else []


# -- rules on the model's spans of one chunk, before merging --------------------------------


def quote_bounds(chunk: str, preds: list[Pred]) -> list[Pred]:
    """Model spans lose quotation marks at their edges (“民友联 → 民友联); a span with
    an unpaired mark inside (东方红三号”卫星) is no name and is dropped."""
    if _QUOTE_CHARS.isdisjoint(chunk):  # most chunks: nothing to do
        return preds
    out = []
    for s, e, label in preds:
        s, e = _strip_marks(chunk, s, e, QUOTES)
        if e > s and _quotes_paired(chunk[s:e]):
            out.append((s, e, label))
    return out


def bracket_bounds(chunk: str, preds: list[Pred]) -> list[Pred]:
    """A bracket at a name's edge whose partner is outside it is cut off (Badger）→
    Badger, （新华社 → 新华社); a name that opens a bracket right before its partner
    takes the partner in (美国证券交易委员会(SEC → …(SEC)), unless the bracket opens the
    name ((Walter → Walter); any other unpaired bracket inside (active）連繫) means it is
    no name."""
    if _BRACKET_CHARS.isdisjoint(chunk):  # most chunks: nothing to do
        return preds
    out = []
    for s, e, label in preds:
        if _BRACKET_CHARS.isdisjoint(chunk[s:e]):
            out.append((s, e, label))
            continue
        for opening, closing in BRACKET_PAIRS:
            while s < e and chunk[s] == closing:
                s += 1
            while e > s and chunk[e - 1] == opening:
                e -= 1
            name = chunk[s:e]
            if (
                name.count(opening) == name.count(closing) + 1
                and chunk[e : e + 1] == closing
                and not name.startswith(opening)
            ):
                e += 1
            elif name.startswith(opening) and name.count(opening) == name.count(closing) + 1:
                s += 1
            elif name.endswith(closing) and name.count(closing) == name.count(opening) + 1:
                e -= 1
        name = chunk[s:e]
        if e > s and all(name.count(a) == name.count(b) for a, b in BRACKET_PAIRS):
            out.append((s, e, label))
    return out


def connector_edges(chunk: str, preds: list[Pred]) -> list[Pred]:
    """Connectors (·, ‧, -) at a name's edges are cut off: they join the parts of a
    name the model saw only in part (米拉·|乔沃维奇, ·叶问 of 一代宗师·叶问)."""
    out = []
    for s, e, label in preds:
        s, e = _strip_marks(chunk, s, e, NAME_CONNECTORS)
        if e > s:
            out.append((s, e, label))
    return out


class EntityMerger:
    """The model's spans and the gazetteer's places of a document merged into its entities,
    with the switchable rules ``on`` (a subset of ``RULES``) applied."""

    def __init__(
        self,
        gazetteer: Gazetteer | None,
        places: PlaceRules,
        entity_rules: EntityRules,
        on: frozenset[str],
    ) -> None:
        self.gazetteer = gazetteer
        self.rules = places
        self.erules = entity_rules
        self.on = on

    def chunk_entities(
        self,
        offset: int,
        chunk: str,
        preds: list[Pred],
        places: list[PlaceMatch],
        is_word: Callable[..., bool] | None = None,
    ) -> list[Ent]:
        """The entities of one line (``chunk``, at ``offset`` in the document) from the
        model's spans ``preds`` and the gazetteer's ``places``, in document offsets.
        ``is_word(start, end, start_only=False)`` (document offsets): whether the segmenter's
        words begin and end there (or only begin, with ``start_only``); a country name found by
        string match must be a word (中国 inside 发展中国家 or 其中|国有 is none), a gazetteer place
        must begin one (万山区 in １４万|山区 is none; 花都 of 花都|市 may end inside one)."""
        on = self.on
        min_len = self.rules.min_length if "short_names" in on else 1
        min_place = self.rules.min_length if "short_places" in on else 1
        ents: list[Ent] = []
        taken = [False] * len(chunk)
        if "quote_bounds" in on:
            preds = quote_bounds(chunk, preds)
        if "bracket_bounds" in on:
            preds = bracket_bounds(chunk, preds)
        if "connector_edges" in on:
            preds = connector_edges(chunk, preds)
        preds = self._fix_orgs(chunk, preds, places)
        if "known_orgs" in on:
            preds = self._known_orgs(chunk, preds, self.erules.known_orgs)
        if "corpus_orgs" in on:
            # where the segmenter's words begin and end (铁道部 is not in 铁道|部门)
            words = None if is_word is None else partial(_shifted, is_word, offset)
            preds = self._known_orgs(chunk, preds, self.erules.corpus_orgs, words)
        if "place_orgs" in on:
            preds = self._place_orgs(chunk, preds, places)
        if "org_branches" in on:
            preds = self._org_branches(chunk, preds, places)
        if "gazetteer_bounds" in on:
            preds = self._gazetteer_bounds(preds, places)
        # 1. ORG and PERSON from the model
        bare = self.erules.bare_heads if "bare_heads" in on else frozenset()
        for s, e, label in preds:
            if label == "ORG" and chunk[s:e] in bare:
                continue
            if label in ("ORG", "PERSON") and e - s >= min_len:
                ents.append(Ent(s, e, label))
                for i in range(s, e):
                    taken[i] = True
        # 2./3. model places, split by the gazetteer where it sees several areas
        for s, e, label in preds:
            if label in ("ORG", "PERSON") or any(taken[s:e]):
                continue
            inside = [p for p in places if s <= p.start and p.end <= e]
            exact = inside and (inside[0].start, inside[0].end) == (s, e)
            if exact or (len(inside) > 1 and "split_places" in on):
                for p in inside:
                    ents.append(Ent(p.start, p.end, "GPE", p.area))
            elif label == "GPE":
                ents.append(Ent(s, e, "GPE"))
            else:
                name = chunk[s:e]
                if e - s < min_place or not self._countable(name):
                    continue
                ents.append(Ent(s, e, self.rules.label(name, False, "bare_places_gpe" in on)))
            for i in range(s, e):
                taken[i] = True
        # 4. gazetteer places the model did not cover
        for p in places if "gazetteer_places" in on else ():
            if is_word is not None and not is_word(offset + p.start, offset + p.end, True):
                continue
            if not any(taken[p.start : p.end]):
                ents.append(Ent(p.start, p.end, "GPE", p.area))
                for i in range(p.start, p.end):
                    taken[i] = True
        # 5. country names the model missed (参加中国开放改革)
        for m in self.rules.country_re.finditer(chunk) if "known_countries" in on else ():
            if is_word is not None and not is_word(offset + m.start(), offset + m.end()):
                continue
            if not any(taken[m.start() : m.end()]):
                ents.append(Ent(m.start(), m.end(), self.rules.label(m.group(), False)))
                for i in range(m.start(), m.end()):
                    taken[i] = True
        # 6. a one-character place after a verb of going (来台, 离京): the model's own habit,
        # where it missed one
        for m in self.erules.motion_places.finditer(chunk) if "motion_places" in on else ():
            i = m.start()
            if (
                not taken[i] and not taken[i - 1]
                and (is_word is None or is_word(offset + i, offset + i + 1))
            ):
                area = self.gazetteer.abbreviation(chunk[i]) if self.gazetteer else None
                ents.append(Ent(i, i + 1, "GPE", area.code if area else None))
                taken[i] = True
        for ent in ents:
            ent.start += offset
            ent.end += offset
        return sorted(ents, key=lambda x: x.start)

    def document_entities(
        self, doc: Doc, text: str, ranges: list[tuple[int, int]], ents: list[Ent]
    ) -> list[Ent]:
        """The rules over the whole document (``ents``: every chunk's entities, in order),
        then linking: ``text`` is the tagged (simplified) text, ``ranges`` its main content."""
        if "traditional_orgs" in self.on and doc._.script == "traditional":
            ents = self._traditional_orgs(doc, ranges, ents)
        if "name_tails" in self.on:
            ents = self._name_tails(doc, text, ranges, ents)
        if "list_labels" in self.on:
            ents = self._list_labels(text, ents)
        if "list_members" in self.on:
            ents = self._list_members(text, ranges, ents)
        if "propagate" in self.on:
            ents = self._propagate(doc, text, ranges, ents)
        ents = self._link(text, ents)
        if "region_words" in self.on:
            ents = self._region_words(text, ents)
        if "landforms" in self.on:
            ents = self._landforms(text, ents)
        if "time_zones" in self.on:
            words = self.erules.time_zone_words
            ents = [e for e in ents
                    if e.label not in ("GPE", "LOC") or not text.startswith(words, e.end)]
        return ents

    def _org_branches(self, chunk: str, preds: list[Pred], places: list[PlaceMatch]) -> list[Pred]:
        """A group of the shared organisation list directly followed by its branch in a place
        (a name that opens with a place and ends like a branch: 中国移动|贵州公司, 国家电网|
        江苏省电力公司) is one name. MSRA and CLUENER tag such names whole (招商银行北京分行,
        中国银行广东珠海分行: 105 and 88 names of their training sets hold a province or city
        after their first two characters, against one and two such pairs tagged apart), and
        the guide's subject is the fullest name; the model tags the branch alone, and
        ``known_orgs`` the group, which cuts them. Other organisations are left as the model
        has them (上海广播电视台|上海文广互动电视有限公司 is two)."""
        opens = {p.start for p in places}
        heads = self.erules.branch_heads
        out: list[Pred] = []
        for s, e, label in sorted(preds):
            if (out and label == "ORG" and out[-1][2] == "ORG" and out[-1][1] == s
                    and s in opens and chunk.endswith(heads, s, e)
                    and self.erules.known_orgs.fullmatch(chunk, out[-1][0], s)):
                out[-1] = (out[-1][0], e, "ORG")
            else:
                out.append((s, e, label))
        return out

    def _gazetteer_bounds(self, preds: list[Pred], places: list[PlaceMatch]) -> list[Pred]:
        """A model place whose edge falls inside a gazetteer place (昭通市镇|雄县 against
        昭通市|镇雄县), or that lies inside one (雄县 in 镇雄县), gives way to the gazetteer
        places it touches: the gazetteer reads whole official names, the model guesses edges."""
        out = []
        for s, e, label in preds:
            if label in ("ORG", "PERSON"):
                out.append((s, e, label))
                continue
            touched = [p for p in places if p.start < e and s < p.end]
            cut = [p for p in touched if not (s <= p.start and p.end <= e)]
            if not cut:
                out.append((s, e, label))
                continue
            out += [(p.start, p.end, "GPE") for p in touched]
        return out

    def _fix_orgs(self, chunk: str, preds: list[Pred], places: list[PlaceMatch]) -> list[Pred]:
        """Model ORGs that are really a bare place (湖北, 陕西: ``org_is_place``) or fused
        places (贵州笃山: no organisation ending, starts with a known place:
        ``org_place_head``) become places, and so does a model PERSON that is a country's
        name (贝宁, 博茨瓦纳: ``person_is_place``). A party organ stays in its organisation's
        name (…党组, …党委), as the corpora tag it (``org_party_strip``, models/README.md)."""
        out = []
        for s, e, label in preds:
            name = chunk[s:e]
            if label == "PERSON" and name in self.rules.countries and "person_is_place" in self.on:
                out.append((s, e, "LOC"))  # 贝宁, 博茨瓦纳: a country
                continue
            if label != "ORG":
                out.append((s, e, label))
                continue
            exact = [p for p in places if (p.start, p.end) == (s, e)]
            has_suffix = name.endswith(self.erules.org_suffixes)
            country = name in self.rules.countries
            if (exact or country) and not has_suffix and "org_is_place" in self.on:
                out.append((s, e, "LOC"))  # a bare place name tagged ORG (湖北、陕西)
                continue
            head = [p for p in places if p.start == s and p.end < e]
            rest = chunk[head[0].end : e] if head else ""
            if rest.endswith(self.erules.generic_tails) and "org_place_head" in self.on:
                out.append((s, head[0].end, "LOC"))  # 成都市|公安部门: a place's office, no name
                continue
            # a fused sub-area (贵州|笃山); a brand after a place stays (青岛海尔, 大庆油田)
            if (
                rest
                and not has_suffix
                and "org_place_head" in self.on
                and (len(rest) >= 2 and self._fused_area(head[0].area, rest))
            ):
                out += [(s, head[0].end, "LOC"), (head[0].end, e, "GPE")]
                continue
            out.append((s, e, label))
        return out

    def _known_orgs(
        self,
        chunk: str,
        preds: list[Pred],
        names: re.Pattern[str],
        fits: Callable[[int, int], bool] | None = None,
    ) -> list[Pred]:
        """Organisations of a list (``names``: the shipped org list of central SOEs with
        short names, or the names the corpora always tag) that the model missed, where
        ``fits`` allows; they replace shorter model places inside them (中国|电信)."""
        out = list(preds)
        for m in names.finditer(chunk):
            s, e = m.span()
            if chunk.startswith(self.erules.industry_words, e) or (fits and not fits(s, e)):
                continue  # 中国石油|工业, 航天科技|工业: the industry, not the group
            over = [p for p in out if p[0] < e and s < p[1]]
            if any(p[2] in ("ORG", "PERSON") or p[1] - p[0] >= e - s for p in over):
                continue
            out = [p for p in out if p not in over] + [(s, e, "ORG")]
        return out

    def _place_orgs(self, chunk: str, preds: list[Pred], places: list[PlaceMatch]) -> list[Pred]:
        """A place name (the gazetteer's or the model's) followed by an organisation head
        word is an organisation the model may not know (陕西移动, 渭南日报, 埃及政府)."""
        out = list(preds)
        spans = [(p.start, p.end) for p in places]
        spans += [(s, e) for s, e, label in preds if label in ("LOC", "GPE")]
        for start, end in spans:
            m = self.erules.place_org_heads.match(chunk, end)
            if not m:
                continue
            if (m.group() in self.erules.generic_after_countries
                    and chunk[start:end] in self.rules.countries):
                continue  # 日本公司: a Japanese company, no name
            s, e = start, m.end()
            if any(q[0] < e and s < q[1] and q[2] in ("ORG", "PERSON") for q in out):
                continue
            out = [q for q in out if not (q[0] < e and s < q[1])] + [(s, e, "ORG")]
        return out

    def _fused_area(self, parent: str | None, name: str) -> bool:
        """``name`` names an area inside ``parent`` (a gazetteer code), as written or under
        another level's suffix (盘锦 of 辽宁盘锦, 寿光县 of 山东寿光县, now 寿光市), or opens with
        one that ends like an area (海安县|营溪乡). A word that only names an area elsewhere
        (大庆|油田: 油田镇 is no town of Daqing; 广州|火车站) or a building (北京|当代商城) is none:
        the model's ORG stays whole."""
        if not (self.gazetteer and parent) or not HAN_RE.fullmatch(name):
            return False
        if not self._countable(name):
            return False
        if self._inside(parent, name):
            return True
        return name.endswith(self.rules.gpe_suffixes) and any(
            self._inside(parent, name[:i])
            for i in range(len(name) - 1, 1, -1)
            if name[:i].endswith(self.rules.gpe_suffixes)
        )

    def _inside(self, parent: str, name: str) -> bool:
        """Some area called ``name``, or its stem with any level's suffix, lies in ``parent``."""
        gaz, suffixes = self.gazetteer, self.rules.gpe_suffixes
        if gaz is None:
            return False
        stems = {name} | {
            name[: -len(x)] for x in suffixes if name.endswith(x) and len(name) - len(x) >= 2
        }
        return any(
            parent in (p.code for p in gaz.chain(a.code))
            for stem in stems
            for form in (stem, *(stem + x for x in suffixes))
            for a in gaz.lookup(form)
        )

    def _countable(self, name: str) -> bool:
        """Not a count of areas: a leading numeral (三州, 四地州 are counts of prefectures)
        only in a known name (三门峡)."""
        return name[0] not in self.erules.numerals or bool(
            self.gazetteer and self.gazetteer.lookup(name)
        )

    def _plausible_place(self, name: str) -> bool:
        """A known name, or a place-like ending."""
        if self.gazetteer and self.gazetteer.lookup(name):
            return True
        if name in self.rules.countries or name in self.rules.regions:
            return True
        return name.endswith(self.rules.gpe_suffixes) or name.endswith(self.rules.loc_suffixes)

    def _propagate(
        self, doc: Doc, text: str, ranges: list[tuple[int, int]], ents: list[Ent]
    ) -> list[Ent]:
        """One sense per document: an ORG or PERSON name found once is tagged at its other
        occurrences too, replacing shorter places inside it (陕西|移动 → 陕西移动). With
        ``propagate_places``, a person's name also replaces a place of exactly its text that
        only the model's guess made a place (戈尔巴乔夫 tagged PERSON once and GPE twice)."""
        names = {
            text[e.start : e.end]: e.label
            for e in ents
            if e.label in self.erules.propagate_labels
            and e.end - e.start >= self.erules.propagate_min.get(e.label, 2)
        }
        if all(text.count(name) == 1 for name in names):  # nowhere else: nothing to add
            return sorted(ents, key=lambda x: x.start)
        pattern = alternation(names)
        relabel = "propagate_places" in self.on
        added: list[Ent] = []
        # sorted by start (stable, so the final order is unchanged) and bisected: scanning
        # every entity for every match is quadratic in a long document
        ents = sorted(ents, key=lambda x: x.start)
        starts = [x.start for x in ents]
        longest = max(x.end - x.start for x in ents)
        for a, b in ranges:
            for m in pattern.finditer(text, a, b):
                s, e = m.span()
                if names[m.group()] == "ORG" and not is_word(doc, s, e):
                    continue  # 林业部|门, 共产党|人: a piece of the segmenter's word
                lo, hi = bisect_left(starts, s - longest), bisect_left(starts, e)
                overlapping = [x for x in ents[lo:hi] if x.start < e and s < x.end]
                # the same text as a bare place takes the name's label; else a name as long
                # or longer wins
                weak = (
                    relabel
                    and names[m.group()] in self.erules.propagate_place_labels
                    and all(self._weak_place(x, s, e, m.group()) for x in overlapping)
                )
                if not weak and any(x.end - x.start >= e - s for x in overlapping):
                    continue
                if any(x.start < s or x.end > e for x in overlapping):
                    continue
                keep = [x for x in ents[lo:hi] if x not in overlapping]
                ents[lo:hi], starts[lo:hi] = keep, [x.start for x in keep]
                added.append(Ent(s, e, names[m.group()]))
        return sorted(ents + added, key=lambda x: x.start)

    def _weak_place(self, x: Ent, s: int, e: int, name: str) -> bool:
        """A place with exactly the span of a propagated name that nothing but the model's
        guess makes a place: not linked, not a known name, no place ending (陈州 stays)."""
        return (
            (x.start, x.end) == (s, e)
            and x.label in ("GPE", "LOC")
            and x.code is None
            and not self._plausible_place(name)
        )

    def _traditional_orgs(
        self, doc: Doc, ranges: list[tuple[int, int]], ents: list[Ent]
    ) -> list[Ent]:
        """Organisations of a traditional-script text that its word lexicon names.

        The model learnt mostly from mainland news and misses Taiwan's and Hong Kong's
        bodies (立法院, 勞委會, 衛生署), which the traditional segmentation corpora have as
        words; ``traditional_orgs.txt`` holds those of them with an organisation ending that
        the NER corpora do not use as common nouns (``pipeline/train/script_orgs.py``). A
        run of adjacent such words is one name (交通部|觀光局), which takes in the model's
        ORG just before it; it replaces entities inside it and gives way to any other. The
        segmenter often cuts such a name's last character off into its head's title
        (法務|部長, 行政|院長: ``title_ending``); the word before and that character are the
        name then."""
        words, title = self.erules.traditional_orgs, self.erules.title_ending
        runs: list[list[int]] = []
        prev = None
        for tok in doc:
            norm, start = tok.norm_, tok.idx
            if (prev is not None and len(norm) == 2 and norm[1] == title
                    and prev.norm_ + norm[0] in words):
                runs.append([prev.idx, start + 1])  # 法務|部長 -> 法務部
            prev = tok
            if norm not in words:
                continue
            if runs and runs[-1][1] == start:
                runs[-1][1] = start + len(tok)
            else:
                runs.append([start, start + len(tok)])
        if not runs:
            return ents
        for s, e in runs:
            if not in_ranges(ranges, s, e):
                continue
            before = next((x for x in ents if x.end == s and x.label == "ORG"), None)
            if before is not None:
                s = before.start
            over = [x for x in ents if x.start < e and s < x.end]
            if any(x.start < s or x.end > e or (x.start, x.end) == (s, e) for x in over):
                continue
            ents = [x for x in ents if x not in over] + [Ent(s, e, "ORG")]
        return sorted(ents, key=lambda x: x.start)

    def _name_tails(
        self, doc: Doc, text: str, ranges: list[tuple[int, int]], ents: list[Ent]
    ) -> list[Ent]:
        """A name followed, within ``name_tail_words`` words, by a word that ends names
        (周恩来|纪念馆, 中国房地产|协会, 北京|印刷学院) becomes the longer name, with the label such
        names mostly have, when every word between is one that names are made of and no
        other name or mark comes first. Both lists are counts over the NER corpora
        (``name_tails.json``, ``pipeline/train/name_tails.py``): the model often stops a
        long name at its first part. A one-character place takes no tail: on People's Daily
        1998 and the SIGHAN tests 13 of the 16 names it made were wrong (驻华使馆, 中俄友协)."""
        rules = self.erules
        tails, inner, reach = rules.name_tails, rules.name_inner, rules.name_tail_words
        ents = sorted(ents, key=lambda x: x.start)
        starts = token_starts(doc)
        for k, ent in enumerate(ents):
            if ent.end - ent.start == 1:
                continue  # 驻华|使馆, 中俄|友协: an abbreviation modifies the name, opens none
            i = bisect_left(starts, ent.end)
            if i == len(starts) or starts[i] != ent.end:
                continue
            # len(text), not len(doc.text): spaCy joins every token for doc.text
            limit = ents[k + 1].start if k + 1 < len(ents) else len(text)
            for tok in doc[i : i + reach]:
                end = tok.idx + len(tok)
                if end > limit or not HAN_RE.fullmatch(tok.text):
                    break
                label = tails.get(tok.norm_)
                if label is not None:
                    if in_ranges(ranges, ent.start, end):
                        ents[k] = Ent(ent.start, end, label)
                    break
                if tok.norm_ not in inner:
                    break
        return ents

    def _region_words(self, text: str, ents: list[Ent]) -> list[Ent]:
        """A region (LOC) or an area of a ``region_word_levels`` level (prefectures, once
        named 地区) followed by a region word takes it into its name (淮河流域, 西北地区,
        抚州地区: the annotation guide's names); a province or a country keeps its own
        (北京地区 → 北京)."""
        words, levels = self.erules.region_words, self.erules.region_word_levels
        for k, ent in enumerate(ents):  # sorted by start: ents[k + 1] is the next one
            after = next((w for w in words if text.startswith(w, ent.end)), None)
            if (after is None or ent.end - ent.start == 1
                    or (k + 1 < len(ents) and ents[k + 1].start < ent.end + len(after))):
                # nothing to take, an abbreviation (江淮|地区: 淮 stands for 淮河), or part
                # of the next name (抚州|地区医院)
                continue
            area = self.gazetteer.area(ent.code) if ent.code and self.gazetteer else None
            if ent.label == "LOC" or (area is not None and area.level in levels):
                ent.end += len(after)
        return ents

    def _list_labels(self, text: str, ents: list[Ent]) -> list[Ent]:
        """The names of a list (joined by ``list_separator`` alone, at least
        ``list_min_items`` of them) are of one kind: where all but one are people, or all but
        one places, the odd one takes their kind (武威 PERSON among 张掖、金昌、酒泉 → a place;
        刘来村 GPE among 刘志强、刘彩木 → a person); where all but one are organisations, an odd
        person or a place that nothing makes a place (no gazetteer, list or place ending) is
        one too (鴻海 among 台積電、華碩). An odd organisation stays: a list may well name
        bodies with people or places (中央统战部、国家民委、北京市)."""
        ents = sorted(ents, key=lambda x: x.start)
        sep, bare_gpe = self.erules.list_separator, "bare_places_gpe" in self.on
        i = 0
        while i < len(ents):
            j = i
            while j + 1 < len(ents) and text[ents[j].end : ents[j + 1].start] == sep:
                j += 1
            group, i = ents[i : j + 1], j + 1
            if len(group) < self.erules.list_min_items:
                continue
            kinds = [_kind(x.label) for x in group]
            people = kinds.count("PERSON")
            places = kinds.count("place")
            orgs = len(group) - people - places
            if people == len(group) - 1 and places == 1:
                odd = group[kinds.index("place")]
                odd.label, odd.code = "PERSON", None
            elif places == len(group) - 1 and people == 1:
                odd = group[kinds.index("PERSON")]
                odd.label = self.rules.label(text[odd.start : odd.end], False, bare_gpe)
            elif orgs == len(group) - 1:
                odd = next(x for x, k in zip(group, kinds, strict=True) if k is not None)
                if odd.label == "PERSON" or not self._plausible_place(text[odd.start : odd.end]):
                    odd.label, odd.code = "ORG", None
        return ents

    def _list_members(
        self, text: str, ranges: list[tuple[int, int]], ents: list[Ent]
    ) -> list[Ent]:
        """The items of a list (joined by ``list_separator``) that the model left untagged are
        names of the list's kind where at least ``list_min_names`` of its items are names of
        one kind (people, places or organisations) and no fewer than the untagged ones: an
        item between two separators, of the shape ``list_item``, that no name touches and
        that is no common word of the model's training corpus (人民社、文艺社、教育社、科技社;
        聯電、華通、友達、華邦電、茂矽: the model knows some members of such lists, and
        ``propagate`` then finds the new ones elsewhere in the text). A part of another shape
        ends the list (劳动纪律 after 总公司等部门从抓 starts a list of its own, of no names).
        The first item must end at its separator and the last begin at its own, as names."""
        sep, common = self.erules.list_separator, self.erules.common_words
        if not common or sep not in text:
            return ents
        ents = sorted(ents, key=lambda x: x.start)
        exact = {(x.start, x.end): x for x in ents}
        ending = {x.end: x for x in ents}
        starting = {x.start: x for x in ents}
        seps = [m.start() for m in re.finditer(re.escape(sep), text)]
        item, bare_gpe = self.erules.list_item, "bare_places_gpe" in self.on
        added: list[Ent] = []
        names: list[Ent] = []  # the list's items that are names
        unknown: list[tuple[int, int]] = []  # its untagged items of a name's shape

        def free(s: int, e: int) -> bool:
            name = text[s:e]
            return bool(
                item.fullmatch(name) and name not in common and in_ranges(ranges, s, e)
                and not any(x.start < e and s < x.end for x in ents)
            )

        def close() -> None:
            kinds = {_kind(x.label) for x in names}
            if (unknown and len(kinds) == 1 and len(names) >= self.erules.list_min_names
                    and len(names) >= len(unknown)):
                kind = names[0].label if names[0].label in ("ORG", "PERSON") else None
                for s, e in unknown:
                    label = kind or self.rules.label(text[s:e], False, bare_gpe)
                    added.append(Ent(s, e, label))
            names.clear()
            unknown.clear()

        for k, p in enumerate(seps):
            if not names and not unknown and p in ending:
                names.append(ending[p])  # the first item, before the separator
            q = seps[k + 1] if k + 1 < len(seps) else None
            part = text[p + 1 : q] if q is not None else ""
            if part:
                named = exact.get((p + 1, q))
                if named is not None:
                    names.append(named)
                    continue
                if free(p + 1, q):
                    unknown.append((p + 1, q))
                    continue
            if p + 1 in starting:
                names.append(starting[p + 1])  # the last item, after the separator
            close()
        return sorted(ents + added, key=lambda x: x.start)

    def _landforms(self, text: str, ents: list[Ent]) -> list[Ent]:
        """Places right before a landform word (高原, 盆地) and the word are one LOC, the
        guide's name of the landform (青藏高原, 四川盆地, 华北平原): the model learnt MSRA's
        habit of tagging only the places in them (青|藏 高原), which made them GPEs and took
        figures of the landform (海拔, 面积) to a province."""
        words = self.erules.landform_words
        out: list[Ent] = []
        for i, ent in enumerate(ents):  # sorted by start
            after = next((w for w in words if text.startswith(w, ent.end)), None)
            nxt = ents[i + 1].start if i + 1 < len(ents) else len(text)
            if after is None or ent.label not in ("GPE", "LOC") or nxt < ent.end + len(after):
                out.append(ent)  # 山东省|平原县: the word begins the next name
                continue
            start = ent.start
            while (ent.end - ent.start == 1 and out and out[-1].end == start
                   and out[-1].end - out[-1].start == 1 and out[-1].label in ("GPE", "LOC")):
                start = out.pop().start  # 青|藏 高原: the abbreviations before it
            out.append(Ent(start, ent.end + len(after), "LOC"))
        return out

    def _link(self, text: str, ents: list[Ent]) -> list[Ent]:
        """Link unlinked GPEs by name, using the document's other places as context, the
        nearest one before first (昭通市 for 镇雄县 in 昭通市镇雄县), then those after. A name
        that is the tail of a longer place in the text (雄县 in 镇雄县) is not linked: it
        would name another area."""
        if not self.gazetteer:
            return ents
        ents = sorted(ents, key=lambda x: x.start)
        for k, ent in enumerate(ents):
            if ent.label not in ("GPE", "LOC") or ent.code:
                continue
            name = text[ent.start : ent.end]
            if name in self.rules.regions or self._tail_of_place(text, ent.start, ent.end):
                continue
            before = [x.code for x in reversed(ents[:k]) if x.code]
            after = [x.code for x in ents[k + 1 :] if x.code]
            if len(name) == 1:  # 川, 港: a province's abbreviation
                area = self.gazetteer.abbreviation(name)
            else:
                area = self.gazetteer.link(name, before + after)
            if area:
                ent.code, ent.label = area.code, "GPE"
        return ents

    def _tail_of_place(self, text: str, start: int, end: int) -> bool:
        """Is ``text[start:end]`` the end of a longer gazetteer place (镇|雄县)?"""
        left = max(0, start - TAIL_LOOKBACK)
        return any(
            p.end == end - left and p.start < start - left
            for p in self.gazetteer.find(text[left:end])
        )
