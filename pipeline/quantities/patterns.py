"""Regex building blocks of the quantity and time parsers.

Rules files are JSON under ``pipeline/resources/quantities/`` (:func:`load_json`); their words
become regexes here. :class:`Variants` makes every character of a word also match its
traditional and full-width variants (个 -> ``[个個]``), so that no word list is written twice,
and :func:`~pipeline.patterns.trie_regex` turns a word list into a trie-shaped regex that
prefers the longest word. The Arabic-number shapes (digits, separators, decimal points) are the
constants below.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from ..paths import RESOURCES
from ..patterns import trie_regex

DEFAULT_RULES_DIR = RESOURCES / "quantities"


def load_json(rules_dir: Path, name: str) -> dict:
    """One rules file; a missing file in a custom dir falls back to the packaged one."""
    path = rules_dir / name
    if not path.exists():
        path = DEFAULT_RULES_DIR / name
    return json.loads(path.read_text(encoding="utf-8"))


class Variants:
    """Character variants (traditional, full-width) of simplified characters.

    Why: the text may be traditional; instead of listing 個/个 twice in every word list, each
    character of a word becomes a class of its variants in the regex, and matched text is
    translated back (one char for one char) before lookup.
    """

    def __init__(self, chars: dict[str, str]) -> None:
        self.to_simple = {k: v for k, v in chars.items() if len(k) == 1 and len(v) == 1}
        self.table = str.maketrans(self.to_simple)
        self.alts: dict[str, str] = {}
        for var, simple in self.to_simple.items():
            self.alts[simple] = self.alts.get(simple, simple) + var

    def simplify(self, s: str) -> str:
        return s.translate(self.table)

    def char(self, ch: str) -> str:
        """Regex for one character and its variants."""
        alts = self.alts.get(ch)
        if not alts:
            return re.escape(ch)
        return "[" + "".join(_class_escape(c) for c in alts) + "]"

    def chars(self, chars: str) -> str:
        """A character class for a set of characters and all their variants."""
        out = set()
        for ch in chars:
            out.add(ch)
            out.update(self.alts.get(ch, ""))
        return "[" + "".join(_class_escape(c) for c in sorted(out)) + "]"

    def words(self, words: object) -> str:
        """Regex for a word list as a trie: longest word wins, few branches per position."""
        return trie_regex(list(words), self.char)


def _class_escape(c: str) -> str:
    return "\\" + c if c in "\\]^-[" else c


# One Arabic digit, ASCII or full-width: the regex piece every numeral and date pattern builds
# on (the time expressions in ``times.py`` too).
DIGIT = "[0-9０-９]"
FULL_WIDTH_DIGIT = "[０-９]"
POINT = "[.．·‧﹒・]"  # decimal points, the middle dots of Taiwan and older texts included
# Thousands separators: "," anywhere; the full-width "，" between full-width digits
# (１，２３４．５), and between ASCII digits only before a group that opens with 0 (4，000元,
# 2，050吨): elsewhere it is as likely a list comma (分别为3，500), but no listed number is
# written with a leading zero.
ARABIC = (
    rf"(?:{DIGIT}{{1,3}}(?:,{DIGIT}{{3}}(?!{DIGIT}))+(?:{POINT}{DIGIT}+)?"
    rf"|{FULL_WIDTH_DIGIT}{{1,3}}(?:，{FULL_WIDTH_DIGIT}{{3}}(?!{DIGIT}))+(?:{POINT}{DIGIT}+)?"
    rf"|[0-9]{{1,3}}(?:，0[0-9]{{2}}(?![0-9]))+(?:{POINT}{DIGIT}+)?"
    rf"|{DIGIT}+(?:{POINT}{DIGIT}+)?)"
)
SIGN_CHARS = "-+－−＋﹣"
ARABIC_DIGITS = "0123456789０１２３４５６７８９"


def anchored_matches(
    anchor: re.Pattern[str], pattern: re.Pattern[str], text: str
) -> Iterator[re.Match[str]]:
    """Same matches as ``pattern.finditer(text)``, tried only where ``anchor`` (the class of
    the characters a match can start with) finds one. Why: Python's re only skips ahead
    quickly when a pattern starts with a plain character class, which these patterns of
    many branches cannot; on news text few characters can start a match, and a failed try
    of every branch at every other position cost most of the time. Lookbehinds still see
    the text before the position (``match`` is not ``match`` of a slice)."""
    search, match = anchor.search, pattern.match
    pos, n = 0, len(text)
    while pos < n:
        a = search(text, pos)
        if a is None:
            return
        m = match(text, a.start())
        if m is None or m.end() == m.start():
            pos = a.start() + 1
            continue
        yield m
        pos = m.end()


def expand_ranges(spec: str) -> set[str]:
    """'A-Za-z0-9_' -> the set of characters (a tiny subset of regex class syntax)."""
    out: set[str] = set()
    i = 0
    while i < len(spec):
        if i + 2 < len(spec) and spec[i + 1] == "-":
            out.update(chr(c) for c in range(ord(spec[i]), ord(spec[i + 2]) + 1))
            i += 3
        else:
            out.add(spec[i])
            i += 1
    return out
