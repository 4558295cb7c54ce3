"""Token-boundary helpers shared by every span-producing component.

Chinese segmentation and character-level taggers disagree about boundaries: the NER model
may find 鹽源縣 inside a segmented token 四川鹽源縣, and the quantity rules may find 869萬
inside 869萬元. spaCy spans must start and end on token boundaries, so rather than silently
expanding or dropping such spans (and losing offsets), we split the tokens at the needed
character offsets first. After that ``doc.char_span(start, end)`` is exact.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

import numpy
from spacy.attrs import IDX, SENT_START
from spacy.tokens import Doc, Span

from .extensions import original_text


def token_starts(doc: Doc) -> list[int]:
    """The character offset of every token, as a list, without making Token objects (a long
    document has many): bisecting a list costs a fraction of a numpy call per query, and
    spaCy's ``uint64`` array, searched with Python ints, is converted whole at every call."""
    return doc.to_array(IDX).astype("int64").tolist()


def word_at(doc: Doc, pos: int) -> Span | None:
    """The token (the segmenter's word, before any split) that holds character ``pos``."""
    return doc.char_span(pos, pos + 1, alignment_mode="expand")


def is_word(doc: Doc, start: int, end: int, start_only: bool = False) -> bool:
    """Whether the doc's tokens begin at ``start`` and end at ``end``, or, with
    ``start_only``, only begin at ``start``: a name that string matching finds is only a name
    where it is not a piece of a longer word (中国 in 发展中国家)."""
    if start_only:
        token = word_at(doc, start)
        return token is not None and token.start_char == start
    return doc.char_span(start, end) is not None


def ensure_boundaries(doc: Doc, offsets: Iterable[int]) -> None:
    """Split tokens so that every character offset in ``offsets`` is a token boundary."""
    n_chars = len(original_text(doc))
    inside = {off for off in offsets if 0 < off < n_chars}
    if not inside:  # nothing to split (most short documents): no token array needed
        return
    cuts: dict[int, list[int]] = {}
    idx = token_starts(doc)
    for off in inside:
        i = bisect_right(idx, off) - 1
        if idx[i] == off:
            continue
        cuts.setdefault(i, []).append(off - idx[i])
    if not cuts:
        return
    had_sentences = doc.has_annotation("SENT_START")
    changed: list[tuple[int, int]] = []
    with doc.retokenize() as retok:
        for i, rel_cuts in cuts.items():
            tok = doc[i]
            if tok.is_space:
                continue
            bounds = [0, *sorted(rel_cuts), len(tok.text)]
            orths = [tok.text[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
            heads = [(tok, k) for k in range(len(orths))]
            retok.split(tok, orths, heads=heads)
            changed.append((tok.idx, tok.idx + len(tok.text)))
    _refresh_norms(doc, changed)
    if had_sentences:
        _continue_sentences(doc)


def _continue_sentences(doc: Doc) -> None:
    """The pieces of a split token start no sentence.

    spaCy leaves their sentence start unset; were the document one token when sentences
    were set (万0万), no token would be left with a value and ``doc.sents`` would raise.
    """
    starts = doc.to_array([SENT_START]).astype("int64").reshape(len(doc), 1)
    unset = starts[1:, 0] == 0
    if unset.any():
        starts[1:, 0][unset] = -1
        doc.from_array([SENT_START], starts.astype("uint64"))


def exact_span(doc: Doc, start: int, end: int, label: str = "") -> Span:
    """Return the span covering exactly ``[start, end)``, splitting tokens when needed."""
    span = doc.char_span(start, end, label=label)
    if span is None:
        ensure_boundaries(doc, (start, end))
        span = doc.char_span(start, end, label=label)
    if span is None:  # only whitespace-token edges can still fail
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
    return span


def _refresh_norms(doc: Doc, changed: list[tuple[int, int]]) -> None:
    """Split tokens lose their norm; recompute it (in the changed character ranges only)
    from the document's simplified view."""
    simplified = doc._.simplified if Doc.has_extension("simplified") else None
    if not simplified or len(simplified) != len(original_text(doc)):
        return
    idx = doc.to_array(IDX).astype("int64")
    for start, end in changed:
        lo = int(numpy.searchsorted(idx, start, side="left"))
        hi = int(numpy.searchsorted(idx, end, side="left"))
        for tok in doc[lo:hi]:
            norm = simplified[tok.idx : tok.idx + len(tok.text)]
            if norm != tok.text:
                tok.norm_ = norm
