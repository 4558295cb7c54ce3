"""The command line catches mistakes: unknown options, bad overrides, inputs it cannot take."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import pipeline
from pipeline.cli import app

SIMP = "中国电信在青海久治县投入869万元，用于通信网络建设。\n"


def _invoke(args: list[str], stdin: str | None = None):  # click's Result
    return CliRunner().invoke(app, args, input=stdin)


@pytest.fixture
def run_cli(nlp, monkeypatch: pytest.MonkeyPatch):
    """``zhkg run ARGS`` with the session pipeline (no model loading)."""
    monkeypatch.setattr("pipeline.config.load_nlp", lambda *a, **k: nlp)
    return _invoke


def _text(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text(SIMP, encoding="utf-8")
    return path


def _report(out: Path) -> dict:
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("typo", "hint"),
    [(["--ouput", "x"], "--out"), (["--worker", "2"], "--workers"), (["--quite"], "--quiet")],
)
def test_mistyped_option_is_an_error(tmp_path: Path, run_cli, typo: list[str], hint: str) -> None:
    result = run_cli(["run", str(_text(tmp_path)), *typo, "-o", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    (line,) = result.output.splitlines()
    assert line.startswith(f"zhkg: error: no such option: {typo[0]} (did you mean {hint}?)")
    assert not (tmp_path / "out").exists()


def test_misspelt_override_names_the_override(tmp_path: Path) -> None:
    args = ["run", str(_text(tmp_path)), "-o", str(tmp_path / "out"), "-q", "--no-cache"]
    result = _invoke([*args, "--components.ner.gazeteer", "false"])
    assert result.exit_code == 2, result.output
    (line,) = result.output.splitlines()
    assert "--components.ner.gazeteer" in line and "default.cfg" not in line
    assert "did you mean --components.ner.gazetteer?" in line
    result = _invoke([*args, "--nlp.batch_size", "many"])
    assert result.exit_code == 2 and "override --nlp.batch_size 'many'" in result.output


def test_folder_of_files_the_reader_does_not_take(tmp_path: Path, run_cli) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name in ("random.bin", "notes.md", "picture.png"):
        (src / name).write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    out = tmp_path / "out"
    result = run_cli(["run", str(src), "-o", str(out), "-q"])
    assert result.exit_code == 1, result.output
    (line,) = result.output.splitlines()
    assert line.startswith("zhkg: error: no document was read (0 failed, 3 skipped")
    skipped = {s["id"]: s["reason"] for s in _report(out)["skipped"]}
    assert set(skipped) == {"random.bin", "notes.md", "picture.png"}
    assert "a .bin file" in skipped["random.bin"]


def test_skipped_file_next_to_texts_is_listed(tmp_path: Path, run_cli) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(SIMP, encoding="utf-8")
    (src / "random.bin").write_bytes(bytes(range(256)))
    out = tmp_path / "out"
    result = run_cli(["run", str(src), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    report = _report(out)
    assert report["processed"] == ["a.txt"]
    assert [s["id"] for s in report["skipped"]] == ["random.bin"]
    assert "1 skipped" in result.output


def test_standard_input(tmp_path: Path, run_cli) -> None:
    out = tmp_path / "out"
    result = run_cli(["run", "-", "-o", str(out), "-q"], stdin=SIMP)
    assert result.exit_code == 0, result.output
    report = _report(out)
    assert report["processed"] == ["stdin"] and report["inputs"] == ["-"]
    assert report["statements"] == 1


def test_version() -> None:
    result = _invoke(["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"zhkg {pipeline.__version__}"


@pytest.mark.parametrize(
    "command", [["run"], ["evaluate"], ["export"], ["load"], ["query"], ["show"],
                ["train", "ner"], ["train", "segmenter"]],
)
def test_help_has_examples(command: list[str]) -> None:
    result = _invoke([*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Examples:\n    zhkg " in result.output


def test_help_lists_choices() -> None:
    assert "--engine <local|dask>" in _invoke(["run", "--help"]).output
    evaluate = _invoke(["evaluate", "--help"]).output
    assert "--format [bio|uner|weibo|cluener]" in evaluate and "--backend [spacy|hanlp]" in evaluate
    assert "statements-csv" in _invoke(["export", "--help"]).output


def test_hanlp_training_help_keeps_the_extra() -> None:
    assert "needs zhkg[hanlp]" in _invoke(["train", "hanlp-ner", "--help"]).output


def test_shipped_config_by_relative_name_from_any_folder(tmp_path: Path, run_cli,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _text(tmp_path)
    result = run_cli(["run", "a.txt", "-o", "out", "-q", "--config", "configs/default.cfg"])
    assert result.exit_code == 0, result.output
    result = run_cli(["run", "a.txt", "-o", "out", "-q", "--config", "configs/none.cfg"])
    assert result.exit_code == 2 and "none.cfg: config file not found" in result.output
