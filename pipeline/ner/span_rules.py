"""Rules on the model's spans of one chunk, before they are merged with the gazetteer's
places (:mod:`pipeline.ner.merger`): a name's edges against quotation marks, brackets, the
connectors that join a name's parts, a title and the mark of a photo credit. Each is a
switchable rule of ``RULES``."""

from __future__ import annotations

from ..punctuation import BRACKET_PAIRS, NAME_CONNECTORS, QUOTE_PAIRS, QUOTES
from .rules import Pred

_BRACKET_CHARS = frozenset("".join(BRACKET_PAIRS))
_QUOTE_CHARS = frozenset(QUOTES)


def _strip_marks(chunk: str, s: int, e: int, marks: str) -> tuple[int, int]:
    """``[s, e)`` without the ``marks`` at its edges."""
    while s < e and chunk[s] in marks:
        s += 1
    while e > s and chunk[e - 1] in marks:
        e -= 1
    return s, e


def _quotes_paired(text: str) -> bool:
    """Every quotation mark of ``text`` has its partner (“”, or an even number of ")."""
    return all(
        text.count(a) == text.count(b) if a != b else text.count(a) % 2 == 0 for a, b in QUOTE_PAIRS
    )


def quote_bounds(chunk: str, preds: list[Pred]) -> list[Pred]:
    """Model spans lose quotation marks at their edges (“民友联 → 民友联); a span with
    an unpaired mark inside (东方红三号”卫星) is no name and is dropped."""
    if _QUOTE_CHARS.isdisjoint(chunk):  # most chunks: nothing to do
        return preds
    out = []
    for s, e, label in preds:
        s, e = _strip_marks(chunk, s, e, QUOTES)
        if e > s and _quotes_paired(chunk[s:e]):
            out.append((s, e, label))
    return out


def bracket_bounds(chunk: str, preds: list[Pred]) -> list[Pred]:
    """A bracket at a name's edge whose partner is outside it is cut off (Badger）→
    Badger, （新华社 → 新华社); a name that opens a bracket right before its partner
    takes the partner in (美国证券交易委员会(SEC → …(SEC)), unless the bracket opens the
    name ((Walter → Walter); any other unpaired bracket inside (active）連繫) means it is
    no name."""
    if _BRACKET_CHARS.isdisjoint(chunk):  # most chunks: nothing to do
        return preds
    out = []
    for s, e, label in preds:
        if _BRACKET_CHARS.isdisjoint(chunk[s:e]):
            out.append((s, e, label))
            continue
        for opening, closing in BRACKET_PAIRS:
            while s < e and chunk[s] == closing:
                s += 1
            while e > s and chunk[e - 1] == opening:
                e -= 1
            name = chunk[s:e]
            if (
                name.count(opening) == name.count(closing) + 1
                and chunk[e : e + 1] == closing
                and not name.startswith(opening)
            ):
                e += 1
            elif name.startswith(opening) and name.count(opening) == name.count(closing) + 1:
                s += 1
            elif name.endswith(closing) and name.count(closing) == name.count(opening) + 1:
                e -= 1
        name = chunk[s:e]
        if len(name) > 2 and _BRACKET_CHARS.isdisjoint(name[1:-1]) and any(
                name[0] == a and name[-1] == b for a, b in BRACKET_PAIRS):
            s, e = s + 1, e - 1  # （切尔西）, (李晓峰): the name inside its brackets
            name = chunk[s:e]
        if e > s and all(name.count(a) == name.count(b) for a, b in BRACKET_PAIRS):
            out.append((s, e, label))
    return out


def connector_edges(chunk: str, preds: list[Pred]) -> list[Pred]:
    """Connectors (·, ‧, -) at a name's edges are cut off: they join the parts of a
    name the model saw only in part (米拉·|乔沃维奇, ·叶问 of 一代宗师·叶问)."""
    out = []
    for s, e, label in preds:
        s, e = _strip_marks(chunk, s, e, NAME_CONNECTORS)
        if e > s:
            out.append((s, e, label))
    return out


def person_tails(
    chunk: str,
    preds: list[Pred],
    tails: tuple[str, ...],
    min_rest: int,
    ends: tuple[str, ...] | None = None,
) -> list[Pred]:
    """A person's name that ends with one of ``tails`` (longest first), ``min_rest``
    characters or more before it, stops before the tail; with ``ends``, only right before one
    of them or the end of the chunk. The model ran the name on into a title (邓|先生) or into a
    photo credit's mark (（新华社记者郜南|摄）)."""
    out = []
    for s, e, label in preds:
        tail = (next((t for t in tails if chunk.endswith(t, s, e)), None)
                if label == "PERSON" else None)
        if (tail and e - len(tail) - s >= min_rest
                and (ends is None or e == len(chunk) or chunk.startswith(ends, e))):
            e -= len(tail)
        out.append((s, e, label))
    return out
