"""Organisation names that the NER training corpora always tag, counted there.

The model misses a well-known name where its context is unlike anything it was trained on
(本栏均据新华社电: MSRA never has 新华社 after 据). Whether a string is a name wherever it
stands is a property the training corpora measure: of its occurrences outside every other
entity, how often is it tagged ORG exactly? 新华社 in 377 of 379, 国务院 in 182 of 184 (国务院
of 国务院办公厅 counts neither way). Names of at least ``min_length`` Han characters with an
organisation ending, seen at least ``min_count`` times and tagged in at least ``min_share``
of them, are written to ``resources/ner/corpus_orgs.txt``, which the
NER component's ``corpus_orgs`` rule reads: a name of the list that the segmenter's words
begin and end, where the model found nothing, is an ORG.

    python -m pipeline.train.corpus_orgs --shared ../shared
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from ..corpora import bio_spans
from ..ner.features import read_word_list
from ..paths import RESOURCES
from .heads import SUFFIXES, head_counts, training_corpora
from .script import list_main

OUTPUT = RESOURCES / "ner" / "corpus_orgs.txt"
_HAN = re.compile(r"[\u4e00-\u9fff]+")


def tagged_orgs(
    corpus: Iterable[tuple[str, list[str]]],
    min_length: int,
    suffixes: tuple[str, ...] | None = None,
    max_length: int | None = None,
) -> Counter[str]:
    """How often each ORG name of ``min_length`` to ``max_length`` Han characters is tagged;
    with ``suffixes``, only names that end like an organisation (新华社, 国务院; not the clubs
    and brands named after a city or a word, 利物浦, 七匹狼, which are places and words
    elsewhere)."""
    names: Counter[str] = Counter()
    for text, tags in corpus:
        for s, e, label in bio_spans(tags):
            if (label == "ORG" and e - s >= min_length
                    and (max_length is None or e - s <= max_length)
                    and _HAN.fullmatch(text, s, e)
                    and (suffixes is None or text.endswith(suffixes, s, e))):
                names[text[s:e]] += 1
    return names


def always_tagged(
    counts: dict[str, tuple[int, int]], min_count: int, min_share: float
) -> list[str]:
    """Names seen at least ``min_count`` times (tagged or free), tagged in ``min_share``."""
    return sorted(
        name for name, (tagged, free) in counts.items()
        if tagged + free >= min_count and tagged >= min_share * (tagged + free)
    )


def kept_names(
    corpus: list[tuple[str, list[str]]], tagged: Counter[str], min_count: int, min_share: float
) -> tuple[list[str], int]:
    """Of the names ``tagged`` at least ``min_count`` times, those ``always_tagged`` in
    ``corpus``, and the number of such candidates."""
    names = [n for n, c in tagged.items() if c >= min_count]
    return always_tagged(head_counts(corpus, names), min_count, min_share), len(names)


def derive(
    shared: Path, min_length: int = 3, min_count: int = 5, min_share: float = 0.9
) -> tuple[list[str], int]:
    """The kept names and the number of candidates, from the corpora under ``shared``."""
    corpus = training_corpora(shared)
    suffixes = tuple(read_word_list(SUFFIXES))
    return kept_names(corpus, tagged_orgs(corpus, min_length, suffixes), min_count, min_share)


COMMENT = (
    "Organisation names the NER training corpora tag wherever they stand\n"
    "(pipeline/train/corpus_orgs.py): {min_length}+ Han characters and an\n"
    "organisation ending (org_suffixes.txt), tagged ORG in\n"
    ">= {min_share:.0%} of >= {min_count} occurrences outside other entities."
)


def main() -> None:
    list_main(__doc__, derive, COMMENT, OUTPUT)


if __name__ == "__main__":
    main()
