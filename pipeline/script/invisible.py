"""Invisible characters: left out of what the pipeline analyses, kept in every offset.

Zero-width spaces and joiners, word joiners, a BOM inside the text, soft hyphens (Unicode
format characters, category Cf) and stray control bytes (category Cc, whitespace aside) are
invisible on the page but split ``869万元`` for every stage that reads characters. They are a
property of the input, not of the language, so they are handled by their Unicode category
rather than by any stage: :func:`analysis_view` removes them, the pipeline runs on the
compacted text, and :meth:`AnalysisView.restore` maps every offset of the result back into
the input (an entity or evidence that spans a removed character keeps it in its ``text``).
A space between a number and the Chinese word or percent sign after it (12 亿元, 90 %: the
spacing some sites and editors put between digits and Han characters) splits the amount the
same way, and is left out with them.
``zhkg run``'s worker does that for whole documents; the quantity stage also reads its text
through a view, so that ``nlp(text)`` gets the same amounts.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field

from ..result import DocResult, EntityRecord, StatementRecord
from .wrapping import soft_breaks

_IGNORED_CATEGORIES = frozenset({"Cf", "Cc"})
# Where Cc and Cf characters can be at all (C0/C1 controls, the soft hyphen, the BMP's format
# blocks and the supplementary planes); each candidate is then checked by its category.
_CANDIDATES = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u08e2"
    "\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\U00010000-\U0010ffff]"
)


# spaces (ASCII, no-break, thin, narrow no-break) between a number and a Han character or a
# percent sign on either side: 投资 12 亿元 is 投资12亿元, 90 % is 90%; not between two
# digits (2008 2009) or two Han characters (a phrase boundary, 助力脱贫攻坚 中国电信)
_SPACES = (" ", "\u00a0", "\u2009", "\u202f")
_UNIT_SPACES = re.compile(
    rf"(?<=[0-9０-９])[{''.join(_SPACES)}]+(?=[\u4e00-\u9fff%％‰])"
    rf"|(?<=[\u4e00-\u9fff])[{''.join(_SPACES)}]+(?=[0-9０-９])"
)


# Lone surrogates come from JSON escapes ("\ud800") and from file names that are not valid
# UTF-8 (Python decodes them with surrogateescape). Nothing can encode them as UTF-8: not
# spaCy's string store, not OpenCC, not the graph writer.
_SURROGATE = re.compile("[\ud800-\udfff]")


def replace_surrogates(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD, so offsets are unchanged."""
    return _SURROGATE.sub("\ufffd", text)


def is_ignored(ch: str) -> bool:
    """True for a character the analysis leaves out: format (Cf) or control (Cc, not space)."""
    return unicodedata.category(ch) in _IGNORED_CATEGORIES and not ch.isspace()


def visible_form(text: str) -> str:
    """``text`` as a reader sees it: without invisible characters and line breaks (a name
    that a hard wrap or a zero-width space cuts, 中国移动贵\\n州公司, is 中国移动贵州公司). For
    names and surface forms; offsets and evidence keep the input as it is."""
    if not _CANDIDATES.search(text) and "\n" not in text and "\r" not in text:
        return text
    return "".join(ch for ch in text if ch not in "\r\n" and not is_ignored(ch))


@dataclass(frozen=True)
class AnalysisView:
    """The text the pipeline analyses, and where its characters were in the input.

    ``gaps`` holds, for each removed character in input order, the position in ``text`` it
    would have had (so its neighbours are ``text[gap - 1]`` and ``text[gap]``).
    """

    text: str
    gaps: list[int] = field(default_factory=list)

    def start(self, offset: int) -> int:
        """The input offset of the character at ``offset`` in the analysed text."""
        return offset + bisect_right(self.gaps, offset) if self.gaps else offset

    def end(self, offset: int) -> int:
        """The input end (exclusive) of a span ending at ``offset`` in the analysed text:
        characters removed right after the span stay outside it."""
        if not self.gaps or offset <= 0:
            return offset
        return self.start(offset - 1) + 1

    def restore(self, result: DocResult, original: str) -> DocResult:
        """``result`` (offsets into :attr:`text`) with offsets, surface forms and evidence
        taken from ``original``, the input."""
        if not self.gaps:
            return result
        return {
            **result,
            "n_chars": len(original),
            "entities": [self._entity(e, original) for e in result.get("entities", [])],
            "statements": [self._statement(s, original) for s in result.get("statements", [])],
        }

    def _entity(self, rec: EntityRecord | None, original: str) -> EntityRecord | None:
        if rec is None:
            return None
        start, end = self.start(rec["start"]), self.end(rec["end"])
        return {**rec, "start": start, "end": end, "text": original[start:end]}

    def _statement(self, rec: StatementRecord, original: str) -> StatementRecord:
        start, end = self.start(rec["start"]), self.end(rec["end"])
        return {
            **rec,
            "subject": self._entity(rec.get("subject"), original),
            "place": self._entity(rec.get("place"), original),
            "evidence": original[start:end],
            "start": start,
            "end": end,
        }


def analysis_view(text: str, unwrap: bool = False) -> AnalysisView:
    """``text`` without its invisible characters and the spaces between a number and its
    unit (the same text, cheaply, if it has none) and, with ``unwrap``, without the line
    breaks that only wrap its paragraphs (:func:`pipeline.script.wrapping.soft_breaks`: a
    whole document's, as ``zhkg run`` reads it)."""
    removed = [m.start() for m in _CANDIDATES.finditer(text) if is_ignored(m.group())]
    spaced = [] if not any(space in text for space in _SPACES) else [
        i for m in _UNIT_SPACES.finditer(text) for i in range(m.start(), m.end())]
    if spaced:
        removed = sorted(set(removed).union(spaced))
    if unwrap:
        removed = sorted(set(removed).union(soft_breaks(text)))
    if not removed:
        return AnalysisView(text)
    kept: list[str] = []
    prev = 0
    for pos in removed:
        kept.append(text[prev:pos])
        prev = pos + 1
    kept.append(text[prev:])
    return AnalysisView("".join(kept), [pos - i for i, pos in enumerate(removed)])


def count_ignored(text: str) -> dict[str, int]:
    """How many of each ignored control character ``text`` has (``{"NUL": 2}``), for the
    reader's warning; format characters (zero-width spaces) are expected and not counted."""
    counts: dict[str, int] = {}
    for m in _CANDIDATES.finditer(text):
        ch = m.group()
        if unicodedata.category(ch) == "Cc" and not ch.isspace():
            name = _CONTROL_NAMES.get(ch, f"U+{ord(ch):04X}")
            counts[name] = counts.get(name, 0) + 1
    return counts


_CONTROL_NAMES = {"\x00": "NUL", "\x07": "BEL", "\x08": "BS", "\x1b": "ESC", "\x7f": "DEL"}
