"""A document's text as HTML with entities and statements marked, displaCy style.

Mention nodes give only the first occurrence of each (surface, label) in a document, so the
other occurrences are found by searching the text for the surfaces the graph knows for that
document (longest first, never overlapping a span already marked), between the first and the
last span the run recorded. Statement evidence is
marked too; evidence and entity spans may cross, so the text is cut at every span boundary
and each piece is wrapped in the spans that cover it: a span cut in pieces keeps one id, and
its badge (label, or value → subject) follows its last piece.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from .model import Document, Entity
from .numbers import grouped


@dataclass(frozen=True)
class Mark:
    begin: int
    end: int
    kind: str  # "q" (statement evidence) or "ent"
    ref: str  # page id of the statement or the entity
    label: str  # entity label, for the colour
    subject: str = ""  # statements: page id of the subject entity
    badge: str = ""


def _free(taken: list[tuple[int, int]], begin: int, end: int) -> bool:
    return all(end <= b or begin >= e for b, e in taken)


def entity_marks(
    text: str, doc: Document, entities: dict[str, Entity], ids: dict[str, str]
) -> list[Mark]:
    """Every occurrence of the document's entities: recorded mentions, then text search."""
    taken: list[tuple[int, int]] = []
    marks: list[Mark] = []

    def add(begin: int, end: int, entity: str, label: str) -> None:
        taken.append((begin, end))
        marks.append(Mark(begin, end, "ent", ids.get(entity, ""), label, badge=label))

    for m in doc.mentions:
        if _free(taken, m.begin, m.end):
            add(m.begin, m.end, m.entity, m.label)
    surfaces = {(m.text, m.entity, m.label) for m in doc.mentions}
    for st in doc.statements:
        for iri in (st.subject, st.place):
            entity = entities.get(iri or "")
            if entity:
                surfaces.update((name, iri, entity.label) for name in entity.names if name)
    # Boilerplate (menus above the article, related news below) yields no entities, so text
    # search stays within the extent of what the run recorded for this document.
    recorded = [(m.begin, m.end) for m in doc.mentions] + [
        (st.evidence.begin, st.evidence.end)
        for st in doc.statements
        if st.evidence is not None and st.evidence.begin >= 0
    ]
    lo = min((b for b, _ in recorded), default=0)
    hi = max((e for _, e in recorded), default=0)
    for surface, entity, label in sorted(surfaces, key=lambda s: (-len(s[0]), s)):
        start = text.find(surface, lo)
        while 0 <= start and start + len(surface) <= hi:
            if _free(taken, start, start + len(surface)):
                add(start, start + len(surface), entity, label)
            start = text.find(surface, start + len(surface))
    return marks


def statement_marks(
    doc: Document, entities: dict[str, Entity], ids: dict[str, str]
) -> list[Mark]:
    """One mark per statement with evidence offsets; the badge says value, unit and subject."""
    marks = []
    for st in doc.statements:
        ev = st.evidence
        if ev is None or ev.begin < 0:
            continue
        subject = entities.get(st.subject)
        value = grouped(st.value, st.approximation)
        badge = f"{value} {st.unit}".strip() + (f" → {subject.name}" if subject else "")
        marks.append(Mark(ev.begin, ev.end, "q", ids[st.iri], ev.label,
                          subject=ids.get(st.subject, ""), badge=badge))
    return marks


def _open(mark: Mark) -> str:
    if mark.kind == "q":
        return f'<span class="q" data-st="{mark.ref}" data-subj="{mark.subject}">'
    return f'<mark class="ent l-{html.escape(mark.label)}" data-ent="{mark.ref}">'


def _close(mark: Mark, last: bool) -> str:
    """Close one piece of ``mark``; its last piece carries the badge."""
    css = "qv" if mark.kind == "q" else "lbl"
    badge = f'<span class="{css}">{html.escape(mark.badge)}</span>' if last else ""
    return badge + ("</span>" if mark.kind == "q" else "</mark>")


def render(text: str, marks: list[Mark]) -> str:
    """``text`` as escaped HTML with ``marks`` applied (evidence outside, entities inside)."""
    cuts = sorted({0, len(text), *(m.begin for m in marks), *(m.end for m in marks)})
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        covering = [m for m in marks if m.begin <= a and m.end >= b]
        covering.sort(key=lambda m: (m.kind != "q", m.begin, -m.end))
        out.extend(_open(m) for m in covering)
        out.append(html.escape(text[a:b]))
        out.extend(_close(m, m.end == b) for m in reversed(covering))
    return "".join(out)
