"""Words that end organisation and place names, and the words names are made of, counted in
the NER corpora.

The model often stops a long name at its first part: 周恩来|纪念馆, 中国房地产|协会,
北京|印刷学院. The NER component's ``name_tails`` rule takes such a tail in: a name followed,
within a few words of its clause, by a word that ends names (``tails``) becomes the longer
name, provided every word between is one that names are made of (``inner``). Both lists
are counts over the NER training corpora, segmented as the pipeline segments them:

- a tail is a word that is the last word of a longer ORG or LOC name at least ``min_final``
  times and in at least ``min_share`` of all its uses (委员会, 纪念馆, 有限公司; 中心 too,
  which is how 重庆市|中心, the city centre, is read as a name), with the label those names
  mostly have (协会 ORG, 半岛 LOC);
- an inner word is one used inside ORG or LOC names in at least ``min_inner`` of its uses
  (房地产, 印刷; not 举办 or 访问), so that a verb between a name and a tail stops the rule.

    python -m pipeline.train.name_tails --shared ../shared
"""

from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict
from pathlib import Path

import srsly

from ..corpora import bio_spans
from ..paths import RESOURCES
from .heads import training_corpora

OUTPUT = RESOURCES / "ner" / "name_tails.json"
LABELS = ("ORG", "LOC")
_HAN = re.compile(r"[\u4e00-\u9fff]+")


def usage_counts(
    corpus: list[tuple[str, list[str]]],
) -> tuple[Counter[str], dict[str, Counter[str]], Counter[str]]:
    """For each Han word of the segmented corpus: its uses, its uses as the last word of a
    longer ORG or LOC name (by label), and its uses inside such a name."""
    from .. import load

    tokenizer = load().tokenizer
    total: Counter[str] = Counter()
    final: dict[str, Counter[str]] = defaultdict(Counter)
    inside: Counter[str] = Counter()
    for (text, tags), doc in zip(corpus, tokenizer.pipe(t for t, _ in corpus), strict=True):
        label_at: list[str | None] = [None] * len(text)
        starts: dict[int, int] = {}
        for s, e, label in bio_spans(tags):
            if label in LABELS:
                label_at[s:e] = [label] * (e - s)
                starts[e] = s
        for tok in doc:
            word, s = tok.text, tok.idx
            if not _HAN.fullmatch(word):
                continue
            e = s + len(word)
            total[word] += 1
            label = label_at[s]
            if label is None or any(x != label for x in label_at[s:e]):
                continue
            inside[word] += 1
            if starts.get(e, s) < s:
                final[word][label] += 1
    return total, final, inside


def choose(
    counts: tuple[Counter[str], dict[str, Counter[str]], Counter[str]],
    min_final: int,
    min_share: float,
    min_inner: float,
) -> dict[str, object]:
    """The tails with their labels and the inner words, by the thresholds above."""
    total, final, inside = counts
    tails = {}
    for word, by_label in final.items():
        n = sum(by_label.values())
        if n >= min_final and n >= min_share * total[word]:
            tails[word] = by_label.most_common(1)[0][0]
    inner = sorted(w for w, n in inside.items() if n >= min_inner * total[w])
    return {"tails": dict(sorted(tails.items())), "inner": inner}


def derive(
    shared: Path, min_final: int = 5, min_share: float = 0.5, min_inner: float = 0.02
) -> dict[str, object]:
    """The lists, from the NER training corpora under ``shared``."""
    return choose(usage_counts(training_corpora(shared)), min_final, min_share, min_inner)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--min-final", type=int, default=5)
    parser.add_argument("--min-share", type=float, default=0.5)
    parser.add_argument("--min-inner", type=float, default=0.02)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    lists = derive(args.shared, args.min_final, args.min_share, args.min_inner)
    doc = (
        "Name tails and inner words (pipeline/train/name_tails.py), counted in the NER "
        f"training corpora: tails end >= {args.min_share:.0%} of their uses and >= "
        f"{args.min_final} longer ORG/LOC names; inner words are inside such names in >= "
        f"{args.min_inner:.0%} of their uses. Rebuild, do not edit."
    )
    srsly.write_json(args.output, {"_doc": doc, **lists})
    print(f"{len(lists['tails'])} tails, {len(lists['inner'])} inner words -> {args.output}")


if __name__ == "__main__":
    main()
