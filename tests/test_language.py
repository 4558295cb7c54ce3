"""The zhkg Language: per-document error isolation for ``pipeline.load()`` users, spaCy's
pipeline analysis, and a saved pipeline that carries its components' rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.util import raise_error

from pipeline.language import keep_going
from pipeline.result import text_result

TEXT = "国务院总理李鹏今天在北京会见了美国客人。"


def test_a_failing_document_costs_no_other_its_result(exploding) -> None:
    texts = [TEXT, "爆炸" + TEXT, TEXT]
    docs = list(exploding.pipe(texts))
    assert [doc.text for doc in docs] == texts
    assert [doc._.error for doc in docs] == [None, "RuntimeError: boom", None]
    assert [e.text for e in docs[0].ents] == [e.text for e in docs[2].ents]
    assert "李鹏" in [e.text for e in docs[0].ents]
    assert exploding("爆炸" + TEXT)._.error == "RuntimeError: boom"


def test_raise_error_handler_raises(exploding) -> None:
    exploding.set_error_handler(raise_error)
    try:
        with pytest.raises(RuntimeError, match="boom"):
            list(exploding.pipe([TEXT, "爆炸" + TEXT]))
        with pytest.raises(RuntimeError, match="boom"):
            exploding("爆炸" + TEXT)
    finally:
        exploding.set_error_handler(keep_going)


def test_pipeline_analysis_finds_no_problem(nlp) -> None:
    analysis = nlp.analyze_pipes()
    assert not any(analysis["problems"].values())
    assigns = analysis["summary"]
    assert "doc._.content_ranges" in assigns["boilerplate"]["assigns"]
    assert "token.is_sent_start" in assigns["sentences"]["assigns"]


def test_saved_pipeline_carries_its_rules(nlp, seed_texts, tmp_path: Path) -> None:
    nlp.to_disk(tmp_path / "nlp")
    rules = json.loads((tmp_path / "nlp/boilerplate/rules.json").read_text(encoding="utf-8"))
    assert rules["closing_markers"]
    assert "。" in json.loads((tmp_path / "nlp/sentences/punct_chars.json").read_text())
    loaded = spacy.load(tmp_path / "nlp")
    for text in seed_texts.values():
        assert text_result(loaded(text)) == text_result(nlp(text))

    # the saved rules are the ones used: without 。 no sentence ends there
    (tmp_path / "nlp/sentences/punct_chars.json").write_text('["！"]', encoding="utf-8")
    loaded = spacy.load(tmp_path / "nlp")
    assert len(list(loaded("第一句。第二句。").sents)) == 1


def test_pipeline_analysis_catches_a_bad_order(nlp) -> None:
    """Factories declare what they assign and require, so spaCy's analysis sees the order."""
    assert all(not p for p in nlp.analyze_pipes(pretty=False)["problems"].values())
    import spacy

    bad = spacy.blank("zh")
    bad.add_pipe("zhkg_relations")
    assert bad.analyze_pipes(pretty=False)["problems"]["zhkg_relations"]


def test_load_takes_the_pipeline_out_of_the_collectors_view(nlp) -> None:
    """``pipeline.load()`` freezes what it built: the gazetteer's areas and the model's tables
    are no longer scanned by every full garbage collection."""
    import gc

    gazetteer = nlp.get_pipe("ner").gazetteer
    assert gc.get_freeze_count() > 100_000
    assert gc.is_tracked(gazetteer)
    assert not any(gazetteer is obj for gen in range(3) for obj in gc.get_objects(generation=gen))
