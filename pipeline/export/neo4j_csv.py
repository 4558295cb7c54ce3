"""The graph as the two CSV files ``neo4j-admin database import full`` reads.

The mapping is generic, driven by the JSON-LD itself rather than by a list of zhkg terms, so a
new property in the graph shows up in Neo4j without touching this module:

* every ``@graph`` node is a row of ``nodes.csv``: ``:ID`` (the IRI), ``uri`` (the IRI again,
  as a property: the name neosemantics (n10s) uses, so CSV and n10s imports can be queried
  alike), ``name``, ``:LABEL`` (the local name of ``@type``), then one column per literal
  property, named by its local name and typed from the literal's datatype (``value:double``,
  ``beginIndex:long``, ``datePublished:date``); list-valued properties become ``:string[]``.
* every node reference (``{"@id": ...}``) is a row of ``relationships.csv``: ``:START_ID``,
  ``:END_ID``, ``:TYPE`` (the property's local name in UPPER_SNAKE case: ``SUBJECT``,
  ``CONTAINED_IN_PLACE``, ``WAS_DERIVED_FROM``).
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass

from ..graph import vocab
from ..graph.terms import as_list, is_ref, literal
from .rdf import ConversionError

# literal datatype -> neo4j-admin column type; any other datatype (or a mix) stays a string
NEO4J_TYPES = {
    vocab.D_DECIMAL: "double",
    vocab.D_NON_NEGATIVE_INTEGER: "long",
    vocab.D_DATE: "date",
    vocab.D_DATETIME: "datetime",
}
ARRAY_DELIMITER = ";"  # neo4j-admin's default --array-delimiter
LEADING_COLUMNS = (":ID", "uri", "name", ":LABEL")
RELATIONSHIP_HEADER = (":START_ID", ":END_ID", ":TYPE")
_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


@dataclass
class Neo4jCsv:
    """The text of both files and their row counts (header excluded)."""

    nodes: str
    relationships: str
    n_nodes: int
    n_relationships: int


def _local(term: str) -> str:
    return term.split(":", 1)[-1].rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def relationship_type(prop: str) -> str:
    """``schema:containedInPlace`` -> ``CONTAINED_IN_PLACE`` (Neo4j's naming convention)."""
    return _CAMEL.sub("_", _local(prop)).upper()


def _datatype(item: object) -> str | None:
    return item.get("@type") if isinstance(item, dict) else None


def _columns(nodes: list[dict]) -> dict[str, str]:
    """Literal property -> CSV header cell, typed when every value agrees on a datatype."""
    datatypes: dict[str, set] = defaultdict(set)
    arrays: set[str] = set()
    for node in nodes:
        for prop, value in node.items():
            literals = [i for i in as_list(value) if not is_ref(i)]
            if prop.startswith("@") or not literals:
                continue
            datatypes[prop].update(_datatype(i) for i in literals)
            if isinstance(value, list):
                arrays.add(prop)
    locals_ = [_local(p) for p in datatypes]
    header = {}
    for prop, kinds in datatypes.items():
        name = _local(prop) if locals_.count(_local(prop)) == 1 else prop.replace(":", "_")
        kind = NEO4J_TYPES.get(next(iter(kinds))) if len(kinds) == 1 else None
        if prop in arrays:
            kind = f"{kind or 'string'}[]"
        header[prop] = f"{name}:{kind}" if kind else name
    return header


def _cell(prop: str, value: object) -> str:
    items = [literal(i) or "" for i in as_list(value) if not is_ref(i)]
    if len(items) > 1 and any(ARRAY_DELIMITER in i for i in items):
        raise ConversionError(f"{prop} value contains the array delimiter {ARRAY_DELIMITER!r}")
    return ARRAY_DELIMITER.join(items)


def to_neo4j_csv(graph: dict) -> Neo4jCsv:
    """Both CSV files for ``graph`` (rows sorted, so the same graph gives the same bytes)."""
    nodes = graph["@graph"]
    columns = _columns(nodes)
    name_prop = vocab.P_NAME
    extra = sorted((p for p in columns if p != name_prop), key=lambda p: columns[p])
    node_out, rel_out = io.StringIO(), io.StringIO()
    node_rows = csv.writer(node_out, lineterminator="\n")
    rel_rows = csv.writer(rel_out, lineterminator="\n")
    node_rows.writerow([*LEADING_COLUMNS, *(columns[p] for p in extra)])
    rel_rows.writerow(RELATIONSHIP_HEADER)
    relationships: list[tuple[str, str, str]] = []
    for node in sorted(nodes, key=lambda n: n["@id"]):
        iri = node["@id"]
        labels = ARRAY_DELIMITER.join(_local(t) for t in as_list(node.get("@type")))
        name = _cell(name_prop, node[name_prop]) if name_prop in node else ""
        cells = [_cell(p, node[p]) if p in node else "" for p in extra]
        node_rows.writerow([iri, iri, name, labels, *cells])
        for prop, value in node.items():
            if not prop.startswith("@"):
                relationships.extend(
                    (iri, i["@id"], relationship_type(prop)) for i in as_list(value) if is_ref(i)
                )
    relationships.sort()
    rel_rows.writerows(relationships)
    return Neo4jCsv(node_out.getvalue(), rel_out.getvalue(), len(nodes), len(relationships))
