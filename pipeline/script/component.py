"""``zhkg_script``: sets the simplified view, each token's norm and the document's script."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .. import extensions  # noqa: F401  (registers the Doc attributes)
from ..extensions import original_text
from ..saving import FileBackedParts
from .convert import Converter, detect_script, make_opencc_converter


class ScriptNormalizer(FileBackedParts):
    """Write simplified forms as ``token.norm_``; ``doc.text`` stays the original.

    The tokenizer already computes the simplified view for segmentation and stores it in
    ``doc._.simplified``; this stage reuses it rather than converting twice. ``nlp.to_disk``
    saves the converter's variant table in ``script/converter/``.
    """

    def __init__(self, converter: Converter, threshold: float) -> None:
        self.converter = converter
        self.threshold = threshold

    def parts(self) -> dict[str, object]:
        return {"converter": self.converter}

    def __call__(self, doc: Doc) -> Doc:
        ext = doc._  # one accessor object: spaCy makes a new one at each ``doc._``
        text = original_text(doc)
        simplified = ext.simplified
        if simplified is None or len(simplified) != len(text):
            simplified = self.converter(text)
            ext.simplified = simplified
        ext.script = detect_script(text, simplified, self.threshold)
        if simplified != text:
            for tok in doc:
                norm = simplified[tok.idx : tok.idx + len(tok.text)]
                if norm != tok.text:
                    tok.norm_ = norm
        return doc


@Language.factory(
    "zhkg_script",
    default_config={
        "converter": {"@misc": "zhkg.opencc_converter.v1", "config": "t2s"},
        "threshold": 0.02,
    },
    assigns=["token.norm", "doc._.simplified", "doc._.script"],
)
def make_script_normalizer(
    nlp: Language, name: str, converter: Converter, threshold: float
) -> ScriptNormalizer:
    return ScriptNormalizer(converter, threshold)


__all__ = ["ScriptNormalizer", "make_script_normalizer", "make_opencc_converter"]
