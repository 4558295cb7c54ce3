"""The predicate verbs counted in People's Daily 1998 (pipeline/train/verbs.py): the counting
on a made-up corpus, and the shipped list rebuilt word for word from ../shared."""

from __future__ import annotations

import srsly

from pipeline.ner.features import read_word_list
from pipeline.paths import VERBS_FILE
from pipeline.train.verbs import MARKERS, marker_counts, pd1998_sentences, verbs

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
