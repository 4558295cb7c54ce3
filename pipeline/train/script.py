"""What the training entry points share: reading the training config, ``--set
section.key=value`` overrides and the ``python -m pipeline.train.X CONFIG`` command line, so
every trainer handles them one way."""

from __future__ import annotations

import argparse
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
