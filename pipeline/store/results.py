"""Printing SPARQL results: a Markdown table for people, CSV and JSON for programs.

``table`` is a Markdown table (columns padded by display width, CJK counting double) so that
query output can be pasted into docs as is; IRIs in the contract's namespaces are shortened
to their prefixed names and literals are shown by their lexical form. ``csv`` and ``json``
are the W3C SPARQL result formats, written by Oxigraph. CONSTRUCT / DESCRIBE results are
N-Triples in every format; ASK results are ``true`` / ``false``.
"""

from __future__ import annotations

import unicodedata

from ..graph import vocab


def shorten(iri: str) -> str:
    """``http://schema.org/name`` -> ``schema:name``; other IRIs unchanged."""
    for prefix, namespace in vocab.PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def term_text(term: object) -> str:
    """How one RDF term is shown in a table cell (``""`` for an unbound variable)."""
    import pyoxigraph

    if term is None:
        return ""
    if isinstance(term, pyoxigraph.NamedNode):
        return shorten(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    return str(getattr(term, "value", term)).replace("\n", " ").replace("|", "\\|")


def display_width(text: str) -> int:
    """Terminal columns ``text`` takes: wide and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table, padded so it also reads well as plain text."""
    widths = [
        max([display_width(h), 3, *(display_width(r[i]) for r in rows)])
        for i, h in enumerate(header)
    ]

    def line(cells: list[str]) -> str:
        padded = (c + " " * (w - display_width(c)) for c, w in zip(cells, widths, strict=True))
        return "| " + " | ".join(padded) + " |"

    rule = "| " + " | ".join("-" * w for w in widths) + " |"
    return "\n".join([line(header), rule, *(line(r) for r in rows)]) + "\n"


def format_results(results: object, fmt: str) -> str:
    """``results`` of ``Store.query`` as text in ``fmt`` (``table``, ``csv`` or ``json``)."""
    import pyoxigraph

    if isinstance(results, pyoxigraph.QueryBoolean):
        return ("true" if bool(results) else "false") + "\n"
    if isinstance(results, pyoxigraph.QueryTriples):
        return results.serialize(format=pyoxigraph.RdfFormat.N_TRIPLES).decode("utf-8")
    if fmt == "table":
        header = [v.value for v in results.variables]
        rows = [[term_text(solution[v]) for v in results.variables] for solution in results]
        return markdown_table(header, rows)
    kind = pyoxigraph.QueryResultsFormat.CSV if fmt == "csv" else pyoxigraph.QueryResultsFormat.JSON
    return results.serialize(format=kind).decode("utf-8")
