"""Shared fixtures: the real pipeline with the shipped models (loaded once per session)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = ROOT / "seeds"
GOLD = SHARED / "gold" / "seeds.gold.jsonl"


@pytest.fixture(scope="session", autouse=True)
def _run_environment(tmp_path_factory: pytest.TempPathFactory):
    """Before any fixture of any scope runs ``zhkg run``: a result cache under the test
    session's tmp folder, never ~/.cache, and one process unless a test asks for more, so
    that the session pipeline below is the one used."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        patch.setenv("ZHKG_WORKERS", "1")
        yield


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Each test starts with an empty cache: no result computed by another test (perhaps with
    a component patched to fail) can stand in for its own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(scope="session")
def nlp():
    import pipeline

    return pipeline.load()


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="session")
def seeds_out(nlp, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One ``zhkg run seeds/`` for the export, store and page tests."""
    from tests.seed_run import run_seeds

    return run_seeds(nlp, tmp_path_factory.mktemp("seeds") / "out")


@pytest.fixture(scope="session")
def seeds_graph(seeds_out: Path) -> dict:
    from tests.seed_run import read_json

    return read_json(seeds_out / "graph.jsonld")


def assert_offsets_in_text(doc, text: str) -> None:  # spacy Doc
    """The text is kept byte for byte and every entity and evidence offset slices to its
    surface."""
    assert doc.text == text
    for ent in doc.ents:
        assert text[ent.start_char : ent.end_char] == ent.text
    for st in doc._.statements:
        assert text[st["start"] : st["end"]] == st["evidence"]


def needs_shared() -> pytest.MarkDecorator:
    return pytest.mark.skipif(not SHARED.exists(), reason="../shared (gold, corpora) not present")


@pytest.fixture
def exploding(nlp, monkeypatch: pytest.MonkeyPatch):
    """The quantities component raises on documents that contain 爆炸, alone (``__call__``)
    or in a batch (``pipe``): both make each document's spans in ``_annotate``."""
    quantities = nlp.get_pipe("quantities")
    original = type(quantities)._annotate

    def explode(self, doc, *found):
        if "爆炸" in doc.text:
            raise RuntimeError("boom")
        return original(self, doc, *found)

    monkeypatch.setattr(type(quantities), "_annotate", explode)
    return nlp
