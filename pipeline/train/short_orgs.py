"""Two-character organisation names that the NER training corpora treat as names, counted there.

One sense per document (the NER component's ``propagate`` rule) tags a name found once at its
other occurrences, but only names of three characters or more: two characters are as often
a word (人大代表, 建行以来, 交办) as a name. Whether a two-character string is a name is a
property the training corpora measure, as for ``corpus_orgs``: of its occurrences outside
every other entity, how often is it tagged ORG exactly? 招行 81 of 93, 欧盟 311 of 314, 央行
111 of 129; 人大 35 of 74, 民生 8 of 105, 群众 1 of 675. The names tagged at least
``min_count`` times and in at least ``min_share`` of their occurrences are written to
``resources/ner/short_orgs.txt``, which the ``short_orgs`` rule reads: such a name, found by the
model once, is found again where the document repeats it (招行、中信等银行，其中招行规定是100元，
中信规定200元).

    python -m pipeline.train.short_orgs --shared ../shared
"""

from __future__ import annotations

from pathlib import Path

from ..paths import RESOURCES
from .corpus_orgs import kept_names, tagged_orgs
from .heads import training_corpora
from .script import list_main

OUTPUT = RESOURCES / "ner" / "short_orgs.txt"
LENGTH = 2


def derive(shared: Path, min_count: int = 2, min_share: float = 0.5) -> tuple[list[str], int]:
    """The kept names and the number of candidates, from the corpora under ``shared``."""
    corpus = training_corpora(shared)
    return kept_names(corpus, tagged_orgs(corpus, LENGTH, max_length=LENGTH), min_count, min_share)


COMMENT = (
    "Two-character organisation names the NER training corpora treat as names\n"
    "(pipeline/train/short_orgs.py): tagged ORG at least {min_count} times and in\n"
    ">= {min_share:.0%} of their occurrences outside other entities."
)


def main() -> None:
    list_main(__doc__, derive, COMMENT, OUTPUT)


if __name__ == "__main__":
    main()
