"""The graph view: entities and statements as an inline SVG, laid out in Python.

A radial layout, deterministic and linear in size: entities that statements refer to (and
the areas containing them) sit on an outer ring, grouped by label; each gets an arc of the
circle as wide as a few slots (room for its name) plus one per statement about it, and those
statements sit on an inner ring inside that arc, so every statement lies right below its
subject and the spokes stay short. Lines: statement → subject (solid), statement → place
(dashed), area → parent area (grey). A statement is labelled with its value in short form
(869万元), written along the radius towards the centre so that neighbours do not overlap.
Every element carries the page ids that the page script uses for highlighting.
"""

from __future__ import annotations

import html
import math

from ..graph import vocab as v
from .model import Entity, GraphView, Statement
from .numbers import compact, grouped

SIZE = 960
OUTER, INNER = 360, 230
NAME_SLOTS = 3  # arc slots every entity gets before its statements, so names do not collide


def _point(angle: float, radius: float) -> tuple[float, float]:
    """Angle in turns (0 = top, clockwise) and radius -> SVG coordinates."""
    theta = 2 * math.pi * angle - math.pi / 2
    centre = SIZE / 2
    return round(centre + radius * math.cos(theta), 1), round(centre + radius * math.sin(theta), 1)


def _positions(entities: list[Entity], statements: list[Statement]) -> dict[str, tuple]:
    """Outer-ring points for ``entities`` and inner-ring points for ``statements``."""
    about: dict[str, list[Statement]] = {e.iri: [] for e in entities}
    for st in statements:
        about[st.subject].append(st)
    unit = 1 / max(1, sum(NAME_SLOTS + len(group) for group in about.values()))
    at: dict[str, tuple] = {}
    start = 0.0
    for e in entities:
        group = sorted(about[e.iri], key=lambda st: st.iri)
        width = (NAME_SLOTS + len(group)) * unit
        at[e.iri] = _point(start + width / 2, OUTER)
        for k, st in enumerate(group):
            at[st.iri] = _point(start + (k + 1) * width / (len(group) + 1), INNER)
        start += width
    return at


def _involved(view: GraphView, statements: list[Statement]) -> list[Entity]:
    """Entities the statements refer to, with every containing area up the chain."""
    keep: set[str] = set()
    for st in statements:
        for iri in (st.subject, st.place):
            while iri in view.entities and iri not in keep:
                keep.add(iri)
                iri = view.entities[iri].parent or ""
    labels = {label: i for i, label in enumerate(v.LABELS)}
    return sorted((view.entities[i] for i in keep),
                  key=lambda e: (labels.get(e.label, 9), e.name, e.iri))


def _statement_label(x: float, y: float, text: str) -> str:
    """``text`` beside the dot at (x, y), along the radius, towards the centre, upright."""
    centre = SIZE / 2
    angle = math.degrees(math.atan2(y - centre, x - centre))  # outward direction
    right = x >= centre
    rotate = round(angle if right else angle + 180, 1)
    dx = -7 if right else 7
    anchor = "end" if right else "start"
    return (f'<text x="{round(x + dx, 1)}" y="{round(y + 3, 1)}" text-anchor="{anchor}" '
            f'transform="rotate({rotate} {x} {y})">{html.escape(text)}</text>')


def render_svg(view: GraphView, ids: dict[str, str]) -> str:
    """The graph view of ``view`` as an ``<svg>`` element (``ids``: IRI -> page id)."""
    statements = [s for d in view.documents.values() for s in d.statements
                  if s.subject in view.entities]
    entities = _involved(view, statements)
    at = _positions(entities, statements)
    lines: list[str] = []
    for e in entities:
        if e.parent in at:
            (x1, y1), (x2, y2) = at[e.iri], at[e.parent]
            lines.append(f'<line class="edge parent" x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}"/>')
    for st in statements:
        for target, css in ((st.subject, "subj"), (st.place, "place")):
            if target in at:
                (x1, y1), (x2, y2) = at[st.iri], at[target]
                label = html.escape(view.entities[target].label)
                lines.append(f'<line class="edge {css} l-{label}" data-st="{ids[st.iri]}" '
                             f'x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}"/>')
    dots: list[str] = []
    for st in statements:
        x, y = at[st.iri]
        subject = view.entities[st.subject].name
        title = html.escape(
            f"{subject} {st.predicate} {grouped(st.value, st.approximation)} {st.unit}".strip())
        dots.append(f'<g class="st" data-st="{ids[st.iri]}"><circle cx="{x}" cy="{y}" r="4"/>'
                    f"{_statement_label(x, y, compact(st.value, st.approximation) + st.unit)}"
                    f"<title>{title}</title></g>")
    for e in entities:
        x, y = at[e.iri]
        anchor = "start" if x >= SIZE / 2 else "end"
        dx = 9 if anchor == "start" else -9
        dots.append(
            f'<g class="node l-{html.escape(e.label)}" data-ent="{ids[e.iri]}">'
            f'<circle cx="{x}" cy="{y}" r="7"/><text x="{x + dx}" y="{y + 4}" '
            f'text-anchor="{anchor}">{html.escape(e.name)}</text></g>'
        )
    return (f'<svg class="graph" viewBox="-120 0 {SIZE + 240} {SIZE}" role="img" '
            f'aria-label="entities and statements">{"".join(lines)}{"".join(dots)}</svg>')
