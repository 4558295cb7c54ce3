"""Segmenters the tokenizer can use, registered so a config can swap them.

A segmenter is a callable ``str -> list[str]`` over a whitespace-free chunk of simplified
text whose output words concatenate back to the input exactly. One that also has
``cut_many(chunks) -> list[list[str]]`` (``BatchSegmenter``) gets all the chunks of a batch
of texts in one call from the tokenizer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from spacy.util import registry

from ..messages import ModelMissingError, error_detail, rebuild_hint
from ..paths import resolve_model_path
from ..saving import FileBacked, Files

if TYPE_CHECKING:
    from .fast_pkuseg import FastPkuseg

Segmenter = Callable[[str], list[str]]
# Latin letters, ASCII and full-width: no word boundary falls between two of them
_LATIN = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") | frozenset(
    chr(c) for r in ((0xFF21, 0xFF3A), (0xFF41, 0xFF5A)) for c in range(r[0], r[1] + 1)
)
# digits and the decimal points between two of them: no boundary inside 55.6 or ２﹒５
_DIGITS = frozenset("0123456789０１２３４５６７８９")
_POINTS = frozenset(".．﹒·")
MODEL_FILES = ("features.msgpack", "weights.npz")  # what the decoders read
USER_DICT_FILE = "user_dict.txt"


class BatchSegmenter(Protocol):
    """A segmenter that can also segment many chunks at once (faster per chunk)."""

    def __call__(self, chunk: str) -> list[str]: ...

    def cut_many(self, chunks: Sequence[str]) -> list[list[str]]: ...


def join_runs(words: list[str]) -> list[str]:
    """``words`` with the pieces of a run of Latin letters (iP|ho|ne -> iPhone, CA|PC|OM ->
    CAPCOM) and of a decimal number (55|.|6亿 -> 55.6亿) joined: the model learnt from
    Chinese text that has few such runs and cuts them anywhere, while the segmentation
    standards (PKU, MSR, AS, CityU) write a Latin word and a decimal number whole."""
    text = "".join(words)
    out: list[str] = []
    pos = 0
    for word in words:
        if not word:
            continue
        a = text[pos - 1] if pos else ""
        b, c = word[0], text[pos + 1 : pos + 2]
        # a boundary between two letters, or on either side of a point between two digits
        if out and (
            (a in _LATIN and b in _LATIN)
            or (a in _DIGITS and b in _POINTS and c in _DIGITS)
            or (a in _POINTS and b in _DIGITS and pos > 1 and text[pos - 2] in _DIGITS)
        ):
            out[-1] += word
        else:
            out.append(word)
        pos += len(word)
    return out


def _model_error(model_dir: Path, problem: str, detail: str) -> ModelMissingError:
    return ModelMissingError(rebuild_hint(problem, model_dir, detail, "zhkg train segmenter"))


def _pkuseg_paths(model: str | Path, user_dict: str | Path | None) -> tuple[Path, str | None]:
    """The model directory (checked: pkuseg would print a warning and then fail on
    model.txt) and the user dictionary, None when not given or absent."""
    model_dir = resolve_model_path(model)
    _check_model(model_dir)
    dict_path = resolve_model_path(user_dict) if user_dict else None
    return model_dir, str(dict_path) if dict_path and Path(dict_path).exists() else None


def _check_model(model_dir: Path) -> None:
    missing = [f for f in MODEL_FILES if not (model_dir / f).is_file()]
    if missing:
        raise _model_error(model_dir, "segmenter model not found", f"no {', '.join(missing)}")


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

    model_dir, dict_path = _pkuseg_paths(model, user_dict)
    try:
        seg = spacy_pkuseg.pkuseg(model_name=str(model_dir), user_dict=dict_path)
    except Exception as err:  # msgpack, numpy and I/O errors: all mean "rebuild"
        raise _model_error(model_dir, "segmenter model unreadable", error_detail(err)) from err

    if dict_path is not None and not default_dict:
        seg.postprocesser.do_process = False

    def cut(chunk: str) -> list[str]:
        words = seg.cut(chunk)
        return join_runs(words) if "".join(words) == chunk else list(chunk)

    return cut


class FastPkusegSegmenter(FileBacked):
    """``zhkg.pkuseg_segmenter.v2``: the pkuseg model decoded by ``fast_pkuseg``'s numpy
    decoder, in batches of chunks. The model and the user dictionary are read on
    ``initialize`` (or first use) and saved with the pipeline (:mod:`pipeline.saving`):
    ``model/`` holds the model's files, ``user_dict.txt`` the dictionary."""

    def __init__(self, model: str | Path, user_dict: str | Path | None, dict_mode: str) -> None:
        self.model_path = model
        self.user_dict_path = user_dict
        self.dict_mode = dict_mode
        self.model: FastPkuseg | None = None

    def sources(self) -> Files:
        model_dir = resolve_model_path(self.model_path)
        dict_path = resolve_model_path(self.user_dict_path) if self.user_dict_path else None
        return {
            "model": model_dir,
            USER_DICT_FILE: dict_path if dict_path is not None and dict_path.exists() else None,
        }

    def read(self, files: Files) -> None:
        from .fast_pkuseg import FastPkuseg

        model_dir = files["model"]
        if model_dir is None:
            raise _model_error(Path("model"), "segmenter model not found", "not saved")
        _check_model(model_dir)
        dict_path = files.get(USER_DICT_FILE)
        try:
            self.model = FastPkuseg(model_dir, str(dict_path) if dict_path else None,
                                    self.dict_mode)  # fmt: skip
        except Exception as err:  # msgpack, numpy and I/O errors: all mean "rebuild"
            raise _model_error(model_dir, "segmenter model unreadable", error_detail(err)) from err

    def __call__(self, chunk: str) -> list[str]:
        return self.cut_many([chunk])[0]

    def cut_many(self, chunks: Sequence[str]) -> list[list[str]]:
        if self.model is None:
            self.ensure_read()
        return [
            join_runs(words) if "".join(words) == chunk else list(chunk)
            for chunk, words in zip(chunks, self.model.cut_many(chunks), strict=True)
        ]


@registry.misc("zhkg.pkuseg_segmenter.v2")
def make_fast_pkuseg_segmenter(
    model: str, user_dict: str | None = None, dict_mode: str = "split"
) -> BatchSegmenter:
    """The pipeline's segmenter: the pkuseg model, 3-4x faster than v1.

    spacy-pkuseg spends most of its time building feature strings per character in Python;
    ``pipeline.segment.fast_pkuseg`` computes the same scores with array operations and
    decodes all chunks of a text together. ``dict_mode = "split"`` is v1 with
    ``default_dict = false`` word for word (tests/test_fast_segmenter.py checks it): user-
    dictionary words are cut out before decoding, as pkuseg does, even where that cuts
    through a word (北京市委 -> 北京市 委). ``"merge"`` decodes clause by clause and then joins
    model words into dictionary words only where the model's boundaries agree with the
    dictionary word's ends, which keeps the model's segmentation standard (see the segmenter
    card in models/README.md). v1 stays as the reference and for pkuseg's default-dictionary
    merge.
    """
    from .fast_pkuseg import check_dict_mode

    return FastPkusegSegmenter(model, user_dict, check_dict_mode(dict_mode))
