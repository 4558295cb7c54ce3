"""What the training entry points share: reading the training config, ``--set
section.key=value`` overrides and the ``python -m pipeline.train.X CONFIG`` command line, so
every trainer handles them one way; and the command line of the word lists derived from the
corpora (``python -m pipeline.train.corpus_orgs --shared ../shared``)."""

from __future__ import annotations

import argparse
import inspect
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

Trainer = Callable[[Path, "Path | None", "dict[str, Any] | None"], dict]


def load_settings(config_path: Path, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """The confection config as plain dicts, with dotted ``section.key`` overrides as spaCy
    takes them."""
    from spacy.util import load_config

    config = load_config(Path(config_path), overrides=dict(overrides or {}), interpolate=True)
    return {section: dict(values) for section, values in config.items()}


def parse_overrides(items: list[str]) -> dict[str, Any]:
    """``section.key=value`` pairs; values are read as JSON when they parse, else as text."""
    overrides: dict[str, Any] = {}
    for item in items:
        key, _, value = item.partition("=")
        try:
            overrides[key] = json.loads(value)
        except json.JSONDecodeError:
            overrides[key] = value
    return overrides


def main(description: str, train: Trainer, argv: list[str] | None = None) -> int:
    """Parse ``CONFIG [--output DIR] [--set K=V ...]``, train, print the result as JSON."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("config", type=Path)
    parser.add_argument("--output", type=Path, default=None)
    parser.add_argument("--set", dest="overrides", action="append", default=[],
                        metavar="SECTION.KEY=VALUE")  # fmt: skip
    args = parser.parse_args(argv)
    result = train(args.config, args.output, parse_overrides(args.overrides))
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0


def list_main(
    doc: str, derive: Callable[..., tuple[list[str], int]], comment: str, output: Path
) -> None:
    """``--shared DIR``, an option for each threshold ``derive`` takes after ``shared``, with
    its default there (``min_count`` → ``--min-count``), ``--output FILE``:
    ``derive(shared, **options)`` gives the kept words and the number of candidates; the
    words are written under ``comment`` with the options filled in (``str.format``:
    ``{min_share:.0%}``), a line of it a comment line."""
    from ..ner.features import write_word_list

    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    for name, param in list(inspect.signature(derive).parameters.items())[1:]:
        value = param.default
        parser.add_argument("--" + name.replace("_", "-"), type=type(value), default=value)
    parser.add_argument("--output", type=Path, default=output)
    options = vars(parser.parse_args())
    shared, out = options.pop("shared"), options.pop("output")
    kept, candidates = derive(shared, **options)
    write_word_list(out, comment.format(**options).splitlines(), kept)
    print(f"{len(kept)} of {candidates} candidates -> {out}")
