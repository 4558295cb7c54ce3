"""Running ``zhkg run`` on the seed articles with the session pipeline, for the graph export,
store and page tests (one run per test module, through the real CLI command)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def invoke(*args: object):  # click's Result
    """``zhkg ARGS`` in-process; stdout and stderr stay apart (``result.stderr``)."""
    return CliRunner().invoke(app, [str(a) for a in args])


def run_seeds(nlp, out: Path) -> Path:  # spacy.Language
    """``zhkg run seeds/ --out OUT`` with ``nlp`` instead of loading the models again."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("pipeline.config.load_nlp", lambda *a, **k: nlp)
        result = invoke("run", SEEDS, "--out", out, "--quiet")
    assert result.exit_code == 0, result.output
    return out


def read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
