"""One-line messages: a report lists one line per failed document and the CLI prints one
``zhkg: error:`` line, so every multi-line exception text is folded the same way here."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn


class ModelMissingError(RuntimeError):
    """A model directory is missing or unreadable; the message says how to rebuild it. Defined
    here, with the hints, so that catching it does not import spaCy (``zhkg run`` served from
    the cache never does)."""


def one_line(text: object, limit: int | None = None) -> str:
    """``text`` with every run of whitespace (line breaks included) as one space, cut to
    ``limit`` characters (plus ``...``) when given."""
    line = " ".join(str(text).split())
    return line if limit is None or len(line) <= limit else line[:limit] + "..."


def first_line(err: BaseException) -> str:
    """The first line of an exception's text (the type's name when it has none): libraries
    such as rdflib and pyoxigraph put the useful sentence first and a dump after it."""
    return (str(err).strip().splitlines() or [type(err).__name__])[0]


def error_detail(err: BaseException) -> str:
    """``Type: message`` on one line (the type alone when the message is empty)."""
    return f"{type(err).__name__}: {one_line(err) or type(err).__name__}"


def rebuild_hint(problem: str, model_dir: Path, detail: str, command: str) -> str:
    """A missing or broken model, and the command that rebuilds it."""
    return f"{problem} at {model_dir} ({detail}): rebuild it with `{command}` (or `make train`)"


def fail(message: str, code: int = 2) -> NoReturn:
    """Print a one-line ``zhkg: error:`` message (no traceback) and exit with ``code``.

    Every command module stops this way, so the CLI modules import it from here rather than
    from ``cli.py`` (imports run one way: ``cli`` -> commands -> ``messages``). typer is
    imported only when a command fails, so that importing this module stays light.
    """
    import typer

    typer.echo(f"zhkg: error: {message}", err=True)
    raise typer.Exit(code)
