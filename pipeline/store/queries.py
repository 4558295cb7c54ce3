"""Where a QUERY argument comes from (SPARQL text, a ``.rq`` file, or a shipped query's name),
and the values its parameters take.

The shipped queries live in ``configs/queries/*.rq`` as data. They declare the prefixes they
use, so they run unchanged in any SPARQL store (Jena, GraphDB, an Oxigraph server); a test
keeps those declarations equal to ``vocab.PREFIXES``. Ad-hoc queries given to ``zhkg query``
need not declare them: the store predeclares ``vocab.PREFIXES``.

Parameters are variables of the query, bound by a trailing SPARQL ``VALUES`` clause, so a
value is always a literal (quoted here), never query text. A query declares them in comment
lines, ``# @param NAME required|optional: what it is``; an optional parameter left out leaves
its variable free (every county, every organisation). Any other variable of a query can be
bound too (``--param unit=元``), as long as the query names it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..paths import project_root

_DECLARATION = re.compile(r"^#\s*@param\s+(\w+)\s+(required|optional)\s*:\s*(.*)$", re.M)


class QueryError(ValueError):
    """A parameter the query does not have, or one it needs that was not given."""


@dataclass(frozen=True)
class Param:
    name: str
    required: bool
    help: str


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


def declared_params(text: str) -> dict[str, Param]:
    """The parameters ``text`` declares in its ``# @param`` comment lines."""
    return {m[1]: Param(m[1], m[2] == "required", m[3].strip())
            for m in _DECLARATION.finditer(text)}


def parse_params(items: list[str]) -> dict[str, str]:
    """``["county=久治县"]`` -> ``{"county": "久治县"}``; raises :class:`QueryError`."""
    params: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not re.fullmatch(r"\w+", name.strip()):
            raise QueryError(f"--param {item!r}: expected NAME=VALUE")
        params[name.strip()] = value
    return params


def bind(text: str, params: dict[str, str]) -> str:
    """``text`` with ``params`` bound by a trailing ``VALUES`` clause; raises
    :class:`QueryError` for a variable the query lacks or a required parameter left out."""
    declared = declared_params(text)
    body = re.sub(r"#[^\n]*", "", text)  # comments may name variables they do not use
    for name in params:
        if name not in declared and not re.search(rf"[?$]{name}\b", body):
            listed = ", ".join(declared) or "none declared"
            raise QueryError(f"--param {name}: the query has no variable ?{name} "
                             f"(parameters: {listed})")
    missing = [p for p in declared.values() if p.required and p.name not in params]
    if missing:
        needed = " ".join(f"--param {p.name}=VALUE" for p in missing)
        raise QueryError(f"the query needs {needed} ({'; '.join(p.help for p in missing)})")
    if not params:
        return text
    names = " ".join(f"?{name}" for name in params)
    values = " ".join(json.dumps(value, ensure_ascii=False) for value in params.values())
    return f"{text.rstrip()}\nVALUES ({names}) {{ ({values}) }}\n"
