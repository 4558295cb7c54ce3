"""Name augmentation for NER training (pipeline/train/augment.py)."""

from pipeline.corpora import bio_spans
from pipeline.train.augment import augment_names


def _tags(text: str, spans: list[tuple[int, int, str]]) -> list[str]:
    tags = ["O"] * len(text)
    for s, e, label in spans:
        tags[s] = f"B-{label}"
        tags[s + 1 : e] = [f"I-{label}"] * (e - s - 1)
    return tags


CORPUS = [
    ("王小明说，他们在北京。", _tags("王小明说，他们在北京。", [(0, 3, "PERSON"), (8, 10, "LOC")])),
    ("李华和王小明见面。", _tags("李华和王小明见面。", [(0, 2, "PERSON"), (3, 6, "PERSON")])),
    ("会议在上海举行。", _tags("会议在上海举行。", [(3, 5, "LOC")])),
]


def test_names_are_replaced_and_tags_follow() -> None:
    out = augment_names(CORPUS, fraction=1.0, seed=0)
    assert len(out) == 2  # the sentence without a name is not copied
    for (text, tags), (orig, orig_tags) in zip(out, CORPUS[:2], strict=True):
        assert len(text) == len(tags)
        spans = bio_spans(tags)
        persons = [text[s:e] for s, e, label in spans if label == "PERSON"]
        assert persons and all(2 <= len(p) <= 3 for p in persons)
        # everything but the names is kept: the context the model has to learn from
        places = [text[s:e] for s, e, label in spans if label == "LOC"]
        assert places == [orig[s:e] for s, e, label in bio_spans(orig_tags) if label == "LOC"]
    assert out[0][0].endswith("说，他们在北京。")


def test_fraction_zero_adds_nothing_and_seed_repeats() -> None:
    assert augment_names(CORPUS, fraction=0.0, seed=0) == []
    assert augment_names(CORPUS, 1.0, seed=3) == augment_names(CORPUS, 1.0, seed=3)


def test_only_label_copies_sentences_with_persons_alone() -> None:
    out = augment_names(CORPUS, fraction=1.0, seed=0, only_label=True)
    assert len(out) == 1  # the sentence that names 北京 too is left out
    assert out[0][0].endswith("见面。")
    assert {label for _, _, label in bio_spans(out[0][1])} == {"PERSON"}
