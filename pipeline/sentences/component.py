"""``zhkg_sentences``: sentence boundaries after Chinese terminal punctuation and line breaks.

spaCy's ``sentencizer`` knows no line breaks; in scraped news a line break always ends a
sentence (titles, captions and list items carry no final punctuation), so we split there too.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

DEFAULT_PUNCT = ["。", "！", "？", "!", "?", "；", ";", "…", "……"]
CLOSERS = "”’」』）)\"'"


class SentenceSplitter:
    def __init__(self, punct_chars: list[str]) -> None:
        self.punct = set(punct_chars)

    def __call__(self, doc: Doc) -> Doc:
        start_next = True
        for tok in doc:
            tok.is_sent_start = start_next
            text = tok.text
            if "\n" in text:
                start_next = True
            elif text in self.punct or (text and text[-1] in self.punct):
                start_next = True
            elif start_next and text and all(c in CLOSERS for c in text) and tok.i > 0:
                # a closing quote right after 。 belongs to the sentence it closes
                tok.is_sent_start = False
                start_next = True
            else:
                start_next = False
        return doc


@Language.factory("zhkg_sentences", default_config={"punct_chars": DEFAULT_PUNCT})
def make_sentence_splitter(nlp: Language, name: str, punct_chars: list[str]) -> SentenceSplitter:
    return SentenceSplitter(punct_chars)
