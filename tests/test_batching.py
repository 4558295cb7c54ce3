"""Documents processed in batches come out exactly as each processed alone.

``nlp.pipe`` segments and NER-tags all documents of a batch together (short documents would
otherwise pay the decoders' fixed cost one by one); nothing of one document may leak into
another's result.
"""

from __future__ import annotations

import numpy as np

from pipeline.arrays import codepoints
from pipeline.batching import char_batches
from pipeline.result import text_result

EDGE_TEXTS = ["", "   ", "\n", "中", "１９９８年", "國務院總理李鵬在北京會見了美國客人。", "a b\tc"]


def _lines(seed_texts: dict[str, str]) -> list[str]:
    return [line for text in seed_texts.values() for line in text.splitlines() if line.strip()]


def test_pipe_equals_one_by_one(nlp, seed_texts) -> None:
    texts = _lines(seed_texts) + list(seed_texts.values()) + EDGE_TEXTS
    batched = [text_result(doc) for doc in nlp.pipe(texts, batch_size=8)]
    alone = [text_result(nlp(text)) for text in texts]
    assert batched == alone
    assert sum(len(r["entities"]) for r in alone) > 50  # the comparison covers entities


def test_ner_groups_equal_each_alone(nlp, seed_texts) -> None:
    model = nlp.get_pipe("ner").model
    lines = _lines(seed_texts)
    groups = [lines[i : i + 3] for i in range(0, len(lines), 3)] + [[""], [], ["北京", ""]]
    assert model.predict_groups(groups) == [model.predict_many(g) for g in groups]


def test_extract_many_equals_extract(nlp, seed_texts) -> None:
    extractor = nlp.get_pipe("ner").model.extractor
    cps = [codepoints(t) for t in _lines(seed_texts)[:20] + EDGE_TEXTS]
    many = extractor.extract_many(cps)
    assert np.array_equal(many, np.concatenate([extractor.extract(cp) for cp in cps]))


def test_char_batches_gather_short_items() -> None:
    items = ["ab"] * 10 + ["x" * 30, "y"]
    batches = list(char_batches(items, batch_size=2, min_chars=10))
    assert [len(b) for b in batches] == [5, 5, 2]
    assert [x for b in batches for x in b] == items
    assert [len(b) for b in char_batches(["x" * 20] * 5, batch_size=2, min_chars=10)] == [2, 2, 1]
