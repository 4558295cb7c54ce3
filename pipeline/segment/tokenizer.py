"""The zhkg tokenizer: segment the simplified view, emit tokens of the original text.

spaCy runs the tokenizer before any component, so this is where the simplified view is
first computed; it is stored in ``doc._.simplified`` for the later stages. Whitespace runs
become their own tokens so that ``doc.text`` is the input, character for character (a lone
surrogate, which no UTF-8 string can hold, reads as U+FFFD).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

from ..batching import char_batches
from ..extensions import set_original_text
from ..punctuation import full_width_marks
from ..saving import FileBackedParts
from ..script.convert import Converter
from ..script.invisible import replace_surrogates
from .segmenters import Segmenter

_CHUNKS = re.compile(r"\s+|\S+")


class ZhkgTokenizer(FileBackedParts):
    """Callable ``text -> Doc`` built from a converter and a segmenter. ``nlp.to_disk``
    saves the files they read (the segmenter model, the variant table) in
    ``tokenizer/segmenter/`` and ``tokenizer/converter/``; their settings live in the
    config."""

    def __init__(self, vocab: Vocab, converter: Converter, segmenter: Segmenter) -> None:
        self.vocab = vocab
        self.converter = converter
        self.segmenter = segmenter

    def __call__(self, text: str) -> Doc:
        return next(self.pipe([text]))

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        """Docs for ``texts``, the chunks of a whole batch segmented in one call: a batch
        segmenter decodes many chunks together, so short texts cost no more per character
        than long ones."""
        cut_many = getattr(self.segmenter, "cut_many", None)  # a BatchSegmenter: one call
        # a lone surrogate (a JSON escape, "\ud800") fits no string spaCy or OpenCC can store
        for batch in char_batches(map(replace_surrogates, texts), batch_size):
            views = [self.converter(text) for text in batch]
            spans = [[m.span() for m in _CHUNKS.finditer(view)] for view in views]
            # ASCII marks read as full-width, as the segmenter's training text has them
            segmented_views = [full_width_marks(view) for view in views]
            chunks = [
                view[a:b]
                for text, view, text_spans in zip(batch, segmented_views, spans, strict=True)
                for a, b in text_spans
                if not text[a].isspace()
            ]
            segmented = iter(cut_many(chunks) if cut_many else map(self.segmenter, chunks))
            for text, view, text_spans in zip(batch, views, spans, strict=True):
                yield self._doc(text, view, text_spans, segmented)

    def _doc(
        self, text: str, simplified: str, spans: list[tuple[int, int]], segmented: Iterator
    ) -> Doc:
        """The Doc of ``text``: whitespace runs as tokens, the words of each other chunk
        (next in ``segmented``) cut from the original text."""
        words: list[str] = []
        for start, end in spans:
            if text[start].isspace():
                words.append(text[start:end])
                continue
            pos = start
            for w in next(segmented):
                words.append(text[pos : pos + len(w)])
                pos += len(w)
        doc = Doc(self.vocab, words=words, spaces=[False] * len(words))
        doc._.simplified = simplified
        set_original_text(doc, text)
        return doc

    def parts(self) -> dict[str, object]:
        return {"converter": self.converter, "segmenter": self.segmenter}

    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> ZhkgTokenizer:
        return self


@registry.tokenizers("zhkg.Tokenizer.v1")
def create_tokenizer(converter: Converter, segmenter: Segmenter):
    """Config entry point: ``[nlp.tokenizer] @tokenizers = "zhkg.Tokenizer.v1"``."""

    def make(nlp) -> ZhkgTokenizer:
        return ZhkgTokenizer(nlp.vocab, converter, segmenter)

    return make
