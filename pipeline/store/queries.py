"""Where a QUERY argument comes from: SPARQL text, a ``.rq`` file, or a shipped query's name.

The shipped queries live in ``configs/queries/*.rq`` as data. They declare the prefixes they
use, so they run unchanged in any SPARQL store (Jena, GraphDB, an Oxigraph server); a test
keeps those declarations equal to ``vocab.PREFIXES``. Ad-hoc queries given to ``zhkg query``
need not declare them: the store predeclares ``vocab.PREFIXES``.
"""

from __future__ import annotations

from pathlib import Path

from ..paths import project_root


def shipped_queries() -> dict[str, Path]:
    """Name (file stem) -> path of every query shipped in ``configs/queries``."""
    return {p.stem: p for p in sorted((project_root() / "configs" / "queries").glob("*.rq"))}


def read_query(arg: str) -> str:
    """The SPARQL text of ``arg``: a ``.rq`` path, a shipped query's name, or SPARQL itself.

    Raises ``FileNotFoundError`` for a ``.rq`` path that does not exist.
    """
    path = Path(arg)
    if arg.endswith(".rq") or (len(arg) < 256 and path.is_file()):
        return path.read_text(encoding="utf-8")
    shipped = shipped_queries()
    if arg in shipped:
        return shipped[arg].read_text(encoding="utf-8")
    return arg
