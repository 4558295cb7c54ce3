"""Regexes built from word lists, shared by the stages (units and hedges of the quantity
parser, the NER's name lists, the relation stage's cue words).

A flat alternation of hundreds of words costs one branch test per word at every text position;
a trie costs one test per distinct first character, and prefers the longest word as the
alternation of the words, longest first, does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable


def trie_regex(words: Iterable[str], char: Callable[[str], str] = re.escape) -> str:
    """A non-capturing regex matching any of ``words`` (empty ones left out), preferring the
    longest; ``char`` writes one character (a class of its variants, for the quantity
    parser). A regex that matches nothing for no words."""
    trie: dict = {}
    for w in words:
        if not w:
            continue
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    if not trie:
        return "(?!)"

    def emit(node: dict) -> str:
        end = "" in node
        branches = [char(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            body = "(?:" + body + ")?"
        return body

    return "(?:" + emit(trie) + ")"


def alternation(words: Iterable[str]) -> re.Pattern[str]:
    """A compiled regex matching any of ``words``, longest first (以及 beats 及)."""
    return re.compile(trie_regex(words))
