"""From DocResults to the JSON-LD knowledge graph (contract: GRAPH.md, extended in docs/graph.md).

``GraphBuilder`` merges results incrementally, ``write_jsonld`` writes the graph atomically;
``vocab`` holds every term and ``identity`` every naming rule.
"""

from __future__ import annotations

from .builder import GraphBuilder, build_graph
from .writer import dumps_jsonld, write_jsonld

__all__ = ["GraphBuilder", "build_graph", "dumps_jsonld", "write_jsonld"]
