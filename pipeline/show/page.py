"""The ``zhkg show`` page: one HTML file, everything inline, nothing fetched.

The template, style sheet, script and label colours are resource files
(``pipeline/resources/show``); this module fills them in. The page's Content-Security-Policy
forbids every remote load, so a page that renders correctly is also proof that it is
self-contained. The document texts and the SVG are rendered here; the statement table is
built by the page's script from embedded JSON, which keeps the file small and lets the
browser test check that the script ran.
"""

from __future__ import annotations

import html
import json
from dataclasses import replace
from string import Template

from ..paths import RESOURCES
from .layout import render_svg
from .model import Document, GraphView
from .numbers import grouped
from .spans import entity_marks, render, statement_marks

SHOW = RESOURCES / "show"


def _resource(name: str) -> str:
    return (SHOW / name).read_text(encoding="utf-8")


def page_ids(view: GraphView) -> dict[str, str]:
    """Short page ids (``e12``, ``s40``) for entity and statement IRIs, in a stable order."""
    ids = {iri: f"e{i}" for i, iri in enumerate(sorted(view.entities))}
    statements = sorted(s.iri for d in view.documents.values() for s in d.statements)
    ids.update((iri, f"s{i}") for i, iri in enumerate(statements))
    return ids


def colour_css() -> str:
    """CSS custom properties per label, from ``colours.json``."""
    colours = {k: v for k, v in json.loads(_resource("colours.json")).items()
               if not k.startswith("_")}
    rules = [f":root {{ --c: {colours['default']}; --q: {colours['QUANTITY']}; }}"]
    rules += [f".l-{label} {{ --c: {colour}; }}" for label, colour in colours.items()
              if label not in ("default", "QUANTITY")]
    return "\n".join(rules)


def _legend(view: GraphView) -> str:
    labels = sorted({e.label for e in view.entities.values()})
    chips = [f'<span class="chip l-{html.escape(x)}">{html.escape(x)}</span>' for x in labels]
    chips.append('<span class="chip" style="background: var(--q); color: #fff">'
                 "statement evidence → subject</span>")
    return "".join(chips)


def _document(doc: Document, text: str | None, view: GraphView, ids: dict[str, str]) -> str:
    title = html.escape(doc.identifier + (f" — {doc.headline}" if doc.headline else "")
                        + (f" ({doc.language})" if doc.language else ""))
    head = f'<article class="doc" id="doc-{html.escape(doc.identifier)}"><h3>{title}</h3>'
    marks = statement_marks(doc, view.entities, ids)
    if text is not None:
        body = render(text, marks + entity_marks(text, doc, view.entities, ids))
        return f'{head}<div class="text">{body}</div></article>'
    evidence = {ids[s.iri]: s.evidence.text for s in doc.statements if s.evidence}
    items = (
        f"<li>{render(evidence[m.ref], [replace(m, begin=0, end=len(evidence[m.ref]))])}</li>"
        for m in marks
    )
    return (f'{head}<p class="problems">Text not available: only the evidence of each '
            f'statement is shown.</p><ul class="evidence">{"".join(items)}</ul></article>')


def _data(view: GraphView, ids: dict[str, str]) -> str:
    """The JSON the script builds the table from (``</`` escaped for the script element)."""
    names = {iri: e.name for iri, e in view.entities.items()}
    rows = [
        {
            "id": ids[s.iri], "document": d.identifier, "subject": names.get(s.subject, ""),
            "subject_id": ids.get(s.subject, ""), "predicate": s.predicate, "value": s.value,
            "unit": s.unit, "currency": s.currency, "object": s.object,
            "approximation": s.approximation, "place": names.get(s.place or "", ""),
            "value_text": grouped(s.value, s.approximation),
            "time": s.time, "evidence": s.evidence.text if s.evidence else "",
        }
        for d in view.documents.values() for s in d.statements
    ]
    data = {"documents": len(view.documents), "statements": rows,
            "subject_of": {r["id"]: r["subject_id"] for r in rows}}
    return json.dumps(data, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")


def summary_line(view: GraphView, run: dict | None = None) -> str:
    """The page's counts, in the run's words: documents, entity mentions (occurrences, as
    ``zhkg run`` reports them, when its report.json is at hand), entities (graph nodes, by
    label) and statements."""
    n_statements = sum(len(d.statements) for d in view.documents.values())
    by_label: dict[str, int] = {}
    for entity in view.entities.values():
        by_label[entity.label] = by_label.get(entity.label, 0) + 1
    labels = ", ".join(f"{n:,} {label}" for label, n in sorted(by_label.items()))
    parts = [f"{len(view.documents):,} documents"]
    mentions = (run or {}).get("entities")
    if isinstance(mentions, int) and (run or {}).get("statements") == n_statements:
        parts.append(f"{mentions:,} entity mentions")
    parts.append(f"{len(view.entities):,} entities" + (f" ({labels})" if labels else ""))
    parts.append(f"{n_statements:,} quantity statements")
    return ", ".join(parts) + "."


def build_page(view: GraphView, texts: dict[str, str], problems: list[str], title: str,
               run: dict | None = None) -> str:
    """The whole page for ``view``; ``texts`` by document IRI, ``problems`` shown on top,
    ``run`` the run's report.json (for its counts), if there is one."""
    ids = page_ids(view)
    summary = summary_line(view, run)
    notes = "".join(f"<li>{html.escape(p)}</li>" for p in problems)
    return Template(_resource("page.html")).substitute(
        title=html.escape(title),
        colours=colour_css(),
        css=_resource("page.css"),
        js=_resource("page.js"),
        summary=html.escape(summary),
        legend=_legend(view),
        problems=f'<ul class="problems">{notes}</ul>' if notes else "",
        documents="\n".join(_document(d, texts.get(d.iri), view, ids)
                            for d in view.documents.values()),
        svg=render_svg(view, ids),
        data=_data(view, ids),
    )
