"""Scoring NER on a gold corpus, either as the whole pipeline delivers it (the default of
``zhkg evaluate --ner-corpus``) or as the bare char model tags it (``--model-only``).

Why the whole pipeline by default: the entities users get are the model's after the
component's gazetteer merging and post-model rules, and after the tokenizer's script
conversion, so that is the figure to report; the bare model's figure says how much of it is
the model's.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any


class PipelineTagger:
    """``predict_many`` over ``nlp.pipe``: each text is one document; its ``doc.ents`` as
    (start, end, label) char offsets into the text as given (traditional script included)."""

    def __init__(self, nlp: Any, batch_size: int = 256) -> None:
        self.nlp = nlp
        self.batch_size = batch_size

    def predict_many(self, texts: Iterable[str]) -> list[list[tuple[int, int, str]]]:
        return [
            [(e.start_char, e.end_char, e.label_) for e in doc.ents]
            for doc in self.nlp.pipe(list(texts), batch_size=self.batch_size)
        ]


def evaluate_pipeline(
    corpus: Path,
    fmt: str = "bio",
    config: str | None = None,
    overrides: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Scores of ``pipeline.load(config, overrides)`` on ``corpus``, one document a sentence,
    with load time and characters per second (tagging and scoring, reading excluded)."""
    from .. import load
    from ..corpora import SCORED_LABELS, read_ner_corpus
    from ..train.ner import evaluate_sentences

    data = read_ner_corpus(corpus, fmt, simplify=False)
    t0 = time.perf_counter()
    nlp = load(config, overrides)
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    scores = evaluate_sentences(PipelineTagger(nlp), data, SCORED_LABELS.get(fmt))
    eval_s = time.perf_counter() - t0
    chars = sum(len(text) for text, _ in data)
    scores["speed"] = {
        "backend": "pipeline",
        "load_s": round(load_s, 2),
        "tag_and_score_s": round(eval_s, 2),
        "chars": chars,
        "chars_per_s": round(chars / eval_s) if eval_s else None,
    }
    return scores
