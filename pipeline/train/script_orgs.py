"""Organisation words of traditional-script text, chosen by counts in the NER corpora.

The NER model learnt mostly from mainland news; Taiwan's and Hong Kong's bodies (立法院,
勞委會, 衛生署) are words of the traditional segmentation corpora (the AS and CityU training
word lists) that no NER corpus names. The words of those lists that end like an organisation
(``org_suffixes.txt``) are candidates; the NER component's ``traditional_orgs`` rule tags them
ORG in traditional-script text. Many such words are common nouns (研讨会, 理发部, 橄榄球队),
so each is kept only if the NER training corpora, segmented as the pipeline segments them,
use it as a name:

- a word they have at least ``min_count`` times as a word of its own (outside other
  entities) is kept when at least ``min_share`` of those are tagged ORG exactly;
- a rarer word is judged by its ending (its last two characters, else its last one, the
  first with at least ``min_ending`` occurrences): kept when at least ``min_share`` of the
  corpus words with that ending end an ORG (words ending in 委会 do 85% of the time, so
  劳委会 stays; in 处 48%, a spot as often as a body, so 休息处 and 主计处 go); a word whose
  endings the corpora do not know is kept.

    python -m pipeline.train.script_orgs --shared ../shared
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..corpora import bio_spans
from ..ner.features import read_word_list
from ..paths import RESOURCES
from ..script.convert import make_opencc_converter
from .heads import SUFFIXES, training_corpora
from .script import list_main

OUTPUT = RESOURCES / "ner" / "traditional_orgs.txt"
WORD_LISTS = ("as_training_words.utf8", "cityu_training_words.utf8")
_HAN = re.compile(r"[\u4e00-\u9fff]{3,}")


def simplified_words(word_lists: Iterable[Path]) -> Iterator[str]:
    """The words of segmentation word lists (one a line), converted t2s: the model and the
    rules read the simplified view of a text."""
    t2s = make_opencc_converter("t2s")
    for path in word_lists:
        for line in path.read_text(encoding="utf-8").splitlines():
            yield t2s(line.strip())


def candidates(word_lists: Iterable[Path], suffixes: tuple[str, ...]) -> set[str]:
    """Words (simplified) of 3+ Han characters that end with one of ``suffixes``."""
    return {
        w for w in simplified_words(word_lists) if _HAN.fullmatch(w) and w.endswith(suffixes)
    }


def usage_counts(
    corpus: list[tuple[str, list[str]]], words: set[str], suffixes: tuple[str, ...]
) -> tuple[Counter[str], Counter[str], Counter[str], Counter[str]]:
    """For each word of ``words``, how often the corpus's tokens are it tagged ORG exactly,
    and how often it is seen so or outside every entity; for each ending (last one and two
    characters) of tokens like ``words``, the same for the tokens ending an ORG. A token
    elsewhere inside a name (交通部 of 交通部观光局, 长江 of 长江委) says nothing either way."""
    from .. import load

    tokenizer = load().tokenizer
    word_org, word_seen, end_org, end_seen = Counter(), Counter(), Counter(), Counter()
    for (text, tags), doc in zip(corpus, tokenizer.pipe(t for t, _ in corpus), strict=True):
        spans = bio_spans(tags)
        orgs = {(s, e) for s, e, label in spans if label == "ORG"}
        org_ends = {e for _, e in orgs}
        covered = [False] * len(text)
        for s, e, _ in spans:
            covered[s:e] = [True] * (e - s)
        for tok in doc:
            token, start = tok.text, tok.idx
            end = start + len(token)
            if not (_HAN.fullmatch(token) and token.endswith(suffixes)):
                continue
            free = not any(covered[start:end])
            if token in words and (free or (start, end) in orgs):
                word_seen[token] += 1
                word_org[token] += not free
            if free or end in org_ends:
                for ending in (token[-2:], token[-1:]):
                    end_seen[ending] += 1
                    end_org[ending] += not free
    return word_org, word_seen, end_org, end_seen


def chosen(
    words: set[str],
    counts: tuple[Counter[str], Counter[str], Counter[str], Counter[str]],
    min_count: int,
    min_ending: int,
    min_share: float,
) -> list[str]:
    """The words the corpora use as names, by their own counts or by their ending's."""
    word_org, word_seen, end_org, end_seen = counts
    out = []
    for word in sorted(words):
        if word_seen[word] >= min_count:
            keep = word_org[word] >= min_share * word_seen[word]
        else:
            ending = next((x for x in (word[-2:], word[-1:]) if end_seen[x] >= min_ending), None)
            keep = ending is None or end_org[ending] >= min_share * end_seen[ending]
        if keep:
            out.append(word)
    return out


def derive(
    shared: Path, min_count: int = 2, min_ending: int = 20, min_share: float = 0.5
) -> tuple[list[str], int]:
    """The kept words and the number of candidates, from the corpora under ``shared``."""
    suffixes = tuple(read_word_list(SUFFIXES))
    lists = [shared / "data" / "cws" / "icwb2" / "gold" / name for name in WORD_LISTS]
    words = candidates(lists, suffixes)
    counts = usage_counts(training_corpora(shared), words, suffixes)
    return chosen(words, counts, min_count, min_ending, min_share), len(words)


COMMENT = (
    "Organisation words of traditional-script text (pipeline/train/script_orgs.py): words\n"
    "of the AS and CityU word lists (t2s) with an organisation ending that the NER\n"
    "training corpora tag ORG (>= {min_share:.0%} of >= {min_count} uses, else"
    " of >= {min_ending} words with the same ending)."
)


def main() -> None:
    list_main(__doc__, derive, COMMENT, OUTPUT)


if __name__ == "__main__":
    main()
