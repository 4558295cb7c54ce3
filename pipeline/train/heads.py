"""Organisation head words that are no name on their own, counted in the NER corpora.

公司, 政府, 银行 end organisation names, and the model sometimes tags one standing alone (the
bare nominal of 公司表示). Whether a head word is a name by itself is a property of the
language that the training corpora measure: of its occurrences outside every other entity,
how often is it tagged ORG alone? 国务院 almost always (182 of 184), 公司 rarely (45 of 1,100),
银行 once in 974. The words under ``max_share`` with at least ``min_count`` occurrences are
written to ``resources/ner/bare_heads.txt``, which the NER component's ``bare_heads`` rule
reads: a model ORG that is exactly one of them is dropped.

    python -m pipeline.train.heads --shared ../shared
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from ..corpora import bio_spans
from ..ner.features import read_word_list
from ..paths import RESOURCES, config_path
from .ner import load_training_data
from .script import list_main, load_settings

OUTPUT = RESOURCES / "ner" / "bare_heads.txt"
SUFFIXES = RESOURCES / "ner" / "org_suffixes.txt"
TRAIN_CONFIG = config_path("train_ner.cfg")


def head_counts(
    corpus: Iterable[tuple[str, list[str]]], heads: Iterable[str]
) -> dict[str, tuple[int, int]]:
    """``head -> (tagged ORG alone, untagged and outside every entity)`` over ``corpus``;
    overlapping heads (公司, 总公司) are each counted. Every substring of a head's length is
    looked up in a set, so thousands of words cost about what one does."""
    heads = set(heads)
    lengths = sorted({len(h) for h in heads})
    alone: Counter[str] = Counter()
    free: Counter[str] = Counter()
    for text, tags in corpus:
        spans = bio_spans(tags)
        orgs = {(s, e) for s, e, label in spans if label == "ORG"}
        covered = [False] * len(text)
        for s, e, _ in spans:
            covered[s:e] = [True] * (e - s)
        for n in lengths:
            for i in range(len(text) - n + 1):
                head = text[i : i + n]
                if head not in heads:
                    continue
                if (i, i + n) in orgs:
                    alone[head] += 1
                elif not any(covered[i : i + n]):
                    free[head] += 1
    return {h: (alone[h], free[h]) for h in sorted(heads, key=len, reverse=True)}


def bare_heads(
    counts: dict[str, tuple[int, int]], max_share: float, min_count: int
) -> list[str]:
    """Heads seen at least ``min_count`` times, tagged alone in under ``max_share`` of them."""
    out = []
    for head, (alone, free) in counts.items():
        n = alone + free
        if n >= min_count and alone / n < max_share:
            out.append(head)
    return sorted(out)


def training_corpora(shared: Path) -> list[tuple[str, list[str]]]:
    """The NER model's training sentences, read as ``configs/train_ner.cfg`` says, with its
    data folder at ``shared/data``."""
    settings = load_settings(TRAIN_CONFIG, {"paths.data": str(shared / "data")})
    return load_training_data(settings)["train"]


def derive(shared: Path, max_share: float = 0.1, min_count: int = 20) -> tuple[list[str], int]:
    """The bare heads and the number of heads counted, from the corpora under ``shared``."""
    suffixes = [w for w in read_word_list(SUFFIXES) if len(w) >= 2]
    counts = head_counts(training_corpora(shared), suffixes)
    return bare_heads(counts, max_share, min_count), len(counts)


COMMENT = (
    "Organisation head words that are no name alone (pipeline/train/heads.py):\n"
    "tagged ORG alone in under {max_share:.0%} of their >= {min_count}"
    " free occurrences in the NER training corpora."
)


def main() -> None:
    list_main(__doc__, derive, COMMENT, OUTPUT)


if __name__ == "__main__":
    main()
