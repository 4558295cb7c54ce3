"""Hard-wrapped plain text: the line breaks that only wrap a paragraph, found by the lines'
widths.

Text taken from a PDF (the CSR report of the analyst's Friday), a terminal or an e-mail
breaks every line at a fixed width, in the middle of names, numbers and clauses
(中国移动贵州公司在全\\n省累计投资12.6亿元); every stage would read the pieces as separate
lines. A document is hard-wrapped when many of its lines are full, that is as wide as its
widest lines (``WrapRules``); the break after a full line joins it to the next unless the
line ends a sentence or the break stands between two Latin letters (Chinese sets no space
between words, so the break is no space either, as CSS Text 3 drops a break between wide
characters). A short line ends its paragraph, and a document of one line a
paragraph (news as it is usually written) has no full lines to speak of, so nothing changes
there. The breaks are left out of the analysis like invisible characters
(:func:`pipeline.script.invisible.analysis_view`): every offset still points into the input.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from ..punctuation import ELLIPSES, QUOTE_PAIRS, SEMICOLONS, SENTENCE_END

# East Asian wide and full-width characters (Unicode's East Asian Width W and F) in the
# blocks Chinese text uses: Hangul Jamo, CJK radicals to Yi, Hangul syllables, compatibility
# ideographs, vertical and small forms, full-width forms, the supplementary ideographs
WIDE_CHARS = (
    "\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    "\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6"
    "\U00020000-\U0003fffd"
)
_WIDE_CHAR = re.compile(f"[{WIDE_CHARS}]")
_LINE = re.compile(r"[^\n]*\n?")
# a line ending a sentence (。, ！, ……, or one of them and closing quotes: 。」) ends its
# paragraph as often as not: it joins nothing, which costs a wrapped text nothing either
_SENTENCE_END = re.compile(
    "(?:[" + re.escape(SENTENCE_END + SEMICOLONS + "".join(ELLIPSES)) + "])"
    "[" + re.escape("".join(p[1] for p in QUOTE_PAIRS)) + "）)]*$"
)


@dataclass(frozen=True)
class WrapRules:
    """When a document counts as hard-wrapped.

    ``min_width``: display columns (a Han character is two) a line needs to count at all, so
    that menus and short headings never make a document look wrapped; ``tolerance``: how many
    columns narrower than the document's widest lines a line may be and still be full (a
    line break falls before a Han character that would not fit, or after a run of narrower
    Latin letters and digits); ``min_full``: full lines a document needs;
    ``min_share``: the share of all its lines that must be full."""

    min_width: int = 40
    tolerance: int = 3
    min_full: int = 3
    min_share: float = 0.5


def display_width(line: str) -> int:
    """Columns ``line`` takes in a fixed-width font: two for a wide character, else one."""
    return len(line) + len(_WIDE_CHAR.findall(line))


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def soft_breaks(text: str, rules: WrapRules | None = None) -> list[int]:
    """Offsets of the line breaks of ``text`` that only wrap a paragraph (none when the
    text is not hard-wrapped): each follows a full line that ends no sentence, and does
    not stand between two Latin letters (投资\\n12亿元 reads 投资12亿元, 12\\n.6亿元 reads
    12.6亿元; between Latin words a break is a space, which leaving it out would lose)."""
    rules = rules or WrapRules()
    if text.count("\n") < rules.min_full:
        return []
    lines = [(m.start(), m.group().rstrip("\n").rstrip()) for m in _LINE.finditer(text)]
    widths = [display_width(line) for _, line in lines]
    counted = sorted(w for w in widths if w >= rules.min_width)
    # the wrap width: the widest width that min_full lines reach within the tolerance
    top = next(
        (
            counted[i]
            for i in range(len(counted) - 1, rules.min_full - 2, -1)
            if i - bisect_left(counted, counted[i] - rules.tolerance) + 1 >= rules.min_full
        ),
        None,
    )
    if top is None:
        return []
    full = [top - rules.tolerance <= w <= top for w in widths]
    if sum(full) < rules.min_share * sum(1 for _, line in lines if line):
        return []
    breaks = []
    for (start, line), is_full, (_, following) in zip(lines, full, lines[1:], strict=False):
        if not is_full or _SENTENCE_END.search(line):
            continue
        before, after = line[-1], following[:1]
        if after.strip() and not (_latin(before) and _latin(after)):
            # the break, and the spaces that end the line before it (贵 \n州 is 贵州)
            end = text.index("\n", start + len(line))
            breaks.extend(range(start + len(line), end + 1))
    return breaks
