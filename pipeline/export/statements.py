"""The graph's quantity statements as a flat table: one row per statement, for pandas or a
spreadsheet.

A statement node refers to its subject, place, document and evidence; the table resolves
those references so that a row reads on its own: the document's identifier (its file name),
the subject's name and label (ORG, PERSON, GPE, LOC), the place's name and GB/T 2260 code,
the evidence text and its character offsets in the document. Decimals are kept as written in
the graph (``"8690000"``), never rounded through floating point; a missing value is an empty
cell (CSV) or ``null`` (JSON Lines). Rows are sorted by document, offset and statement IRI,
so the same graph gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from ..graph import vocab
from ..graph.terms import literal, ref

COLUMNS = (
    "document", "subject", "subject_label", "predicate", "value", "unit", "currency",
    "approx", "min_value", "max_value", "object", "place", "place_code", "time", "evidence",
    "begin", "end", "statement", "subject_iri", "place_iri",
)
_INTEGERS = ("begin", "end")


def _types(node: dict) -> list[str]:
    types = node.get("@type", [])
    return types if isinstance(types, list) else [types]


def statement_rows(graph: dict) -> Iterator[dict[str, str | int | None]]:
    """One dict per ``zhkg:QuantityStatement`` of ``graph``, keys :data:`COLUMNS`."""
    nodes = {n["@id"]: n for n in graph["@graph"]}
    rows = []
    for node in graph["@graph"]:
        if vocab.T_STATEMENT not in _types(node):
            continue
        subject = nodes.get(ref(node.get(vocab.P_SUBJECT)) or "", {})
        place = nodes.get(ref(node.get(vocab.P_LOCATION)) or "", {})
        document = nodes.get(ref(node.get(vocab.P_DERIVED_FROM)) or "", {})
        evidence = nodes.get(ref(node.get(vocab.P_EVIDENCE)) or "", {})
        begin, end = literal(evidence.get(vocab.P_BEGIN)), literal(evidence.get(vocab.P_END))
        rows.append({
            "document": literal(document.get(vocab.P_IDENTIFIER)),
            "subject": literal(subject.get(vocab.P_NAME)),
            "subject_label": literal(subject.get(vocab.P_LABEL)),
            "predicate": literal(node.get(vocab.P_PREDICATE)),
            "value": literal(node.get(vocab.P_VALUE)),
            "unit": literal(node.get(vocab.P_UNIT)),
            "currency": literal(node.get(vocab.P_CURRENCY)),
            "approx": literal(node.get(vocab.P_APPROX)),
            "min_value": literal(node.get(vocab.P_MIN_VALUE)),
            "max_value": literal(node.get(vocab.P_MAX_VALUE)),
            "object": literal(node.get(vocab.P_OBJECT)),
            "place": literal(place.get(vocab.P_NAME)),
            "place_code": literal(place.get(vocab.P_IDENTIFIER)),
            "time": literal(node.get(vocab.P_TIME)),
            "evidence": literal(evidence.get(vocab.P_ANCHOR_OF)),
            "begin": int(begin) if begin is not None else None,
            "end": int(end) if end is not None else None,
            "statement": node["@id"],
            "subject_iri": subject.get("@id"),
            "place_iri": place.get("@id"),
        })
    rows.sort(key=lambda r: (r["document"] or "", r["begin"] or 0, r["statement"]))
    return iter(rows)


def to_statements_csv(graph: dict) -> tuple[str, int]:
    """The table as CSV (header row first) and its number of rows."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for row in statement_rows(graph):
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
        n += 1
    return out.getvalue(), n


def to_statements_jsonl(graph: dict) -> tuple[str, int]:
    """The table as JSON Lines (one object per statement) and its number of rows."""
    lines = [json.dumps(row, ensure_ascii=False) for row in statement_rows(graph)]
    return "".join(f"{line}\n" for line in lines), len(lines)
