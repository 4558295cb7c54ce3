"""Writing the graph: atomic, UTF-8, byte-stable.

Readers (graph stores, the evaluator, a second ``zhkg run`` racing this one) must never see a
half-written file, hence a temporary file in the same directory (same file system, so
``os.replace`` is an atomic rename) that is fsynced before the rename. Keys are sorted and the
separators fixed so that identical graphs give identical bytes, which makes runs diffable and
lets tests compare outputs byte for byte.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path


def dumps_jsonld(graph: dict) -> str:
    """The canonical text of ``graph``: sorted keys, two-space indent, real CJK characters.

    Sorting puts ``@context`` before ``@graph`` and ``@id``/``@type`` first in each node.
    """
    return json.dumps(graph, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def write_jsonld(graph: dict, path: Path) -> None:
    """Write ``graph`` to ``path`` atomically (temp file + fsync + ``os.replace``)."""
    path = Path(path)
    data = dumps_jsonld(graph).encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
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
