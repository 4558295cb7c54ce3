"""The run manifest: what the graph in an output directory was built from.

A rerun over unchanged inputs with an unchanged pipeline would write the very same bytes, so
it keeps the graph instead: the manifest records the digest of the run's inputs and results
(:meth:`pipeline.scale.spool.Spool.digest`) and the size and modification time of the graph
it wrote. A graph changed or replaced since then does not match, and is rebuilt.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..graph.writer import write_json

NAME = ".zhkg-manifest.json"


def _graph_stat(graph: Path) -> list[int] | None:
    try:
        st = graph.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def is_current(graph: Path, digest: str) -> bool:
    """Whether ``graph`` is the one a run with ``digest`` wrote, untouched since."""
    try:
        manifest = json.loads((graph.parent / NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    current = _graph_stat(graph)
    return (
        isinstance(manifest, dict)
        and current is not None
        and manifest.get("digest") == digest
        and manifest.get("graph") == current
    )


def record(graph: Path, digest: str) -> None:
    """Remember that ``graph`` was built from a run with ``digest``."""
    write_json({"digest": digest, "graph": _graph_stat(graph)}, graph.parent / NAME)
