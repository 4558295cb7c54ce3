"""Sentence and clause punctuation, defined once in ``resources/punctuation.json``.

Sentence splitting, NER chunking, the segmenter's clause decoding, boilerplate scoring and
relation clauses all need to know where a sentence or clause ends; they build their sets
from the classes here rather than each spelling the marks out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from .paths import RESOURCES

PUNCTUATION_PATH = RESOURCES / "punctuation.json"

with open(PUNCTUATION_PATH, encoding="utf-8") as _fh:
    _DATA = json.load(_fh)

SENTENCE_END: str = _DATA["sentence_end"]
"""Marks that end a sentence: full stop, exclamation and question marks (。！？!?)."""
SEMICOLONS: str = _DATA["semicolons"]
"""Semicolons (；;): the clause before them may stand as a sentence."""
ELLIPSES: tuple[str, ...] = tuple(_DATA["ellipses"])
"""Ellipsis tokens (…, ……), which end a sentence too."""
COMMAS: str = _DATA["commas"]
"""Commas (，,): a clause ends, the sentence goes on."""
COLONS: str = _DATA["colons"]
"""Colons (：:): a clause ends, the sentence goes on."""
ENUMERATION_COMMA: str = _DATA["enumeration_comma"]
"""The enumeration comma (、) between list items, inside a clause."""

QUOTE_PAIRS: tuple[str, ...] = tuple(_DATA["quote_pairs"])
"""Opening and closing quotation and title marks, as two-character strings (“”, 《》)."""
QUOTES: str = "".join(dict.fromkeys("".join(QUOTE_PAIRS)))
"""Every quotation or title mark."""
BRACKET_PAIRS: tuple[str, ...] = tuple(_DATA["bracket_pairs"])
"""Opening and closing brackets, as two-character strings (（）, ())."""
NAME_CONNECTORS: str = _DATA["name_connectors"]
"""Marks that join the parts of a name (米拉·乔沃维奇): inside a name, never at its edge."""

FULL_WIDTH: dict[str, str] = _DATA["full_width"]
"""ASCII marks and the full-width forms the segmenter reads them as (, -> ，)."""
_SEPARATORS = "".join(m for m in FULL_WIDTH if m in COMMAS + COLONS)
_HALF_WIDTH = re.compile(
    rf"(?<![0-9A-Za-z])[{re.escape(_SEPARATORS)}]|[{re.escape(_SEPARATORS)}](?![0-9A-Za-z])"
    rf"|[{re.escape(''.join(m for m in FULL_WIDTH if m not in _SEPARATORS))}]"
)

CLAUSE_DELIMITERS: str = COMMAS + SEMICOLONS + COLONS
"""Marks that end a clause but not (on their own) a sentence."""
CLAUSE_END: str = SENTENCE_END + CLAUSE_DELIMITERS
"""Every mark after which a clause ends, sentence ends included."""


def quote_pattern(
    pairs: Iterable[str], max_chars: int, stops: str = "\n", min_chars: int = 0
) -> re.Pattern[str]:
    """A span between an opening mark and its closing one (each pair a two-character string,
    “”), marks included, holding ``min_chars`` to ``max_chars`` characters, no mark of its
    pair and none of ``stops``: short enough that a stray mark swallows no paragraph."""
    return re.compile(
        "|".join(
            f"{re.escape(pair[0])}[^{re.escape(pair + stops)}]{{{min_chars},{max_chars}}}"
            f"{re.escape(pair[1])}"
            for pair in pairs
        )
    )


MAX_QUOTED_CHARS = 40
_QUOTED = quote_pattern(QUOTE_PAIRS, MAX_QUOTED_CHARS, SENTENCE_END, 1)


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """The spans of ``text`` between a pair of quotation or title marks, marks included
    (“雷锋车”, 《黄山小记》): up to ``MAX_QUOTED_CHARS`` inside one sentence."""
    return [m.span() for m in _QUOTED.finditer(text)]


def full_width_marks(text: str) -> str:
    """``text`` with its ASCII punctuation in full-width form, as long as ``text``: what the
    segmenter reads, since a model trained on full-width news glues an ASCII mark to the
    word before it (使然, -> 使|然,). A comma or colon between digits or letters is a
    number's or a time's (1,000, 10:30) and stays."""
    if not any(mark in text for mark in FULL_WIDTH):  # most text has none: no regex pass
        return text
    return _HALF_WIDTH.sub(lambda m: FULL_WIDTH[m.group()], text)
