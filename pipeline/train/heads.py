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

import argparse
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from ..corpora import bio_spans, read_cluener, read_uner, read_weibo
from ..paths import RESOURCES
from .ner import msra_train_dev

OUTPUT = RESOURCES / "ner" / "bare_heads.txt"
SUFFIXES = RESOURCES / "ner" / "org_suffixes.txt"


def head_counts(
    corpus: Iterable[tuple[str, list[str]]], heads: Iterable[str]
) -> dict[str, tuple[int, int]]:
    """``head -> (tagged ORG alone, untagged and outside every entity)`` over ``corpus``."""
    heads = sorted(set(heads), key=len, reverse=True)
    alone: Counter[str] = Counter()
    free: Counter[str] = Counter()
    for text, tags in corpus:
        spans = bio_spans(tags)
        orgs = {(s, e) for s, e, label in spans if label == "ORG"}
        covered = [False] * len(text)
        for s, e, _ in spans:
            covered[s:e] = [True] * (e - s)
        for head in heads:  # overlapping heads (公司, 总公司) each counted
            for m in re.finditer(re.escape(head), text):
                if (m.start(), m.end()) in orgs:
                    alone[head] += 1
                elif not any(covered[m.start() : m.end()]):
                    free[head] += 1
    return {h: (alone[h], free[h]) for h in heads}


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
    """The NER model's training sentences (MSRA train less its dev split, CLUENER, UNER and
    Weibo train), as ``configs/train_ner.cfg`` reads them."""
    ner = shared / "data" / "ner"
    train, _ = msra_train_dev(
        {"msra_train": str(ner / "msra" / "train.bio.gz"), "dev_fraction": 0.05}
    )
    train += read_cluener(ner / "cluener" / "train.txt")
    train += read_uner(ner / "uner_zh_gsd" / "zh_gsd-ud-train.iob2")
    train += read_weibo(ner / "weibo" / "weiboNER_2nd_conll.train")
    return train


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--max-share", type=float, default=0.1)
    parser.add_argument("--min-count", type=int, default=20)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    suffixes = [
        w.strip()
        for w in SUFFIXES.read_text(encoding="utf-8").splitlines()
        if w.strip() and not w.startswith("#") and len(w.strip()) >= 2
    ]
    counts = head_counts(training_corpora(args.shared), suffixes)
    heads = bare_heads(counts, args.max_share, args.min_count)
    lines = [
        "# Organisation head words that are no name alone (pipeline/train/heads.py):",
        f"# tagged ORG alone in under {args.max_share:.0%} of their >= {args.min_count}"
        " free occurrences in the NER training corpora.",
        *heads,
    ]
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(heads)} bare heads -> {args.output}")


if __name__ == "__main__":
    main()
