"""Segmenters the tokenizer can use, registered so a config can swap them.

A segmenter is a callable ``str -> list[str]`` over a whitespace-free chunk of simplified
text whose output words concatenate back to the input exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from spacy.util import registry

from ..paths import resolve_model_path

Segmenter = Callable[[str], list[str]]


class ModelMissingError(RuntimeError):
    """A model directory is missing or unreadable; the message says how to rebuild it."""


@registry.misc("zhkg.pkuseg_segmenter.v1")
def make_pkuseg_segmenter(
    model: str, user_dict: str | None = None, default_dict: bool = False
) -> Segmenter:
    """spacy-pkuseg with the model this project trains (``models/segmenter``).

    Given a user dictionary, pkuseg also merges the words of its own bundled dictionary into
    every result; that pass costs a fifth of the segmenter's time and PKU-standard F1
    (models/README.md), so ``default_dict`` leaves it off unless asked for.
    """
    import spacy_pkuseg

    model_dir = resolve_model_path(model)
    missing = [f for f in ("features.msgpack", "weights.npz") if not (model_dir / f).is_file()]
    if missing:  # checked here: pkuseg would print a warning and then fail on model.txt
        raise ModelMissingError(
            f"segmenter model not found at {model_dir} (no {', '.join(missing)}): rebuild it with "
            "`zhkg train segmenter` (or `make train`)"
        )
    dict_path = resolve_model_path(user_dict) if user_dict else None
    try:
        seg = spacy_pkuseg.pkuseg(
            model_name=str(model_dir),
            user_dict=str(dict_path) if dict_path and Path(dict_path).exists() else None,
        )
    except Exception as err:  # noqa: BLE001 - msgpack, numpy and I/O errors: all mean "rebuild"
        detail = " ".join(str(err).split()) or type(err).__name__
        raise ModelMissingError(
            f"segmenter model unreadable at {model_dir} ({type(err).__name__}: {detail}): "
            "rebuild it with `zhkg train segmenter` (or `make train`)"
        ) from err

    if dict_path is not None and not default_dict:
        seg.postprocesser.do_process = False

    def cut(chunk: str) -> list[str]:
        words = seg.cut(chunk)
        return words if "".join(words) == chunk else list(chunk)

    return cut


@registry.misc("zhkg.char_segmenter.v1")
def make_char_segmenter() -> Segmenter:
    """One token per character: needs no model, for tests of other stages and fallbacks."""
    return list
