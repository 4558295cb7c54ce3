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

The adverbs before a verb are counted as verbs too, as the markers come before them (将|进一步|
降至, 已|先后|投资), and an adverb is no predicate: 先后投资2000万元 is 投资. What marks an
adverb is where it stands: before a verb of the list (进一步 84% of its uses, 纷纷 79%; 投资
21%), never before an aspect particle, and almost never at the end of a phrase (before a
punctuation mark, 的, 和; the attribute nouns 余额 and 逆差, which also precede verbs, do end
phrases). The words of two characters or more used ``min_count`` times that meet those shares
go to ``resources/relations/adverbs.txt``, which the predicate reader skips as it skips function
words.

A count's unit may be a classifier that a noun follows (３００多名代表, 两座小岛, ３０家大企业),
and the first word after it then opens that noun, whatever the verb list says of it: 下岗, 大,
老 and 失学 act as verbs elsewhere but modify 职工, 企业, 干部 and 儿童 there. What marks such a
classifier is that the phrase rarely ends after it and a verb of the list rarely follows it
(名: 13% and 15% of 1,027 counts; 人, a noun, 51% and 33%; 次, which counts actions, 16% and
36%). The units of ``resources/quantities/units.json`` seen after a numeral ``min_count`` times
that meet those shares go to ``resources/relations/classifiers.txt``.

A verb of the list may stand between another and the noun the count is of (安置|下岗|职工|33万人),
and modify that noun as after a classifier: the verb before it is then the predicate, where it
is one that takes a noun as object. What marks such a verb is that it rarely stands before
another verb and rarely ends a phrase (安置 27% and 27%, 资助 18% and 26%); adverbs and
auxiliaries stand before a verb as often as not (直接 46%, 优先 54%, 能够 89%, 开始 47%), and the
verbs that take no object end phrases (成功 53%, 关注 65%). The words of two characters or more
seen ``min_count`` times under 35% and 50% go to ``resources/relations/object_verbs.txt``.
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
from ..paths import ADVERBS_FILE, CLASSIFIERS_FILE, OBJECT_VERBS_FILE, RESOURCES, VERBS_FILE
from ..relations.layout import is_han

MARKERS = RESOURCES / "relations" / "verb_markers.json"
NUMERALS = RESOURCES / "quantities" / "numerals.json"
OUTPUT = VERBS_FILE
ADVERBS_OUTPUT = ADVERBS_FILE
# what makes a verb of the list an adverb (``adverbs``): uses, before a verb, at a phrase's end
ADVERB_MIN_COUNT, ADVERB_VERB_SHARE, ADVERB_END_SHARE = 20, 0.6, 0.2
# what makes a verb one that takes a noun as object (``object_verbs``): uses, verbs next, ends
OBJECT_MIN_COUNT, OBJECT_VERB_SHARE, OBJECT_END_SHARE = 20, 0.35, 0.5
# what makes a unit a classifier a noun follows (``classifiers``): counts, phrase ends, verbs next
CLASSIFIER_MIN_COUNT, CLASSIFIER_END_SHARE, CLASSIFIER_VERB_SHARE = 20, 0.25, 0.3
UNITS = RESOURCES / "quantities" / "units.json"
CLASSIFIERS_OUTPUT = CLASSIFIERS_FILE
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


def position_counts(
    sentences: Iterable[list[str]], verbs: Iterable[str], after: Iterable[str],
    phrase_ends: Iterable[str],
) -> dict[str, tuple[int, int, int, int]]:
    """``word -> (uses, before an aspect particle, before a word of ``verbs``, at the end of a
    phrase)`` for the words of ``verbs``: the end of a phrase is the sentence's end, a word
    that is not Han (punctuation) or one of ``phrase_ends``."""
    verbs, after, ends = frozenset(verbs), frozenset(after), frozenset(phrase_ends)
    counts: dict[str, list[int]] = {}
    for words in sentences:
        for i, word in enumerate(words):
            if word not in verbs:
                continue
            row = counts.setdefault(word, [0, 0, 0, 0])
            row[0] += 1
            nxt = words[i + 1] if i + 1 < len(words) else ""
            row[1] += nxt in after
            row[2] += nxt in verbs
            row[3] += not nxt or not is_han(nxt) or nxt in ends
    return {w: (n, a, v, e) for w, (n, a, v, e) in counts.items()}


def adverbs(
    counts: dict[str, tuple[int, int, int, int]],
    min_count: int = ADVERB_MIN_COUNT,
    min_verb_share: float = ADVERB_VERB_SHARE,
    max_end_share: float = ADVERB_END_SHARE,
) -> list[str]:
    """The words of two characters or more seen ``min_count`` times, never before an aspect
    particle, before a verb in ``min_verb_share`` of their uses and ending a phrase in under
    ``max_end_share``: adverbs (进一步, 先后, 纷纷), no predicates."""
    return sorted(
        w for w, (n, particle, verb, end) in counts.items()
        if len(w) >= 2 and n >= min_count and not particle
        and verb / n >= min_verb_share and end / n < max_end_share
    )  # fmt: skip


def object_verbs(
    counts: dict[str, tuple[int, int, int, int]],
    min_count: int = OBJECT_MIN_COUNT,
    max_verb_share: float = OBJECT_VERB_SHARE,
    max_end_share: float = OBJECT_END_SHARE,
) -> list[str]:
    """The words of two characters or more seen ``min_count`` times, before another verb in
    under ``max_verb_share`` of their uses and ending a phrase in under ``max_end_share``:
    verbs whose object is a noun (安置 27% / 27%, 资助 18% / 26%), where a verb right after
    them modifies that noun (安置|下岗|职工); not the adverbs and auxiliaries, before a verb as
    often (直接 46%, 优先 54%, 能够 89%, 开始 47%), nor the verbs that take no object (成功 53%,
    关注 65% at a phrase's end)."""
    return sorted(
        w for w, (n, _, verb, end) in counts.items()
        if len(w) >= 2 and n >= min_count and verb / n < max_verb_share and end / n < max_end_share
    )  # fmt: skip


def unit_counts(
    sentences: Iterable[list[str]], units: Iterable[str], verbs: Iterable[str],
    phrase_ends: Iterable[str],
) -> dict[str, tuple[int, int, int]]:
    """``unit -> (uses after a numeral, at the end of a phrase, before a word of ``verbs``)``
    for the words of ``units`` right after a word of digits or numeral characters (３００|名,
    三|座); the end of a phrase as for :func:`position_counts`."""
    units, verbs, ends = frozenset(units), frozenset(verbs), frozenset(phrase_ends)
    numeral = numeral_chars()
    counts: dict[str, list[int]] = {}
    for words in sentences:
        for i in range(1, len(words)):
            word = words[i]
            if word not in units or not all(
                    c in numeral or c.isdigit() or c in ".．·" for c in words[i - 1]):
                continue
            row = counts.setdefault(word, [0, 0, 0])
            nxt = words[i + 1] if i + 1 < len(words) else ""
            row[0] += 1
            row[1] += not nxt or not is_han(nxt) or nxt in ends
            row[2] += nxt in verbs
    return {u: (n, e, v) for u, (n, e, v) in counts.items()}


def classifiers(
    counts: dict[str, tuple[int, int, int]],
    min_count: int = CLASSIFIER_MIN_COUNT,
    max_end_share: float = CLASSIFIER_END_SHARE,
    max_verb_share: float = CLASSIFIER_VERB_SHARE,
) -> list[str]:
    """The units seen ``min_count`` times after a numeral that end a phrase in under
    ``max_end_share`` and come before a verb in under ``max_verb_share`` of those uses: the
    classifiers a noun follows (名, 个, 家), not the nouns (人, 吨) nor the counts of actions
    (次)."""
    return sorted(
        u for u, (n, end, verb) in counts.items()
        if n >= min_count and end / n < max_end_share and verb / n < max_verb_share
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
    parser.add_argument("--adverbs-output", type=Path, default=ADVERBS_OUTPUT)
    parser.add_argument("--classifiers-output", type=Path, default=CLASSIFIERS_OUTPUT)
    parser.add_argument("--object-verbs-output", type=Path, default=OBJECT_VERBS_FILE)
    args = parser.parse_args()
    markers = srsly.read_json(MARKERS)
    counts = marker_counts(
        pd1998_sentences(args.shared, args.folds), markers["after"], markers["before"]
    )
    words = verbs(counts, args.min_share, args.min_count)
    folds = ", ".join(map(str, args.folds))
    comment = [
        "Words that act as verbs (pipeline/train/verbs.py): next to an aspect particle, adverb",
        f"or modal in at least {args.min_share:.0%} of their >= {args.min_count} uses in"
        f" People's Daily 1998 folds {folds}.",
    ]
    write_word_list(args.output, comment, words)
    print(f"{len(words)} verbs -> {args.output}")
    positions = position_counts(
        pd1998_sentences(args.shared, args.folds), words, markers["after"],
        markers["phrase_ends"])
    found = adverbs(positions)
    comment = [
        f"Adverbs among the verbs (pipeline/train/verbs.py): before a verb in >="
        f" {ADVERB_VERB_SHARE:.0%} of their",
        f">= {ADVERB_MIN_COUNT} uses, never before an aspect particle, ending a phrase in <"
        f" {ADVERB_END_SHARE:.0%}, in People's",
        f"Daily 1998 folds {folds}. The predicate reader skips them.",
    ]
    write_word_list(args.adverbs_output, comment, found)
    print(f"{len(found)} adverbs -> {args.adverbs_output}")
    found = object_verbs(positions)
    comment = [
        f"Verbs that take a noun as object (pipeline/train/verbs.py): seen >= {OBJECT_MIN_COUNT}"
        f" times, before a verb in < {OBJECT_VERB_SHARE:.0%}",
        f"and ending a phrase in < {OBJECT_END_SHARE:.0%} of them, in People's Daily 1998 folds"
        f" {folds}. Right before another",
        "verb and a noun, the other verb modifies the noun (安置|下岗|职工|33万人).",
    ]
    write_word_list(args.object_verbs_output, comment, found)
    print(f"{len(found)} object verbs -> {args.object_verbs_output}")
    units = srsly.read_json(UNITS)["measure"]
    found = classifiers(unit_counts(
        pd1998_sentences(args.shared, args.folds), units, words, markers["phrase_ends"]))
    comment = [
        f"Classifiers a noun follows (pipeline/train/verbs.py): units of quantities/units.json"
        f" seen >= {CLASSIFIER_MIN_COUNT}",
        f"times after a numeral, ending a phrase in < {CLASSIFIER_END_SHARE:.0%} and before a"
        f" verb in < {CLASSIFIER_VERB_SHARE:.0%} of them, in",
        f"People's Daily 1998 folds {folds}. A verb of the list right after one opens the"
        " counted noun (名|下岗|职工).",
    ]
    write_word_list(args.classifiers_output, comment, found)
    print(f"{len(found)} classifiers -> {args.classifiers_output}")


if __name__ == "__main__":
    main()
