"""Writing outputs: atomic, UTF-8, byte-stable.

Readers (graph stores, the evaluator, a second ``zhkg run`` racing this one) must never see a
half-written file, hence :func:`atomic_file`: a temporary file in the same directory (same
file system, so ``os.replace`` is an atomic rename) that is fsynced before the rename. Every
output (graph, report, run manifest) goes through it. Keys are sorted and the separators fixed
so that identical graphs give identical bytes, which makes runs diffable and lets tests
compare outputs byte for byte; :func:`write_graph_stream` writes those same bytes one node at
a time, so a graph larger than memory never has to be held whole.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

_NODE_INDENT = "    "  # nodes sit two levels deep: {"@graph": [ node ]}
_TEMP_SUFFIX = ".tmp"


def temporary_owner(path: Path) -> int | None:
    """The process that created ``path`` if it is one of :func:`atomic_file`'s temporary
    files (``.NAME.PID.RANDOM.tmp``), else ``None``: a killed run's temporaries can go."""
    parts = path.name.split(".")
    if path.name.startswith(".") and path.name.endswith(_TEMP_SUFFIX) and len(parts) >= 5:
        return int(parts[-3]) if parts[-3].isdigit() else None
    return None


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A binary file that replaces ``path`` only once the ``with`` block succeeds.

    On any error (disk full, a kill signal turned into an exception) the temporary file is
    removed and ``path`` keeps its previous content; after a SIGKILL it stays, named with this
    process's id, for the next run to remove (:func:`temporary_owner`).
    """
    path = Path(path)
    prefix = f".{path.name}.{os.getpid()}."
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=_TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def dumps_jsonld(graph: dict) -> str:
    """The canonical text of ``graph``: sorted keys, two-space indent, real CJK characters.

    Sorting puts ``@context`` before ``@graph`` and ``@id``/``@type`` first in each node.
    """
    return json.dumps(graph, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def write_jsonld(graph: dict, path: Path) -> None:
    """Write ``graph`` to ``path`` atomically (temp file + fsync + ``os.replace``)."""
    with atomic_file(path) as fh:
        fh.write(dumps_jsonld(graph).encode("utf-8"))


def write_json(data: dict, path: Path) -> None:
    """Write a small JSON document (report, manifest) atomically."""
    with atomic_file(path) as fh:
        fh.write((json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


def _dumps_node(node: dict) -> str:
    text = json.dumps(node, ensure_ascii=False, sort_keys=True, indent=2)
    # JSON strings never hold a raw newline, so every line break is structural
    return _NODE_INDENT + text.replace("\n", "\n" + _NODE_INDENT)


def write_graph_stream(context: dict, nodes: Iterable[dict], path: Path) -> None:
    """Write ``{"@context": context, "@graph": [*nodes]}`` atomically, one node at a time.

    The bytes are exactly those of :func:`write_jsonld` on the whole graph.
    """
    head = json.dumps({"@context": context, "@graph": []}, ensure_ascii=False, sort_keys=True,
                      indent=2)
    opening, closing = head.rsplit("[]", 1)
    with atomic_file(path) as fh:
        fh.write(opening.encode("utf-8"))
        first = True
        for node in nodes:
            fh.write((("[\n" if first else ",\n") + _dumps_node(node)).encode("utf-8"))
            first = False
        fh.write(("[]" if first else "\n  ]").encode("utf-8") + closing.encode("utf-8") + b"\n")
