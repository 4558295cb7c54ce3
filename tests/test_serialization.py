"""A saved pipeline is self-contained: ``nlp.to_disk`` copies every file the tokenizer and
the components read (the segmenter and NER models, the gazetteer, word lists and rules) into
the component's folder, and the pipeline loaded from that folder reads those copies, never
the checkout's ``models/`` or ``configs/`` (``pipeline/saving.py``)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import spacy

import pipeline
from pipeline.language import ZhkgLanguage
from pipeline.messages import ModelMissingError
from pipeline.result import text_result
from pipeline.saving import files_read
from tests.seed_run import run_seeds


def _nowhere(tmp: Path) -> dict[str, str]:
    """Overrides that point every path the config names into a folder that does not exist,
    so that only the saved copies can be read."""
    return {
        "paths.models": str(tmp / "nowhere" / "models"),
        "components.relations.rules": str(tmp / "nowhere" / "relations.json"),
    }


def _digest(path: Path) -> str:
    """A file's bytes, or a folder's file names and bytes, hashed."""
    h = hashlib.blake2b(digest_size=16)
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for f in files:
        h.update(str(f.relative_to(path) if path.is_dir() else "").encode())
        h.update(f.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def saved(nlp, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("saved") / "nlp"
    nlp.to_disk(path)
    return path


@pytest.fixture(scope="module")
def loaded(saved: Path, tmp_path_factory: pytest.TempPathFactory):
    return pipeline.load(saved, overrides=_nowhere(tmp_path_factory.mktemp("elsewhere")))


def test_the_overrides_leave_no_model_to_read(tmp_path: Path) -> None:
    """Without the saved copies the same settings cannot build a pipeline."""
    with pytest.raises(ModelMissingError):
        pipeline.load(overrides=_nowhere(tmp_path))


def test_saved_pipeline_reads_only_its_own_copies(nlp, saved: Path, loaded) -> None:
    assert isinstance(loaded, ZhkgLanguage)
    original, read = files_read(nlp), files_read(loaded)
    expected = {
        "tokenizer/segmenter/model",
        "tokenizer/segmenter/user_dict.txt",
        "tokenizer/converter/variants.json",
        "ner/model",
        "ner/gazetteer",
        "ner/entity_rules.json",
        "quantities/rules",
        "relations/relations.json",
    }
    assert expected <= set(read)
    assert set(read) == set(original)
    outside = {k: v for k, v in read.items() if not v.resolve().is_relative_to(saved.resolve())}
    assert not outside
    # each copy holds exactly what the pipeline built from the config read
    for name, path in read.items():
        assert _digest(path) == _digest(original[name]), name


def test_saved_pipeline_gives_the_same_graph(loaded, seeds_out: Path, tmp_path: Path) -> None:
    out = run_seeds(loaded, tmp_path / "out")
    graph = (out / "graph.jsonld").read_bytes()
    assert b"QuantityStatement" in graph
    assert graph == (seeds_out / "graph.jsonld").read_bytes()


def test_spacy_load_reads_the_saved_copies(nlp, saved: Path, seed_texts, tmp_path: Path) -> None:
    config: dict = {}
    for key, value in _nowhere(tmp_path).items():  # dotted keys as spaCy's nested dict
        *sections, last = key.split(".")
        node = config
        for section in sections:
            node = node.setdefault(section, {})
        node[last] = value
    loaded = spacy.load(saved, config=config)
    for text in seed_texts.values():
        result = text_result(loaded(text))
        assert result["entities"] and result["statements"]
        assert result == text_result(nlp(text))


def test_a_loaded_pipeline_saves_the_same_files(loaded, saved: Path, tmp_path: Path) -> None:
    loaded.to_disk(tmp_path / "again")
    loaded.to_disk(saved)  # into the folder it reads: nothing to copy, nothing lost
    for name in files_read(loaded):
        assert _digest(tmp_path / "again" / name) == _digest(saved / name), name


def test_a_component_reads_its_files_on_first_use(nlp, seed_texts) -> None:
    """Built without ``pipeline.load`` (nothing read yet), the pipeline reads the files its
    config names when first used, and gives the same results."""
    from pipeline.config import read_config
    from pipeline.saving import FileBacked

    fresh = ZhkgLanguage.from_config(read_config(), auto_fill=True, validate=True)
    assert fresh.get_pipe("ner")._files is None
    assert isinstance(fresh.get_pipe("ner"), FileBacked)
    text = next(iter(seed_texts.values()))
    assert text_result(fresh(text)) == text_result(nlp(text))
    assert set(files_read(fresh)) == set(files_read(nlp))
