"""Entities the segmenter cuts through are measured, and none is lost to token boundaries."""

from __future__ import annotations

from itertools import islice
from pathlib import Path

from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline.corpora import bio_spans, read_char_bio
from pipeline.evaluate.alignment import segmentation_alignment
from pipeline.tokens import ensure_boundaries

from .conftest import needs_shared

MSRA_TEST = Path(__file__).resolve().parents[2] / "shared/data/ner/msra/test.bio.gz"


@needs_shared()
def test_segmenter_cuts_through_entities_and_the_split_recovers_them(nlp) -> None:
    data = list(islice(read_char_bio(MSRA_TEST), 400))
    scores = segmentation_alignment(nlp.make_doc, data)
    overall = scores["overall"]
    assert overall["entities"] == sum(len(bio_spans(tags)) for _, tags in data)
    # pkuseg words such as 中国人 or 四川省长 contain entity edges: the repair is needed
    assert 0 < overall["misaligned"] < overall["entities"] / 3
    for text, tags in data:
        doc = nlp.make_doc(text)
        spans = bio_spans(tags)
        ensure_boundaries(doc, [off for s, e, _ in spans for off in (s, e)])
        assert doc.text == text
        for start, end, _ in spans:
            span = doc.char_span(start, end)
            assert span is not None and span.text == text[start:end]


def test_alignment_counts_per_label() -> None:
    words = {"中国人民银行在北京": ["中国人", "民银行", "在", "北京"], "中国人": ["中国人"]}
    vocab = Vocab()

    def tokenize(text: str) -> Doc:
        return Doc(vocab, words=words[text], spaces=[False] * len(words[text]))

    data = [
        ("中国人民银行在北京", ["B-ORG"] + ["I-ORG"] * 5 + ["O", "B-LOC", "I-LOC"]),
        ("中国人", ["B-LOC", "I-LOC", "O"]),  # ends inside the word 中国人
    ]
    scores = segmentation_alignment(tokenize, data)
    assert scores["ORG"] == {"entities": 1, "misaligned": 0, "share": 0.0}
    assert scores["LOC"] == {"entities": 2, "misaligned": 1, "share": 0.5}
    assert scores["overall"]["misaligned"] == 1
