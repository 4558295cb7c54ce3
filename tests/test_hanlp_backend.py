"""The HanLP NER backend: a tiny HanLP model trained here, then the whole pipeline with it.

The model is trained inside the tests (600 MSRA sentences, 3 short epochs, 32-dim layers:
about ten seconds on one core) so that nothing is downloaded and no model file is needed.
Tests that need hanlp skip when the ``zhkg[hanlp]`` extra is not installed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, SHARED, needs_shared

MSRA_TRAIN = SHARED / "data" / "ner" / "msra" / "train.bio.gz"
TINY = {
    "corpus.max_sentences": 600,
    "training.epochs": 3,
    "training.batch_size": 8,
    "training.lr": 0.02,
    "training.patience": 0,
    "model.embed": 32,
    "model.rnn_hidden": 32,
    "model.drop": 0.2,
    "evaluation.msra_test": "",
    "evaluation.uner_test": "",
}


# ------------------------------------------------------------------ without hanlp


def test_importing_pipeline_does_not_import_hanlp_or_torch() -> None:
    """``import pipeline`` / the CLI import neither; registering the components (which imports
    spaCy) and loading the default pipeline import neither: thinc, which imports torch
    whenever it is installed (2.7 s of a load), is imported with torch hidden."""
    code = (
        "import sys, pipeline, pipeline.cli; "
        "print(sorted(m for m in ('hanlp', 'torch', 'spacy') if m in sys.modules)); "
        "pipeline.register_components(); print('hanlp' in sys.modules); "
        "pipeline.load(); print(sorted(m for m in ('hanlp', 'torch') if m in sys.modules)); "
        "import importlib.util as u; torch = u.find_spec('torch') and __import__('torch'); "
        "print(torch is None or 'torch' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    # torch, hidden from thinc only, is importable afterwards where installed (HanLP needs it)
    assert out.stdout.split() == ["[]", "False", "[]", "True"]


def test_thinc_keeps_torch_when_asked() -> None:
    """``ZHKG_THINC_TORCH=1`` leaves thinc's torch layers on (a process that also runs
    spaCy pipelines built on them); without it thinc sees no torch."""
    pytest.importorskip("torch")
    code = "import pipeline, thinc.compat; print(thinc.compat.has_torch)"
    outs = [
        subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
            env={**os.environ, "ZHKG_THINC_TORCH": flag},
        ).stdout.strip()
        for flag in ("1", "0")
    ]
    assert outs == ["True", "False"]


def test_spans_from_tuples_and_tags() -> None:
    from pipeline.ner.hanlp_backend import HanLPCharNER

    chars = "国家主席江泽民在北京会见新华社记者"
    tuples = [("江泽民", "NR", 4, 7), ("北京", "NS", 8, 10), ("新华社", "NT", 12, 15)]
    expected = [(4, 7, "PERSON"), (8, 10, "LOC"), (12, 15, "ORG")]
    assert HanLPCharNER.spans(tuples, chars) == expected
    tags = ["O"] * len(chars)
    tags[4:7] = ["B-PER", "I-PER", "I-PER"]
    tags[8:10] = ["B-LOCATION", "E-LOCATION"]
    tags[12:15] = ["B-ORGANIZATION", "M-ORGANIZATION", "E-ORGANIZATION"]
    assert HanLPCharNER.spans(tags, chars) == expected
    assert HanLPCharNER.spans([("今天", "DATE", 0, 2)], chars) == []


def test_long_lines_are_cut_after_punctuation() -> None:
    from pipeline.ner.hanlp_backend import split_text

    text = "甲" * 30 + "。" + "乙" * 30 + "，" + "丙" * 10
    pieces = list(split_text(text, 40))
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= 40 for _, p in pieces)
    assert pieces[1][0] == 31 and text[pieces[1][0] :].startswith("乙")


def test_missing_model_dir_says_how_to_get_one(tmp_path: Path) -> None:
    from pipeline.ner.hanlp_backend import load_hanlp_model
    from pipeline.segment.segmenters import ModelMissingError

    with pytest.raises(ModelMissingError, match="zhkg train hanlp-ner"):
        load_hanlp_model(tmp_path / "nothing-here")


def test_missing_hanlp_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.ner.hanlp_backend import import_hanlp
    from pipeline.segment.segmenters import ModelMissingError

    monkeypatch.setitem(sys.modules, "hanlp", None)  # makes `import hanlp` fail
    with pytest.raises(ModelMissingError, match=r"pip install 'zhkg\[hanlp\]'"):
        import_hanlp()


# ------------------------------------------------------------------ with hanlp


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``zhkg train hanlp-ner`` on a tiny config (the CLI path the README documents)."""
    pytest.importorskip("hanlp")
    if not MSRA_TRAIN.exists():
        pytest.skip("../shared/data/ner/msra not present")
    from spacy.util import load_config
    from typer.testing import CliRunner

    from pipeline.cli import app

    tmp = tmp_path_factory.mktemp("hanlp")
    config = load_config(ROOT / "configs" / "train_hanlp_ner.cfg", interpolate=False)
    for key, value in TINY.items():
        section, name = key.split(".")
        config[section][name] = value
    config.to_disk(tmp / "tiny.cfg")
    out = tmp / "model"
    result = CliRunner().invoke(
        app, ["train", "hanlp-ner", "--config", str(tmp / "tiny.cfg"), "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert (out / "config.json").exists() and (out / "README.md").exists()
    return out


@pytest.fixture(scope="module")
def tiny_ner(tiny_model: Path):
    from pipeline.ner.hanlp_backend import HanLPCharNER

    return HanLPCharNER.from_disk(tiny_model)


@pytest.fixture(scope="module")
def train_sentences() -> list[tuple[str, list[str]]]:
    from pipeline.corpora import read_char_bio

    sentences = []
    for item in read_char_bio(MSRA_TRAIN):
        sentences.append(item)
        if len(sentences) == 600:
            break
    return sentences


@needs_shared()
def test_tiny_model_learns_with_the_crf(tiny_model: Path, tiny_ner, train_sentences) -> None:
    """The repaired CRF learns (HanLP's own scores F1 = 0 with crf=True)."""
    from pipeline.train.ner import evaluate_sentences

    assert json.loads((tiny_model / "config.json").read_text())["crf"] is True
    scores = evaluate_sentences(tiny_ner, train_sentences)
    assert scores["overall"]["f"] > 0.5, scores["overall"]


@needs_shared()
def test_pipeline_with_hanlp_backend_offsets(tiny_model: Path, tiny_ner, train_sentences) -> None:
    """Traditional-script input, several lines: the PERSON spans the HanLP model finds on the
    simplified text come out of the pipeline at the same character offsets of the original."""
    import opencc

    import pipeline

    lines = [t for t, _ in train_sentences if len(t) >= 20 and _persons(tiny_ner.predict(t))][:4]
    assert len(lines) == 4
    to_trad = opencc.OpenCC("s2t")
    trad = [to_trad.convert(line) for line in lines]
    assert all(len(a) == len(b) for a, b in zip(lines, trad, strict=True))
    text = "\n".join(trad) + "\n"
    nlp = pipeline.load(ROOT / "configs" / "hanlp.cfg", {"components.ner.model": str(tiny_model)})
    assert nlp.get_pipe("ner").model.__class__.__name__ == "HanLPCharNER"
    doc = nlp(text)
    ents = {(e.start_char, e.end_char, e.label_) for e in doc.ents}
    content = doc._.content_ranges or [(0, len(text))]
    offset, checked = 0, 0
    for line in lines:
        for s, e, label in _persons(tiny_ner.predict(line)):
            a, b = offset + s, offset + e
            if any(lo <= a and b <= hi for lo, hi in content):
                assert (a, b, label) in ents, (text[a:b], sorted(ents))
                assert doc.text[a:b] == to_trad.convert(line[s:e])
                checked += 1
        offset += len(line) + 1
    assert checked >= 3


@needs_shared()
def test_evaluate_command_with_hanlp_backend(tiny_model: Path, train_sentences, tmp_path) -> None:
    from typer.testing import CliRunner

    from pipeline.cli import app

    corpus = tmp_path / "mini.bio"
    corpus.write_text(
        "".join(
            "".join(f"{c}\t{t}\n" for c, t in zip(text, tags, strict=True)) + "\n"
            for text, tags in train_sentences[:100]
        ),
        encoding="utf-8",
    )
    args = ["evaluate", "--ner-corpus", str(corpus), "--backend", "hanlp"]
    result = CliRunner().invoke(app, [*args, "--model", str(tiny_model)])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["sentences"] == 100 and scores["overall"]["tp"] > 0
    assert scores["speed"]["chars_per_s"] > 0 and scores["speed"]["backend"] == "hanlp"
    missing = CliRunner().invoke(app, [*args, "--model", str(tmp_path / "none")])
    assert missing.exit_code == 2 and "zhkg train hanlp-ner" in missing.output


def _persons(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    return [x for x in spans if x[2] == "PERSON" and x[1] - x[0] >= 2]
