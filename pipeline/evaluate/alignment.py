"""How many gold entities the word segmentation cuts through.

A word-level NER reading pkuseg tokens could never find an entity whose first or last
character falls inside a token (四川鹽源縣 as one word hides 鹽源縣). zhkg's NER tags
characters and ``pipeline.tokens.ensure_boundaries`` splits tokens at entity edges, so nothing
is lost; this measurement says how often that repair is needed, per label.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.tokens import Doc

from ..corpora import bio_spans


def segmentation_alignment(
    tokenize: Callable[[str], Doc], data: Iterable[tuple[str, list[str]]]
) -> dict[str, dict[str, float]]:
    """Gold entities of ``data`` (text, char tags) whose edges are not token boundaries."""
    counts: dict[str, list[int]] = {}
    for text, tags in data:
        doc = tokenize(text)
        starts = {t.idx for t in doc}
        ends = {t.idx + len(t) for t in doc}
        for start, end, label in bio_spans(tags):
            c = counts.setdefault(label, [0, 0])
            c[0] += 1
            c[1] += start not in starts or end not in ends
    counts["overall"] = [sum(c[i] for c in counts.values()) for i in range(2)]
    return {
        label: {"entities": n, "misaligned": bad, "share": round(bad / n, 4) if n else 0.0}
        for label, (n, bad) in counts.items()
    }
