"""The relation rules, loaded from data (``configs/relations.json``).

Nothing in the relation code names a word: the cue words that describe a candidate subject
(speaker, reporter, source, preposition ...), the anaphors, the function words skipped when
the predicate is read and the scorer's weights all come from this file, so that rules can be
tuned and measured without code changes (docs/relations.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import srsly

from ..ner.features import read_word_list
from ..ner.rules import world_countries
from ..paths import (
    ADVERBS_FILE,
    CLASSIFIERS_FILE,
    OBJECT_VERBS_FILE,
    PLACES_FILE,
    RESOURCES,
    VERBS_FILE,
    resolve_model_path,
)
from ..patterns import alternation, trie_regex
from ..punctuation import CLAUSE_DELIMITERS

# the markers that words acting as verbs were counted by (pipeline/train/verbs.py)
VERB_MARKERS_FILE = RESOURCES / "relations" / "verb_markers.json"


def _words(data: dict, *keys: str) -> tuple[str, ...]:
    """The word lists under ``keys`` as one, longest first, for ``str.endswith``/``startswith``
    tests."""
    return tuple(sorted({w for key in keys for w in data[key] if w}, key=len, reverse=True))


def word_at(words: tuple[str, ...], text: str, pos: int) -> str:
    """The first of ``words`` (longest first, as ``_words`` reads them) that stands at ``pos``
    of ``text``, or "": a mark or joining word right after a name (美国|的, 孔秀霞|和)."""
    return next((w for w in words if text.startswith(w, pos)), "")


DATELINE_WINDOW = 16  # characters after an agency or place where its dateline must end


@dataclass(frozen=True)
class Cues:
    """Closed-class words that mark the role of a mention near a quantity."""

    speech_verbs: re.Pattern[str]
    addressed_speech: re.Pattern[str]  # persons only: X告诉记者，…
    speaker_gap_chars: int
    turn_marks: tuple[str, ...]
    source_before: tuple[str, ...]
    source_words: frozenset[str]
    source_after: tuple[str, ...]
    source_finding: re.Pattern[str]
    source_finding_end: int  # where the report and finding words must end, in the tail
    reporter_before: tuple[str, ...]
    dateline: re.Pattern[str]
    byline: re.Pattern[str]
    agencies: frozenset[str]
    prepositions: tuple[str, ...]
    possessive: tuple[str, ...]
    area_directions: tuple[str, ...]  # 北部 of 墨西哥北部蒙特雷市: a part of the place before
    coordination: tuple[str, ...]
    distributive: tuple[str, ...]
    enumeration_end: tuple[str, ...]
    modifier_gap_chars: int
    compared_before: tuple[str, ...]
    measured_against: tuple[str, ...]
    compared_gap_chars: int
    compared_item_chars: int
    compared_units: frozenset[str]
    share_against: tuple[str, ...]
    phrase_heads: tuple[str, ...]
    event_heads: tuple[str, ...]
    people_heads: tuple[str, ...]
    named_after_heads: tuple[str, ...]
    event_names: re.Pattern
    unnamed_organs: re.Pattern
    circumstance_open: frozenset[str]
    circumstance_close: tuple[str, ...]
    circumstance_chars: int
    opening_prepositions: frozenset[str]
    governing_prepositions: frozenset[str]
    list_close: str
    exemplar_gap_chars: int
    joined_labels: frozenset[str]  # 卡特、福特以及１００多名官员: the count is of others
    item_separators: tuple[str, ...]  # 華邦電三三．八％、|茂矽三三．三三％
    item_label_chars: int
    list_kind_chars: int
    list_window_chars: int
    first_person: frozenset[str]
    third_plural: frozenset[str]
    third_person: frozenset[str]
    described_gap_chars: int
    topic_determiners: tuple[str, ...]
    unnamed_list_items: int
    list_item_chars: int
    title_gap_chars: int
    group_reference: re.Pattern[str]
    set_member: re.Pattern[str]

    def possessive_at(self, text: str, pos: int) -> str:
        """The possessive mark (的, 之) that stands at ``pos``, or "" (美国|的１７倍)."""
        return word_at(self.possessive, text, pos)

    def dateline_end(self, text: str, pos: int) -> int | None:
        """The end of the dateline a name ending at ``pos`` opens (北京|１月５日电), or None."""
        hit = self.dateline.match(text, pos, pos + DATELINE_WINDOW)
        return hit.end() if hit is not None else None

    @classmethod
    def from_dict(cls, data: dict) -> Cues:
        return cls(
            speech_verbs=re.compile(
                "(?:" + alternation(data["speech_verbs"]).pattern + ")"
                + "[" + re.escape(data["speech_end"]) + "]"
            ),
            # 张耀臣大夫告诉记者，…: a speech verb that names whom it addresses first
            addressed_speech=re.compile(
                "(?:" + alternation(data["addressee_verbs"]).pattern + ")"
                + f"[\u4e00-\u9fff]{{1,{int(data['addressee_chars'])}}}"
                + "[" + re.escape(data["speech_end"]) + "]"
            ),
            speaker_gap_chars=int(data["speaker_gap_chars"]),
            turn_marks=_words(data, "turn_marks"),
            source_before=_words(data, "source_before"),
            source_words=frozenset(data["source_words"]),
            source_after=_words(data, "source_after"),
            source_finding=re.compile(
                "(?:" + alternation(data["source_reports"]).pattern + ")"
                + "(?:" + alternation(data["source_findings"]).pattern + ")"),
            # the words may start up to speaker_gap_chars after the name, as a speech verb
            source_finding_end=int(data["speaker_gap_chars"])
            + max(map(len, data["source_reports"])) + max(map(len, data["source_findings"])),
            reporter_before=_words(data, "reporter_before"),
            dateline=re.compile(
                rf"[^，,。：:\n]{{0,{int(data['dateline_max_chars'])}}}?"
                + "(?:" + alternation(data["dateline_ends"]).pattern + ")"
            ),
            # 新华社天津２月４日电（栗建昌、葛素红）: the names in a bracket right after a
            # dateline are its reporters, with or without 记者
            byline=re.compile(
                "(?:" + alternation(
                    e for e in data["dateline_ends"] if not e.endswith(("）", ")"))).pattern
                + rf")[（(][^（()）]{{0,{int(data['dateline_max_chars'])}}}$"
            ),
            agencies=frozenset(data["agencies"]),
            prepositions=_words(data, "prepositions"),
            possessive=_words(data, "possessive"),
            area_directions=_words(data, "area_directions"),
            coordination=_words(data, "coordination"),
            distributive=_words(data, "distributive"),
            enumeration_end=_words(data, "enumeration_end"),
            modifier_gap_chars=int(data["modifier_gap_chars"]),
            compared_before=_words(data, "compared_before"),
            measured_against=_words(data, "measured_against"),
            compared_gap_chars=int(data["compared_gap_chars"]),
            compared_item_chars=int(data["compared_item_chars"]),
            compared_units=frozenset(data["compared_units"]),
            share_against=_words(data, "share_against"),
            phrase_heads=_words(data, "region_heads", "event_heads"),
            people_heads=_words(data, "people_heads"),
            named_after_heads=_words(data, "named_after_heads"),
            event_heads=_words(data, "event_heads"),
            event_names=re.compile(data["event_names"]),
            unnamed_organs=re.compile(data["unnamed_organs"]),
            circumstance_open=frozenset(data["circumstance_open"]),
            circumstance_close=_words(data, "circumstance_close"),
            circumstance_chars=int(data["circumstance_chars"]),
            opening_prepositions=frozenset(data["opening_prepositions"]),
            governing_prepositions=frozenset(data["governing_prepositions"]),
            list_close=data["list_close"],
            exemplar_gap_chars=int(data["exemplar_gap_chars"]),
            joined_labels=frozenset(data["joined_labels"]),
            item_separators=_words(data, "item_separators"),
            item_label_chars=int(data["item_label_chars"]),
            list_kind_chars=int(data["list_kind_chars"]),
            list_window_chars=int(data["list_window_chars"]),
            first_person=frozenset(data["first_person"]),
            third_plural=frozenset(data["third_plural"]),
            third_person=frozenset(data["third_person"]),
            described_gap_chars=int(data["described_gap_chars"]),
            topic_determiners=_words(data, "topic_determiners"),
            unnamed_list_items=int(data["unnamed_list_items"]),
            list_item_chars=int(data["list_item_chars"]),
            title_gap_chars=int(data["title_gap_chars"]),
            group_reference=re.compile(data["group_reference"]),
            # 全国18个贫困片之一: the Han words after a count up to a word that makes it the
            # size of a set, of which the subject is one member (not a fraction: 三分之一)
            set_member=re.compile(
                f"[\u4e00-\u9fff]{{0,{int(data['set_member_chars'])}}}?(?<!分)"
                + trie_regex(data["set_member_ends"])
            ),
        )


@dataclass(frozen=True)
class SmallCounts:
    """Small counts that news mentions in passing (两个方面, 他与两个孩子, 好让两位): a count of
    at most ``max_value`` in one of ``units`` yields no statement, unless it counts
    administrative areas (4个定点扶贫县, 5个地市), which is what the places' reach is measured
    in. ``max_value`` 0 turns the rule off. Measured in docs/relations.md."""

    units: frozenset[str]
    max_value: Decimal
    area_suffixes: tuple[str, ...]
    list_gap_chars: int

    @classmethod
    def from_dict(cls, data: dict) -> SmallCounts:
        places = srsly.read_json(PLACES_FILE)  # its gpe_suffixes name the areas
        return cls(
            units=frozenset(data["units"]),
            max_value=Decimal(str(data["max_value"])),
            area_suffixes=tuple(places["gpe_suffixes"]),
            list_gap_chars=int(data["list_gap_chars"]),
        )

    def incidental(self, unit: str, value: Decimal, counted: str | None) -> bool:
        """True for a small count of ``unit`` whose counted phrase names no area (the phrase
        runs on past its head: 对口支援县帮扶任务)."""
        if unit not in self.units or value > self.max_value:
            return False
        return not (counted and any(a in counted for a in self.area_suffixes))


@dataclass(frozen=True)
class RelationRules:
    clause_split: re.Pattern[str]
    sentence_lookback: int
    max_lookback_chars: int
    subject_labels: frozenset[str]
    cues: Cues
    anaphors: re.Pattern[str]
    anaphor_kinds: dict[str, tuple[str, str]]
    anaphor_determiners: str
    anaphor_openers: tuple[str, ...]
    anaphor_heads: tuple[tuple[str, tuple[str, str]], ...]
    home_countries: frozenset[str]
    countries: frozenset[str]  # the world's countries, as the NER knows them
    gpe_levels: dict[str, tuple[str, ...]]
    level_suffixes: tuple[str, ...]  # every level's endings (省, 市, 县 …), longest first
    weights: dict[str, float]
    fallback_roles: tuple[str, ...]
    fallback_labels: frozenset[str]
    predicate_skip: frozenset[str]
    copulas: frozenset[str]
    existential_copulas: tuple[str, ...]
    existential_adverbs: frozenset[str]
    verbs: frozenset[str]
    adverbs: frozenset[str]  # counted among the verbs, no predicates (先后|投资)
    classifiers: frozenset[str]  # units a noun follows (名|下岗|职工: 下岗 modifies 职工)
    object_verbs: frozenset[str]  # verbs whose object is a noun (安置|下岗|职工)
    aspect_particles: frozenset[str]
    complements: frozenset[str]
    object_stops: re.Pattern[str]
    object_word_stops: frozenset[str]
    rank_bounds: frozenset[str]  # 以上 inside 副科级以上干部: no stop
    object_determiners: tuple[str, ...]  # 各类 of 各类信用卡: no part of the object
    object_ends: frozenset[str]
    position_ends: frozenset[str]  # no objects right after a figure (５公里|外, ２０年|间)
    object_nouns: frozenset[str]  # of predicate_skip, nouns a figure counts (４亩|地)
    noun_openers: frozenset[str]  # verbs that open a noun before a Han word (偏|北风)
    disposal_markers: frozenset[str]  # 把: the verb comes after the object
    person_units: frozenset[str]
    duration_units: frozenset[str]
    duration_excluded_labels: frozenset[str]
    age_predicate: str
    per_unit: frozenset[str]
    share_units: frozenset[str]
    light_verbs: frozenset[str]
    comparison_before: tuple[str, ...]
    origin_before: tuple[str, ...]  # 由|去年|的300万户增至…: the time of the figure it starts from
    negations: frozenset[str]  # a predicate that negates takes the word after it (不|胜)
    max_object_chars: int
    max_coordinated_words: int
    alternative_brackets: dict[str, str]  # 县（市、区）: what else the counted noun covers
    alternative_chars: int
    alternative_item_chars: int
    max_predicate_chars: int
    skip_units: frozenset[str]
    small_counts: SmallCounts
    object_unit_map: dict[str, str]

    def kind_of(self, word: str) -> tuple[str, str] | None:
        """The (label, kind) an anaphor found by ``anaphors`` resolves to: a word of the list
        (该银行), else a demonstrative phrase's, by its head (这家私营商业银行 -> ORG 银行)."""
        kind = self.anaphor_kinds.get(word)
        if kind is None and word.startswith(self.anaphor_openers):
            kind = next((k for head, k in self.anaphor_heads if word.endswith(head)), None)
        return kind

    @classmethod
    def load(cls, path: str | Path, weights: str | Path | None = None) -> RelationRules:
        """Rules from ``path``; ``weights`` (a JSON file of feature weights, as written by
        ``zhkg train subjects``) replaces the hand-set weights of the rules file."""
        data = srsly.read_json(resolve_model_path(path))
        table = data["weights"] if weights is None else srsly.read_json(
            resolve_model_path(weights)
        )
        anaphors = {k: v for k, v in data["anaphors"].items() if not k.startswith("_")}
        determiners = anaphors.pop("determiners")
        phrases = anaphors.pop("phrases")
        markers = srsly.read_json(VERB_MARKERS_FILE)
        home = anaphors.pop("home")
        # heads longest first: 基金会 before 会
        heads = sorted(phrases["heads"].items(), key=lambda kv: -len(kv[0]))
        phrase = "(?:{})[\u4e00-\u9fff]{{0,{}}}?(?:{})".format(
            "|".join(map(re.escape, phrases["openers"])), int(phrases["max_gap"]),
            "|".join(re.escape(h) for h, _ in heads))
        return cls(
            clause_split=re.compile("[" + re.escape(CLAUSE_DELIMITERS) + "]"),
            sentence_lookback=int(data["sentence_lookback"]),
            max_lookback_chars=int(data["max_lookback_chars"]),
            subject_labels=frozenset(data["subject_labels"]),
            cues=Cues.from_dict(data["cues"]),
            anaphors=re.compile(alternation(list(anaphors)).pattern + "|" + phrase),
            anaphor_kinds={
                word: tuple(kind.split(":", 1)) for word, kind in anaphors.items()
            },
            anaphor_determiners=determiners,
            anaphor_openers=tuple(phrases["openers"]),
            anaphor_heads=tuple((h, tuple(k.split(":", 1))) for h, k in heads),
            home_countries=frozenset(home),
            countries=frozenset(world_countries(srsly.read_json(PLACES_FILE))),
            gpe_levels={
                k: _words(data["gpe_levels"], k) for k in data["gpe_levels"] if k != "_doc"
            },
            level_suffixes=_words(
                data["gpe_levels"], *(k for k in data["gpe_levels"] if k != "_doc")),
            weights={k: float(v) for k, v in table.items() if not k.startswith("_")},
            fallback_roles=tuple(data["fallback_roles"]),
            fallback_labels=frozenset(data["fallback_labels"]),
            predicate_skip=frozenset(data["predicate_skip"]),
            copulas=frozenset(data["copulas"]),
            existential_copulas=tuple(data["existential_copulas"]),
            existential_adverbs=frozenset(data["existential_adverbs"]),
            verbs=frozenset(read_word_list(VERBS_FILE)),
            adverbs=frozenset(read_word_list(ADVERBS_FILE)),
            classifiers=frozenset(read_word_list(CLASSIFIERS_FILE)),
            object_verbs=frozenset(read_word_list(OBJECT_VERBS_FILE)),
            aspect_particles=frozenset(markers["after"]),
            complements=frozenset(markers["complements"]),
            object_stops=alternation(data["object_stops"]),
            object_word_stops=frozenset(data["object_word_stops"]),
            rank_bounds=frozenset(data["rank_bounds"]),
            object_determiners=_words(data, "object_determiners"),
            object_ends=frozenset(data["object_ends"]),
            position_ends=frozenset(data["position_ends"]),
            object_nouns=frozenset(data["object_nouns"]),
            noun_openers=frozenset(data["noun_openers"]),
            disposal_markers=frozenset(data["disposal_markers"]),
            person_units=frozenset(data["person_units"]),
            duration_units=frozenset(data["duration_units"]),
            duration_excluded_labels=frozenset(data["duration_excluded_labels"]),
            age_predicate=data["age_predicate"],
            per_unit=frozenset(data["per_unit"]),
            share_units=frozenset(data["share_units"]),
            light_verbs=frozenset(data["light_verbs"]),
            comparison_before=tuple(data["comparison_before"]),
            origin_before=tuple(data["origin_before"]),
            negations=frozenset(data["negations"]),
            max_object_chars=int(data["max_object_chars"]),
            max_coordinated_words=int(data["max_coordinated_words"]),
            alternative_brackets=dict(data["alternatives"]["brackets"]),
            alternative_chars=int(data["alternatives"]["max_chars"]),
            alternative_item_chars=int(data["alternatives"]["max_item_chars"]),
            max_predicate_chars=int(data["max_predicate_chars"]),
            skip_units=frozenset(data["skip_units"]),
            small_counts=SmallCounts.from_dict(data["small_counts"]),
            object_unit_map=dict(data["object_unit_map"]),
        )
