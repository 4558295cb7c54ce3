"""The predicate verbs counted in People's Daily 1998 (pipeline/train/verbs.py): the counting
on a made-up corpus, and the shipped list rebuilt word for word from ../shared."""

from __future__ import annotations

import srsly

from pipeline.ner.features import read_word_list
from pipeline.paths import ADVERBS_FILE, CLASSIFIERS_FILE, OBJECT_VERBS_FILE, VERBS_FILE
from pipeline.train.verbs import (
    MARKERS,
    UNITS,
    adverbs,
    classifiers,
    marker_counts,
    object_verbs,
    pd1998_sentences,
    position_counts,
    unit_counts,
    verbs,
)

from .conftest import SHARED, needs_shared


def test_a_word_next_to_aspect_particles_and_adverbs_is_a_verb() -> None:
    sentences = [
        ["公司", "投资", "了", "资金"],
        ["公司", "已", "投资", "资金"],
        ["资金", "投资", "项目"],
        ["公司", "资金", "充足"],
    ]
    counts = marker_counts(sentences, ["了"], ["已"])
    assert counts["投资"] == (3, 2) and counts["资金"] == (4, 0)
    assert verbs(counts, min_share=0.5, min_count=2) == ["投资"]
    assert verbs(counts, min_share=0.5, min_count=4) == []


def test_a_verb_that_stands_before_verbs_and_never_ends_a_phrase_is_an_adverb() -> None:
    sentences = [
        ["公司", "将", "先后", "投资", "资金"],
        ["公司", "先后", "参加", "会议", "。"],
        ["贷款", "余额", "增加", "。"],
        ["贷款", "余额", "，"],
        ["公司", "投资", "了", "资金"],
        ["公司", "先后", "投资", "了"],
    ]
    listed = ["先后", "投资", "参加", "增加", "余额"]
    counts = position_counts(sentences, listed, ["了"], ["的"])
    # uses, before an aspect particle, before a listed word, at a phrase's end
    assert counts["先后"] == (3, 0, 3, 0)
    assert counts["余额"] == (2, 0, 1, 1)
    assert counts["投资"] == (3, 2, 0, 0)
    assert adverbs(counts, min_count=2) == ["先后"]
    # the noun 余额 goes before a verb as often, but it ends phrases too
    assert adverbs(counts, min_count=2, min_verb_share=0.5, max_end_share=0.6) == ["余额", "先后"]


def test_a_verb_that_neither_stands_before_verbs_nor_ends_phrases_takes_a_noun() -> None:
    sentences = [
        ["安置", "下岗", "职工"],
        ["安置", "职工", "。"],
        ["直接", "安置", "职工"],
        ["直接", "投资", "。"],
        ["成功", "。"],
        ["成功", "，"],
        ["成功", "研制", "卫星"],
    ]
    listed = ["安置", "下岗", "直接", "投资", "成功", "研制"]
    counts = position_counts(sentences, listed, ["了"], ["的"])
    assert counts["安置"] == (3, 0, 1, 0)
    assert counts["直接"] == (2, 0, 2, 0) and counts["成功"] == (3, 0, 1, 2)
    # 直接 stands before verbs (an adverb), 成功 ends phrases (no object)
    assert object_verbs(counts, min_count=2, max_verb_share=0.35, max_end_share=0.5) == ["安置"]
    assert object_verbs(counts, min_count=2, max_verb_share=0.3, max_end_share=0.5) == []


def test_a_unit_that_a_noun_follows_is_a_classifier() -> None:
    sentences = [
        ["３００", "名", "下岗", "职工"],
        ["三", "名", "代表", "参加"],
        ["五", "名", "参加", "了"],
        ["３００", "人", "参加", "。"],
        ["两", "人", "，"],
        ["名", "下岗"],  # no numeral before: no count
    ]
    counts = unit_counts(sentences, ["名", "人"], ["下岗", "参加"], ["的"])
    # uses after a numeral, at a phrase's end, before a listed verb
    assert counts["名"] == (3, 0, 2) and counts["人"] == (2, 1, 1)
    assert classifiers(counts, min_count=2, max_end_share=0.25, max_verb_share=0.7) == ["名"]
    assert classifiers(counts, min_count=2, max_end_share=0.25, max_verb_share=0.5) == []


@needs_shared()
def test_the_shipped_verbs_are_rebuilt_from_people_daily() -> None:
    markers = srsly.read_json(MARKERS)
    counts = marker_counts(
        pd1998_sentences(SHARED, [1, 2, 3, 4]), markers["after"], markers["before"]
    )
    shipped = read_word_list(VERBS_FILE)
    assert verbs(counts, 0.02, 5) == shipped
    assert {"增长", "发放", "减少"} <= set(shipped)
    assert not {"资金", "人口", "一", "三十"} & set(shipped)  # nouns and numerals are not
    positions = position_counts(
        pd1998_sentences(SHARED, [1, 2, 3, 4]), shipped, markers["after"],
        markers["phrase_ends"])
    found = adverbs(positions)
    assert found == read_word_list(ADVERBS_FILE)
    assert {"进一步", "先后", "纷纷"} <= set(found)
    assert not {"余额", "逆差", "增长", "投资"} & set(found)  # attribute nouns end phrases
    found = object_verbs(positions)
    assert found == read_word_list(OBJECT_VERBS_FILE)
    assert {"安置", "资助", "造成", "提供"} <= set(found)
    assert not {"直接", "优先", "能够", "开始", "成功"} & set(found)  # adverbs, no objects
    units = srsly.read_json(UNITS)["measure"]
    found = classifiers(unit_counts(
        pd1998_sentences(SHARED, [1, 2, 3, 4]), units, shipped, markers["phrase_ends"]))
    assert found == read_word_list(CLASSIFIERS_FILE)
    assert {"个", "名", "位", "家", "座", "种"} <= set(found)
    assert not {"人", "户", "次", "吨", "年"} & set(found)  # nouns, counts of actions, measures
