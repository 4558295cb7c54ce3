"""N-Quads and Turtle from a zhkg JSON-LD graph.

N-Quads come from pyld (the reference JSON-LD algorithm, offline) so that the line-oriented
export is produced by a different processor than the store loader (oxigraph) and Turtle
(rdflib): three independent readings of one file, which the tests compare. Lines are sorted so
the same graph always gives the same bytes.
"""

from __future__ import annotations

import json

from ..graph import vocab
from ..messages import first_line
from .offline import offline_jsonld


class ConversionError(ValueError):
    """The graph is JSON but not JSON-LD a processor accepts; the message is one line."""


def to_nquads(graph: dict) -> str:
    """The graph as N-Quads (one statement per line, sorted, trailing newline)."""
    jsonld = offline_jsonld()
    try:
        text = jsonld.to_rdf(graph, {"format": "application/n-quads"})
    except jsonld.JsonLdError as err:
        raise ConversionError(first_line(err)) from None
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return "".join(line + "\n" for line in lines)


def to_turtle(graph: dict) -> str:
    """The graph as Turtle, with the contract's prefixes bound (from ``vocab.PREFIXES``)."""
    import rdflib

    rdf = rdflib.Graph(bind_namespaces="none")
    for prefix, iri in vocab.PREFIXES.items():
        rdf.bind(prefix, rdflib.Namespace(iri))
    try:
        rdf.parse(data=json.dumps(graph, ensure_ascii=False), format="json-ld")
    except Exception as err:  # noqa: BLE001 - rdflib raises many types; one line for the user
        raise ConversionError(first_line(err)) from None
    return rdf.serialize(format="turtle")
