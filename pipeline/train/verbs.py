"""Which words act as verbs, counted in segmented People's Daily 1998.

A quantity's predicate is the verb or the attribute word before it (GUIDE: 投资, 增长, 不良贷款率).
The words between the subject and the number often hold both, a verb and its object or an
adverb and a verb (发放保障金50万元, 比上年增长10%, 计划花费11亿美元), and the verb is the
predicate. No tagger here gives parts of speech, but the language marks verbs with closed-class
words: aspect particles after them (投资了, 增长了) and adverbs and modals before them (已经,
将, 不). A word used next to such a marker in at least ``min_share`` of its ``min_count`` or
more uses acts as a verb (增长 4.5%, 发放 13%, 投资 2.0%); nouns almost never are (资金 1.2%,
人口 0.5%, 上年 0). The markers are ``resources/relations/verb_markers.json``; the words go
to ``resources/relations/verbs.txt``, which the relation stage's predicate reader reads.
Folds 1–4 only: fold 5 holds the People's Daily texts of the dev gold.

    python -m pipeline.train.verbs --shared ../shared
"""

from __future__ import annotations

import argparse
import gzip
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import srsly

from ..ner.features import write_word_list
from ..paths import RESOURCES, VERBS_FILE
from ..relations.layout import is_han

MARKERS = RESOURCES / "relations" / "verb_markers.json"
NUMERALS = RESOURCES / "quantities" / "numerals.json"
OUTPUT = VERBS_FILE
PD1998 = "data/cws/pd1998/fold-{fold}.txt.gz"


def marker_counts(
    sentences: Iterable[list[str]], after: Iterable[str], before: Iterable[str]
) -> dict[str, tuple[int, int]]:
    """``word -> (uses, uses next to a marker)``: followed by one of ``after`` or preceded by
    one of ``before``."""
    after, before = frozenset(after), frozenset(before)
    uses: Counter[str] = Counter()
    marked: Counter[str] = Counter()
    for words in sentences:
        for i, word in enumerate(words):
            uses[word] += 1
            if (i + 1 < len(words) and words[i + 1] in after) or (i and words[i - 1] in before):
                marked[word] += 1
    return {w: (n, marked[w]) for w, n in uses.items()}


def numeral_chars() -> frozenset[str]:
    """The characters of everyday Chinese numerals (三十, 一万: 又一, 都三十 are no verbs)."""
    num = srsly.read_json(NUMERALS)
    chars = [*num["digits"], *num["small_magnitudes"], *num["big_magnitudes"]]
    return frozenset(chars) - frozenset(num["formal_digits"])  # 拾 (to pick up) is a verb too


def verbs(counts: dict[str, tuple[int, int]], min_share: float, min_count: int) -> list[str]:
    """Han words seen ``min_count`` times or more, next to a marker in ``min_share`` of them;
    numerals are left out."""
    numeral = numeral_chars()
    return sorted(
        w for w, (n, m) in counts.items()
        if n >= min_count and m / n >= min_share and is_han(w)
        and not all(c in numeral for c in w)
    )  # fmt: skip


def pd1998_sentences(shared: Path, folds: Iterable[int]) -> Iterable[list[str]]:
    for fold in folds:
        with gzip.open(shared / PD1998.format(fold=fold), "rt", encoding="utf-8") as fh:
            for line in fh:
                yield line.split()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--folds", type=int, nargs="+", default=[1, 2, 3, 4])
    parser.add_argument("--min-share", type=float, default=0.02)
    parser.add_argument("--min-count", type=int, default=5)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    markers = srsly.read_json(MARKERS)
    counts = marker_counts(
        pd1998_sentences(args.shared, args.folds), markers["after"], markers["before"]
    )
    words = verbs(counts, args.min_share, args.min_count)
    comment = [
        "Words that act as verbs (pipeline/train/verbs.py): next to an aspect particle, adverb",
        f"or modal in at least {args.min_share:.0%} of their >= {args.min_count} uses in"
        f" People's Daily 1998 folds {', '.join(map(str, args.folds))}.",
    ]
    write_word_list(args.output, comment, words)
    print(f"{len(words)} verbs -> {args.output}")


if __name__ == "__main__":
    main()
