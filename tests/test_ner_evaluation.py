"""``zhkg evaluate --ner-corpus``: the whole pipeline by default, the bare model with
``--model-only``, on every corpus format (CLUENER JSONL included)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.corpora import bio_spans, read_cluener, read_ner_corpus


def _ent(kind: str, text: str, sentence: str) -> dict:
    begin = sentence.index(text)
    return {"entity_type": kind, "entity": text,
            "entity_index": {"begin": begin, "end": begin + len(text)}}  # fmt: skip


def _write_cluener(path: Path) -> Path:
    one = "彭小军认为，台湾的银行在北京市海淀区中关村大街开了分行。"
    two = "浙商银行行长刘晓春在杭州表示。"
    rows = [
        {"text": one, "entity_list": [_ent("name", "彭小军", one), _ent("address", "台湾", one),
                                      _ent("address", "北京市海淀区中关村大街", one)]},
        {"text": two, "entity_list": [_ent("company", "浙商银行", two),
                                      _ent("position", "行长", two), _ent("name", "刘晓春", two)]},
    ]  # fmt: skip
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", "utf-8")
    return path


def test_cluener_labels_are_mapped(tmp_path: Path) -> None:
    path = _write_cluener(tmp_path / "c.jsonl")
    scored = read_ner_corpus(path, "cluener")
    first = [(scored[0][0][s:e], lab) for s, e, lab in bio_spans(scored[0][1])]
    # a long address is left untagged for scoring; a short one is a place
    assert first == [("彭小军", "PERSON"), ("台湾", "LOC")]
    second = [(scored[1][0][s:e], lab) for s, e, lab in bio_spans(scored[1][1])]
    assert second == [("浙商银行", "ORG"), ("刘晓春", "PERSON")]  # position is not a name
    # for training, a sentence with a long place is left out
    assert [t for t, _ in read_cluener(path)] == [scored[1][0]]


def test_bad_cluener_line_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "x"}\n{"no text": 1}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="bad.jsonl:2"):
        read_ner_corpus(path, "cluener")


def test_evaluate_scores_the_pipeline_and_the_model(tmp_path: Path) -> None:
    corpus = tmp_path / "tiny.bio"
    lines = []
    for sentence, tags in [("他先后访问了纽约和波士顿。", {6: "B-LOC", 7: "I-LOC",
                                                        9: "B-LOC", 10: "I-LOC", 11: "I-LOC"})]:
        lines += [f"{ch}\t{tags.get(i, 'O')}" for i, ch in enumerate(sentence)] + [""]
    corpus.write_text("\n".join(lines), encoding="utf-8")
    runner = CliRunner()
    whole = runner.invoke(app, ["evaluate", "--ner-corpus", str(corpus)])
    assert whole.exit_code == 0, whole.output
    assert json.loads(whole.output)["speed"]["backend"] == "pipeline"
    bare = runner.invoke(app, ["evaluate", "--ner-corpus", str(corpus), "--model-only"])
    assert bare.exit_code == 0, bare.output
    assert json.loads(bare.output)["speed"]["backend"] == "spacy"
    # places the model finds survive the pipeline's rules, unlinked or not
    assert json.loads(whole.output)["LOC"]["tp"] == json.loads(bare.output)["LOC"]["tp"] == 2


def test_unknown_format_is_a_clear_error(tmp_path: Path) -> None:
    corpus = tmp_path / "x.txt"
    corpus.write_text("a\tO\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", "--ner-corpus", str(corpus), "--format", "xml"])
    assert result.exit_code == 2
    assert "unknown NER corpus format" in result.output
