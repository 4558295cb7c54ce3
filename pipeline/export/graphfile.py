"""Reading a graph file written by ``zhkg run``, with one-line reasons instead of tracebacks.

Every command that takes a GRAPH (export, load, show) goes through :func:`read_graph`, so a
missing file, a file that is not JSON, or JSON that is not a JSON-LD graph fails the same way
everywhere: :class:`GraphFileError` carrying ``"FILE: reason"``.
"""

from __future__ import annotations

import json
from pathlib import Path


class GraphFileError(ValueError):
    """A graph file that cannot be used; ``str()`` is the one-line ``FILE: reason``."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")


def graph_path(path: Path) -> Path:
    """The graph file named by ``path``: a run's output directory stands for its graph.jsonld."""
    path = Path(path)
    return path / "graph.jsonld" if path.is_dir() else path


def read_graph(path: Path) -> dict:
    """The parsed JSON-LD document at ``path`` (a file, or a run's output directory)."""
    path = graph_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GraphFileError(path, "no such file") from None
    except UnicodeDecodeError:
        raise GraphFileError(path, "not UTF-8 text") from None
    except OSError as err:
        raise GraphFileError(path, f"cannot read ({err.strerror or err})") from None
    try:
        graph = json.loads(text)
    except json.JSONDecodeError as err:
        raise GraphFileError(path, f"not valid JSON ({err})") from None
    if not isinstance(graph, dict) or not isinstance(graph.get("@graph"), list):
        raise GraphFileError(path, "not a zhkg graph (no top-level @graph list)")
    if not all(isinstance(node, dict) and "@id" in node for node in graph["@graph"]):
        raise GraphFileError(path, "not a zhkg graph (a @graph entry without @id)")
    remote = remote_context(graph)
    if remote:
        raise GraphFileError(path, f"remote @context {remote!r}: zhkg graphs carry their context "
                                   "inline, and nothing here fetches from the network")
    return graph


def remote_context(value: object) -> str | None:
    """The first context given by URL anywhere in ``value`` (JSON-LD allows them at any
    level), or ``None``. Every RDF library here would otherwise try to download it."""
    if isinstance(value, list):
        return next((r for r in map(remote_context, value) if r), None)
    if not isinstance(value, dict):
        return None
    context = value.get("@context")
    for item in context if isinstance(context, list) else [context]:
        if isinstance(item, str):
            return item
    return next((r for r in map(remote_context, value.values()) if r), None)
