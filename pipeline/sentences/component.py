"""``zhkg_sentences``: sentence boundaries after Chinese terminal punctuation and line breaks.

spaCy's ``sentencizer`` knows no line breaks; in scraped news a line break always ends a
sentence (titles, captions and list items carry no final punctuation), so we split there too.
A run of text without either (a scraped table, a page that lost its punctuation) is cut into
sentences of about ``max_chars`` characters: the relation stage reads each quantity's
sentence, and a sentence of 50,000 characters made it quadratic (6,800 characters a second).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy
import srsly
from spacy.attrs import IDX, LENGTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import original_text
from ..punctuation import CLAUSE_DELIMITERS, ELLIPSES, ENUMERATION_COMMA, SEMICOLONS, SENTENCE_END

DEFAULT_PUNCT = [*SENTENCE_END, *SEMICOLONS, *ELLIPSES]
CLOSERS = "”’」』）)\"'"
_CLAUSE_MARKS = set(CLAUSE_DELIMITERS + ENUMERATION_COMMA)


PUNCT_FILE = "punct_chars.json"


class SentenceSplitter:
    """Sets ``token.is_sent_start``: a sentence ends at a line break and after a token that
    is or ends with one of ``punct_chars`` (closing quotes stay with the sentence they close).
    Past ``max_chars`` characters it also ends after a clause mark (，、：), and at twice that
    after any token: the longest sentence of 60,000 in the silver texts of news has 961.

    ``nlp.to_disk`` saves ``punct_chars`` in the component's folder and ``spacy.load``
    reads them back.
    """

    def __init__(self, punct_chars: list[str], max_chars: int = 1000) -> None:
        self.punct = set(punct_chars)
        self.max_chars = max_chars

    def __call__(self, doc: Doc) -> Doc:
        # Written through an array: setting ``token.is_sent_start`` one by one makes spaCy
        # re-check the whole document's annotation on every token. Token texts are sliced
        # from the text by offset, which is cheaper than making a Token object for each.
        # The flags are gathered in a list and made an array once: numpy item assignment
        # per token cost more than the loop itself.
        # the simplified view, where Taiwan's and Hong Kong's small and vertical punctuation
        # (﹖, ﹔) reads as the ordinary marks (resources/script/variants.json)
        text = original_text(doc)
        simplified = doc._.simplified
        if simplified is not None and len(simplified) == len(text):
            text = simplified
        bounds = doc.to_array([IDX, LENGTH]).tolist()
        starts: list[int] = []
        start_next = True
        sentence = 0  # where the current sentence begins
        for i, (begin, length) in enumerate(bounds):
            tok = text[begin : begin + length]
            starts.append(1 if start_next else -1)
            if start_next:
                sentence = begin
            reach = begin + length - sentence
            if "\n" in tok:
                start_next = True
            elif tok in self.punct or (tok and tok[-1] in self.punct):
                start_next = True
            elif start_next and tok and i > 0 and all(c in CLOSERS for c in tok):
                # a closing quote right after 。 belongs to the sentence it closes
                starts[i] = -1
                start_next = True
            elif reach >= self.max_chars and (tok in _CLAUSE_MARKS or reach >= 2 * self.max_chars):
                start_next = True  # no sentence of news runs this long
            else:
                start_next = False
        if len(doc):
            flags = numpy.array(starts, dtype="int64").reshape(len(doc), 1)
            doc.from_array([SENT_START], flags.astype("uint64"))
        return doc


    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / PUNCT_FILE, sorted(self.punct))

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> SentenceSplitter:
        self.punct = set(srsly.read_json(Path(path) / PUNCT_FILE))
        return self


@Language.factory(
    "zhkg_sentences",
    default_config={"punct_chars": DEFAULT_PUNCT, "max_chars": 1000},
    assigns=["token.is_sent_start", "doc.sents"],
)
def make_sentence_splitter(
    nlp: Language, name: str, punct_chars: list[str], max_chars: int
) -> SentenceSplitter:
    return SentenceSplitter(punct_chars, max_chars)
