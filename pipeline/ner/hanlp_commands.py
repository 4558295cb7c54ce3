"""CLI pieces of the HanLP backend, kept out of ``pipeline/cli.py`` so that the CLI only has
to call :func:`register` and :func:`evaluate_backend`. Module level imports stay light (no
spaCy, no hanlp) because ``cli.py`` imports this module at start-up.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from ..paths import resolve_model_path

BACKENDS = ("spacy", "hanlp")
DEFAULT_MODELS = {"spacy": "models/ner", "hanlp": "models/hanlp_ner"}


def load_ner_backend(backend: str, model: Path | None) -> Any:
    """The bare char model of ``backend`` (``spacy``: zhkg's CRF, ``hanlp``: HanLP) from
    ``model`` (default: the backend's shipped folder), as used by ``zhkg evaluate``."""
    from ..messages import ModelMissingError

    if backend not in BACKENDS:
        raise ValueError(f"unknown NER backend {backend!r} ({', '.join(BACKENDS)})")
    path = resolve_model_path(model or DEFAULT_MODELS[backend])
    if backend == "hanlp":
        from .hanlp_backend import HanLPCharNER

        return HanLPCharNER.from_disk(path)
    from .model import CharNER

    try:
        return CharNER.from_disk(path)
    except (FileNotFoundError, OSError, ValueError) as err:
        raise ModelMissingError(
            f"NER model missing or unreadable at {path} ({err}): rebuild it with `zhkg train ner`"
        ) from err


def evaluate_backend(
    backend: str, model: Path | None, corpus: Path, fmt: str = "bio"
) -> dict[str, Any]:
    """Scores plus the numbers a backend comparison needs: load time and tagging speed
    (characters per second of ``predict_many`` over the whole corpus, reading excluded)."""
    from ..corpora import SCORED_LABELS, read_ner_corpus
    from ..train.ner import evaluate_sentences

    data = read_ner_corpus(corpus, fmt)
    t0 = time.perf_counter()
    ner = load_ner_backend(backend, model)
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    scores = evaluate_sentences(ner, data, SCORED_LABELS.get(fmt))
    eval_s = time.perf_counter() - t0
    chars = sum(len(text) for text, _ in data)
    scores["speed"] = {
        "backend": backend,
        "load_s": round(load_s, 2),
        "tag_and_score_s": round(eval_s, 2),
        "chars": chars,
        "chars_per_s": round(chars / eval_s) if eval_s else None,
    }
    return scores


def register(train_app: typer.Typer) -> None:
    """Add ``zhkg train hanlp-ner`` to the ``train`` command group."""

    @train_app.command("hanlp-ner")
    def train_hanlp_ner_cmd(
        config: Annotated[Path, typer.Option("--config", "-c")] = Path(
            "configs/train_hanlp_ner.cfg"
        ),
        output: Annotated[
            Path | None, typer.Option("--output", "-o", help="Model dir (default: from config).")
        ] = None,
        sentences: Annotated[
            int | None, typer.Option("--sentences", help="Train on the first N sentences only.")
        ] = None,
        epochs: Annotated[
            int | None, typer.Option("--epochs", help="Epochs (default: from config).")
        ] = None,
    ) -> None:
        """Train the HanLP NER backend (BiLSTM-CRF, CPU) on MSRA; needs zhkg[hanlp]."""
        from ..messages import ModelMissingError, fail

        try:
            from ..train.hanlp_ner import train_hanlp_ner

            result = train_hanlp_ner(config, output, sentences=sentences, epochs=epochs)
        except ModelMissingError as err:
            fail(str(err))
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
