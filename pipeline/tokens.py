"""Token-boundary helpers shared by every span-producing component.

Chinese segmentation and character-level taggers disagree about boundaries: the NER model
may find 鹽源縣 inside a segmented token 四川鹽源縣, and the quantity rules may find 869萬
inside 869萬元. spaCy spans must start and end on token boundaries, so rather than silently
expanding or dropping such spans (and losing offsets), we split the tokens at the needed
character offsets first. After that ``doc.char_span(start, end)`` is exact.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span


def ensure_boundaries(doc: Doc, offsets: Iterable[int]) -> None:
    """Split tokens so that every character offset in ``offsets`` is a token boundary."""
    cuts: dict[int, list[int]] = {}
    starts = {t.idx for t in doc}
    for off in set(offsets):
        if off <= 0 or off >= len(doc.text) or off in starts:
            continue
        tok = doc[_token_at(doc, off)]
        cuts.setdefault(tok.i, []).append(off - tok.idx)
    if not cuts:
        return
    with doc.retokenize() as retok:
        for i, rel_cuts in cuts.items():
            tok = doc[i]
            if tok.is_space:
                continue
            bounds = [0, *sorted(rel_cuts), len(tok.text)]
            orths = [tok.text[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
            heads = [(tok, k) for k in range(len(orths))]
            retok.split(tok, orths, heads=heads)
    _refresh_norms(doc)


def exact_span(doc: Doc, start: int, end: int, label: str = "") -> Span:
    """Return the span covering exactly ``[start, end)``, splitting tokens when needed."""
    span = doc.char_span(start, end, label=label)
    if span is None:
        ensure_boundaries(doc, (start, end))
        span = doc.char_span(start, end, label=label)
    if span is None:  # only whitespace-token edges can still fail
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
    return span


def _token_at(doc: Doc, offset: int) -> int:
    """Index of the token containing character ``offset`` (binary search over token starts)."""
    lo, hi = 0, len(doc) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if doc[mid].idx <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _refresh_norms(doc: Doc) -> None:
    """Split tokens lose their norm; recompute it from the document's simplified view."""
    simplified = doc._.simplified if Doc.has_extension("simplified") else None
    if not simplified or len(simplified) != len(doc.text):
        return
    for tok in doc:
        norm = simplified[tok.idx : tok.idx + len(tok.text)]
        if norm != tok.text:
            tok.norm_ = norm
