"""Finding the text each document's offsets point into.

The graph keeps offsets and evidence substrings, not whole texts, and names documents only by
their input file name (``schema:identifier``). So the page re-reads the inputs with the same
reader ``zhkg run`` uses (same decoding, same HTML extraction, hence the same offsets) and
matches them by that name. A text is accepted only if every evidence and mention substring
the graph recorded for it is found at its offsets: a source edited since the run would put
highlights in the wrong places, so it is refused (and reported) instead.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..io.reader import InputDoc, iter_inputs
from .model import Document, GraphView


def _spans(doc: Document) -> Iterable:
    yield from doc.mentions
    yield from (s.evidence for s in doc.statements if s.evidence and s.evidence.begin >= 0)


def matches(doc: Document, text: str) -> bool:
    """Whether every recorded substring of ``doc`` sits at its offsets in ``text``."""
    return all(text[s.begin : s.end] == s.text for s in _spans(doc))


def find_texts(view: GraphView, sources: list[str]) -> tuple[dict[str, str], list[str]]:
    """Texts by document IRI for the documents found in ``sources``, and one-line problems
    (documents not found, or found with a text that disagrees with the graph)."""
    wanted = {doc.identifier: doc for doc in view.documents.values()}
    texts: dict[str, str] = {}
    problems: list[str] = []
    for item in iter_inputs(sources) if sources else []:
        doc = wanted.get(item.id)
        if doc is None or doc.iri in texts or not isinstance(item, InputDoc):
            continue
        if matches(doc, item.text):
            texts[doc.iri] = item.text
        else:
            problems.append(f"{item.source}: text differs from the graph's offsets, not shown")
    missing = [d.identifier for d in view.documents.values() if d.iri not in texts]
    if missing:
        problems.append(
            f"text not found for {len(missing)} document(s) ({', '.join(missing[:3])}"
            f"{', ...' if len(missing) > 3 else ''}): only their evidence is shown; "
            "pass the run's inputs with --source"
        )
    return texts, problems
