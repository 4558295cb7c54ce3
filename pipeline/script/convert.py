"""Traditional→simplified conversion that keeps character offsets.

Every later stage reads the simplified view (models and rules are written for simplified
script) but reports offsets into the original text, so the conversion must never change
the length of the text. OpenCC's t2s is character-for-character for nearly all input; when
a phrase rule would change the length we fall back to converting char by char.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import opencc
from spacy.util import registry

from ..paths import RESOURCES
from ..saving import FileBacked, Files

Converter = Callable[[str], str]
VARIANTS_FILE = "variants.json"


@lru_cache(maxsize=4)
def _opencc(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def length_preserving(convert: Converter) -> Converter:
    """Wrap ``convert`` so that its output always has the input's length."""

    def run(text: str) -> str:
        out = convert(text)
        if len(out) == len(text):
            return out
        chars = []
        for ch in text:
            conv = convert(ch)
            chars.append(conv if len(conv) == 1 else ch)
        return "".join(chars)

    return run


@lru_cache(maxsize=4)
def _variant_table(path: str) -> dict[int, str]:
    import srsly

    return str.maketrans(srsly.read_json(path)["chars"])


class OpenCCConverter(FileBacked):
    """An OpenCC converter (``config``: ``t2s``) followed by a table of variant characters
    OpenCC leaves alone (陜 → 陕), always preserving the text's length. The table is a file
    (``variants.json``): it is read on first use (or ``initialize``) and saved with the
    pipeline (:mod:`pipeline.saving`)."""

    def __init__(self, config: str = "t2s", variants: str | Path | None = None) -> None:
        self.config = config
        self.variants = Path(variants) if variants else None
        self._convert: Converter | None = None

    def sources(self) -> Files:
        return {VARIANTS_FILE: self.variants}

    def read(self, files: Files) -> None:
        config, path = self.config, files.get(VARIANTS_FILE)
        convert = _opencc(config).convert
        if path is not None:
            table = _variant_table(str(path))

            def convert_all(text: str) -> str:
                return _opencc(config).convert(text).translate(table)

            convert = convert_all
        self._convert = length_preserving(convert)

    def __call__(self, text: str) -> str:
        if self._convert is None:
            self.ensure_read()
        return self._convert(text)  # type: ignore[misc]


@registry.misc("zhkg.opencc_converter.v1")
def make_opencc_converter(config: str = "t2s", variants: str | None = "default") -> Converter:
    """An OpenCC converter (``t2s`` by default) guaranteed to preserve text length.

    ``variants`` names a JSON table of variant characters OpenCC leaves alone (陜 → 陕);
    ``"default"`` is the packaged one, ``None`` turns it off.
    """
    path = RESOURCES / "script" / VARIANTS_FILE if variants == "default" else variants
    return OpenCCConverter(config, path)


def detect_script(text: str, simplified: str, threshold: float = 0.02) -> str:
    """``"traditional"`` when enough Han characters change under t2s conversion.

    A few characters differ even in simplified text (variants, names), hence a ratio
    rather than any difference at all.
    """
    if threshold > 0 and text == simplified:  # nothing changed: no share reaches it
        return "simplified"
    han = changed = 0
    for a, b in zip(text, simplified, strict=False):
        if "\u4e00" <= a <= "\u9fff":
            han += 1
            if a != b:
                changed += 1
    if han == 0:
        return "simplified"
    return "traditional" if changed / han >= threshold else "simplified"
