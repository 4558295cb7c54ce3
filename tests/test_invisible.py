"""Invisible and control characters: ignored by the analysis, kept in every offset."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.io import InputDoc, iter_inputs
from pipeline.scale.worker import process_docs
from pipeline.script.invisible import analysis_view

AMOUNT = "中国电信投入869万元。"
HIDDEN = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\x00", "\x1b"]


@pytest.mark.parametrize("mark", HIDDEN)
def test_hidden_character_inside_an_amount(nlp, mark: str) -> None:
    text = AMOUNT.replace("869", f"8{mark}69")
    ((_, result),) = process_docs(nlp, [(0, text)])
    (st,) = result["statements"]
    assert (st["value"], st["unit"]) == ("8690000", "元")
    assert text[st["start"] : st["end"]] == st["evidence"]
    assert st["evidence"].endswith(f"8{mark}69万元")
    assert result["n_chars"] == len(text)
    for ent in [*result["entities"], st["subject"]]:
        assert text[ent["start"] : ent["end"]] == ent["text"]


@pytest.mark.parametrize("mark", HIDDEN[:6])
def test_hidden_character_between_every_character(nlp, mark: str) -> None:
    text = mark.join("中国电信投入869万元") + "。"
    ((_, result),) = process_docs(nlp, [(0, text)])
    (st,) = result["statements"]
    assert (st["value"], st["unit"]) == ("8690000", "元")
    assert st["subject"]["text"] == mark.join("中国电信")
    assert text[st["start"] : st["end"]] == st["evidence"]


def test_hidden_characters_everywhere_keep_offsets(nlp) -> None:
    text = "\ufeff中国\u200b电信在青海久\u00ad治县投入\u200d869万\u200c元\u2060。"
    ((_, result),) = process_docs(nlp, [(0, text)])
    (st,) = result["statements"]
    assert st["value"] == "8690000"
    assert st["subject"]["text"] == "中国\u200b电信"
    assert st["place"]["text"] == "久\u00ad治县"
    for ent in [*result["entities"], st["subject"], st["place"]]:
        assert text[ent["start"] : ent["end"]] == ent["text"]
    assert text[st["start"] : st["end"]] == st["evidence"]


@pytest.mark.parametrize("mark", HIDDEN)
def test_nlp_reads_an_amount_with_a_hidden_character(nlp, mark: str) -> None:
    """``nlp(text)`` (no worker removing the characters first): the quantity stage reads
    the text without them, its spans keep the input's offsets, and the statement has the
    whole amount."""
    text = AMOUNT.replace("869", f"8{mark}69")
    for doc in (nlp(text), next(nlp.pipe([text]))):
        (span,) = doc.spans["quantities"]
        assert span.text == f"8{mark}69万元"
        quantity = span._.quantity
        assert (quantity.value, quantity.unit) == (8690000, "元")
        assert text[quantity.number_start : quantity.number_end] == f"8{mark}69万"
        (st,) = doc._.statements
        assert (st["value"], st["unit"]) == ("8690000", "元")


def test_analysis_view_maps_offsets() -> None:
    view = analysis_view("a\u200bbc\u200b\u200b")
    assert view.text == "abc"
    assert [view.start(i) for i in range(3)] == [0, 2, 3]
    assert [view.end(i) for i in range(1, 4)] == [1, 3, 4]  # trailing marks stay outside
    assert analysis_view("plain\n\ttext").text == "plain\n\ttext"  # whitespace is kept


def test_text_with_a_few_control_bytes_is_read_with_a_warning(tmp_path: Path) -> None:
    text = "中国电信在青海久治县投入869万元，用于通信网络建设。" * 20
    text = text.replace("用于", "\x00用于", 1)
    path = tmp_path / "a.txt"
    path.write_bytes(text.replace("建设", "\x1b建设", 1).encode("utf-8"))
    (doc,) = iter_inputs([path])
    assert isinstance(doc, InputDoc), doc
    assert doc.warnings == ["2 control characters ignored (ESC x1, NUL x1)"]


def test_control_bytes_warning_reaches_the_report(tmp_path: Path, nlp, monkeypatch) -> None:
    monkeypatch.setattr("pipeline.config.load_nlp", lambda *a, **k: nlp)
    text = "中国电信投入8\x0069万元，用于青海久治县的通信网络建设和农村信息化服务。" * 3
    (tmp_path / "a.txt").write_bytes(text.encode())
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(tmp_path / "a.txt"), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["processed"] == ["a.txt"]
    (warning,) = report["warnings"]
    assert warning["id"] == "a.txt"
    assert "3 control characters ignored (NUL x3)" in warning["warning"]
    assert report["statements"] == 3


@pytest.mark.parametrize("space", [" ", "\u00a0", "\u2009", "  "])
def test_a_space_between_a_number_and_its_unit(nlp, space: str) -> None:
    """Typographic spacing between digits and Han characters (投资 12 亿元, 35 %): the
    amount is the number's, never the bare 亿元 after the space (100000000 before)."""
    text = f"中国移动今年投资{space}12.5{space}亿元，市场份额达到{space}35{space}%。"
    for result in (process_docs(nlp, [(0, text)])[0][1], None):
        statements = result["statements"] if result else nlp(text)._.statements
        assert [(st["value"], st["unit"]) for st in statements] == [
            ("1250000000", "元"), ("35", "%")]
        for st in statements:
            assert text[st["start"] : st["end"]] == st["evidence"]
    assert analysis_view("2008 2009年 北京").text == "2008 2009年 北京"  # digits, phrases
