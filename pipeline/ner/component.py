"""``zhkg_ner``: the trained character-level NER model plus the gazetteer, merged.

The model (the CRF of ``models/ner``, or any backend with ``predict_groups``: the HanLP one)
tags the lines of each document's main content (``doc._.content_ranges``: boilerplate yields
no entities), in batches; the gazetteer finds the administrative places of each line; the
post-model rules (:mod:`pipeline.ner.merger`) merge the two into ``doc.ents``, GPEs linked
to their GB/T 2260 code and parent chain (``span._.code``, ``span._.parents``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from .. import extensions  # noqa: F401
from ..batching import char_batches
from ..extensions import original_text
from ..gazetteer.gazetteer import RESOURCE_DIR as GAZETTEER_DIR
from ..gazetteer.gazetteer import Gazetteer
from ..messages import ModelMissingError, error_detail, rebuild_hint
from ..paths import PLACES_FILE, resolve_model_path
from ..punctuation import SEMICOLONS, SENTENCE_END
from ..saving import FileBacked, Files
from ..tokens import ensure_boundaries, is_word, word_at
from .merger import EntityMerger
from .model import CharNER
from .rules import (
    BARE_HEADS_FILE,
    CORPUS_ORGS_FILE,
    COUNTRIES_ADDED_FILE,
    COUNTRIES_FILE,
    COUNTRY_FORMS_FILE,
    ENTITY_RULES_FILE,
    LANDMARKS_FILE,
    NAME_TAILS_FILE,
    ORG_SUFFIXES_FILE,
    RULES,
    SHORT_ORGS_FILE,
    TRADITIONAL_ORGS_FILE,
    Ent,
    EntityRules,
    PlaceRules,
    read_list,
)

_LINES = re.compile(r"[^\n]+")
# The merging rules compare every model span with every place in a chunk, so a chunk must stay
# short: a line longer than this (never in news; a 20 MB file without line breaks is) is cut
# at its last sentence end before the limit, or at the limit when it has none.
MAX_CHUNK = 2000
_SENTENCE_END = re.compile("[" + re.escape(SENTENCE_END + SEMICOLONS) + "]")
ORGS_LIST = "lexicons/o.txt"  # in the model folder: the names the known_orgs rule finds
COMMON_WORDS = "lexicons/w.txt"  # in the model folder: the words list_members takes for no name
SURNAMES = "lexicons/sn.txt"  # in the model folder: surnames by frequency, which rosters reads


def split_long(
    text: str, max_len: int, breaks: re.Pattern = _SENTENCE_END, min_cut: int | None = None
) -> Iterator[tuple[int, str]]:
    """``(offset, piece)`` for ``text`` cut into pieces of at most ``max_len`` characters,
    each after its last one-character ``breaks`` match lying past ``min_cut`` characters
    (default: half of ``max_len``), else at ``max_len``. Text that fits is one piece."""
    min_cut = max_len // 2 if min_cut is None else min_cut
    start = 0
    while len(text) - start > max_len:
        cut = start + max_len
        ends = [m.end() for m in breaks.finditer(text, start + min_cut, cut)]
        cut = ends[-1] if ends else cut
        yield start, text[start:cut]
        start = cut
    if start < len(text):
        yield start, text[start:]


def _abbreviated_places(text: str, found: list[Ent]) -> dict[int, str]:
    """Start -> full name of each unlinked one-character place whose document names exactly
    one unlinked place beginning with it (美 of 中美 with 美国 named, 以 with 以色列): the same
    place, one node of the graph. Linked ones (川, 港) have the gazetteer's name already."""
    full: dict[str, set[str]] = {}
    for e in found:
        if e.label == "GPE" and e.end - e.start > 1 and e.code is None:
            full.setdefault(text[e.start], set()).add(text[e.start : e.end])
    return {
        e.start: next(iter(names))
        for e in found
        if e.label == "GPE" and e.end - e.start == 1 and e.code is None
        and len(names := full.get(text[e.start], ())) == 1
    }


def load_char_ner(model_dir: Path) -> CharNER:
    """The CRF model of ``model_dir``; any failure says how to rebuild it."""
    try:
        return CharNER.from_disk(model_dir)
    except Exception as err:  # JSON, zip, numpy, key errors: all mean "rebuild"
        raise ModelMissingError(
            rebuild_hint(
                "NER model missing or unreadable", model_dir, error_detail(err), "zhkg train ner"
            )
        ) from err


class EntityRecognizer(FileBacked):
    """The recognizer around any char model with ``predict_groups`` (``load_model``: the CRF's
    or the HanLP backend's), so that every backend gets the same gazetteer merging and
    post-processing.

    Its files (the model folder, the gazetteer, the word lists and rules) are read by
    ``initialize`` or on first use, or from a saved pipeline, which holds copies of them
    (:mod:`pipeline.saving`): ``model/``, ``gazetteer/``, ``places.json``, ``countries.txt``,
    ``countries_added.txt``, ``country_forms.json``, ``landmarks.txt``, ``entity_rules.json``,
    ``org_suffixes.txt``, ``bare_heads.txt``, ``traditional_orgs.txt``, ``name_tails.json``,
    ``corpus_orgs.txt``, ``short_orgs.txt``.
    ``orgs_list``: the file in the model folder naming the organisations the ``known_orgs``
    rule finds (``None``: none); ``common_words``: the file there of the training corpus's
    common words, which the ``list_members`` rule never makes a name (``None``: the rule adds
    nothing).
    """

    model: Any  # CharNER, or the HanLP backend's model
    gazetteer: Gazetteer | None
    merger: EntityMerger  # the post-model rules, with the gazetteer

    def __init__(
        self,
        model: str | Path,
        load_model: Callable[[Path], Any] = load_char_ner,
        gazetteer: bool = True,
        place_rules: str | Path | None = None,
        off_rules: Iterable[str] = (),
        rules_on: Iterable[str] | None = None,
        orgs_list: str | None = ORGS_LIST,
        common_words: str | None = COMMON_WORDS,
    ) -> None:
        self.model_path = model
        self.load_model = load_model
        self.use_gazetteer = gazetteer
        self.place_rules = Path(place_rules) if place_rules else None
        self.orgs_list = orgs_list
        self.common_words = common_words
        self.off = set(off_rules)
        self.rules_on = None if rules_on is None else frozenset(rules_on)
        unknown = (self.off | (self.rules_on or set())) - set(RULES)
        if unknown:
            raise ValueError(f"rules: unknown {sorted(unknown)}; known: {', '.join(RULES)}")

    def sources(self) -> Files:
        return {
            "model": resolve_model_path(self.model_path),
            "gazetteer": GAZETTEER_DIR if self.use_gazetteer else None,
            "places.json": self.place_rules or PLACES_FILE,
            "countries.txt": COUNTRIES_FILE,
            "countries_added.txt": COUNTRIES_ADDED_FILE,
            "country_forms.json": COUNTRY_FORMS_FILE,
            "landmarks.txt": LANDMARKS_FILE,
            "entity_rules.json": ENTITY_RULES_FILE,
            "org_suffixes.txt": ORG_SUFFIXES_FILE,
            "bare_heads.txt": BARE_HEADS_FILE,
            "traditional_orgs.txt": TRADITIONAL_ORGS_FILE,
            "name_tails.json": NAME_TAILS_FILE,
            "corpus_orgs.txt": CORPUS_ORGS_FILE,
            "short_orgs.txt": SHORT_ORGS_FILE,
        }

    def read(self, files: Files) -> None:
        model_dir = files["model"]
        if model_dir is None:
            raise ModelMissingError("NER model missing: the saved pipeline has no ner/model")
        self.model = self.load_model(model_dir)
        orgs = read_list(model_dir / self.orgs_list) if self.orgs_list else []
        common = read_list(model_dir / self.common_words) if self.common_words else []
        surnames = read_list(model_dir / SURNAMES)
        self.gazetteer = Gazetteer.load(files.get("gazetteer")) if self.use_gazetteer else None
        places = PlaceRules(
            files.get("places.json"),
            files.get("countries.txt"),
            files.get("landmarks.txt"),
            files.get("countries_added.txt"),
            files.get("country_forms.json"),
        )
        entity_rules = EntityRules(
            files.get("entity_rules.json"),
            orgs,
            files.get("org_suffixes.txt"),
            files.get("bare_heads.txt"),
            files.get("traditional_orgs.txt"),
            files.get("name_tails.json"),
            files.get("corpus_orgs.txt"),
            common,
            files.get("short_orgs.txt"),
            surnames,
        )
        on = entity_rules.rules if self.rules_on is None else self.rules_on
        self.merger = EntityMerger(self.gazetteer, places, entity_rules, on - self.off)

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        """The docs of each batch tagged by the model together (``predict_groups``: exactly
        the result of each alone), so that short documents share its array operations."""
        self.ensure_read()
        for batch in char_batches(docs, batch_size, lambda doc: len(original_text(doc))):
            contents = [self._content(doc) for doc in batch]
            chunks = [self._chunks(text, ranges) for text, ranges in contents]
            groups = [[c for _, c in doc_chunks] for doc_chunks in chunks]
            predictions = self.model.predict_groups(groups)
            for doc, content, doc_chunks, preds in zip(
                batch, contents, chunks, predictions, strict=True
            ):
                yield self._annotate(doc, doc_chunks, preds, *content)

    @staticmethod
    def _content(doc: Doc) -> tuple[str, list[tuple[int, int]]]:
        """The text tagged (the simplified view) and its main-content ranges, read once per
        document: each ``doc._`` read makes a new accessor object."""
        ext = doc._
        text = ext.simplified or original_text(doc)
        return text, ext.content_ranges or [(0, len(text))]

    @staticmethod
    def _chunks(text: str, ranges: list[tuple[int, int]]) -> list[tuple[int, str]]:
        """``(offset, text)`` of the lines of the main content, long ones cut."""
        chunks = []
        for a, b in ranges:
            part = text[a:b]
            if len(part) <= MAX_CHUNK and "\n" not in part:  # one line (a title, a sentence)
                if part:
                    chunks.append((a, part))
                continue
            chunks += [
                (a + m.start() + off, piece)
                for m in _LINES.finditer(part)
                for off, piece in split_long(m.group(), MAX_CHUNK)
            ]
        return chunks

    def _annotate(
        self,
        doc: Doc,
        chunks: list[tuple[int, str]],
        predictions: list,
        text: str,
        ranges: list[tuple[int, int]],
    ) -> Doc:
        find = self.gazetteer.find if self.gazetteer else None
        found: list[Ent] = []
        words = partial(is_word, doc)  # the segmenter's words, read before any split below
        for (offset, chunk), preds in zip(chunks, predictions, strict=True):
            places = find(chunk) if find else []
            found.extend(self.merger.chunk_entities(offset, chunk, preds, places, words))
        found = self.merger.document_entities(doc, text, ranges, found)
        # a one-character place inside a word of the segmenter (台|商, 京|郊; not 全|港, the
        # whole place), or right after a verb of going (来|京, 赴|美): the destination inside
        # a verb phrase, either way
        erules = self.merger.erules
        in_word = {e.start for e in found
                   if e.end - e.start == 1 and e.label in ("GPE", "LOC")
                   and ((not words(e.start, e.end) and not self._whole_place(doc, e.start))
                        or text[e.start - 1 : e.start] in erules.motion_verbs)}
        ensure_boundaries(doc, [o for e in found for o in (e.start, e.end)])
        expanded = _abbreviated_places(text, found)
        spans = []
        for e in found:
            span = doc.char_span(e.start, e.end, label=e.label)
            if span is None:
                continue
            if e.start in in_word:
                span._.in_word = True
            if e.code and find:
                area = self.gazetteer.area(e.code)
                ext = span._
                ext.code = e.code
                ext.canonical = area.name if area else None
                ext.parents = [
                    {"name": p.name, "code": p.code} for p in self.gazetteer.chain(e.code)
                ]
            elif e.canonical or e.start in expanded:
                span._.canonical = e.canonical or expanded[e.start]
            spans.append(span)
        # rules that overlap where none was foreseen keep the longer name, rather than the
        # document losing every entity to spaCy's error
        doc.ents = filter_spans(spans)
        return doc

    def _whole_place(self, doc: Doc, pos: int) -> bool:
        """The one-character place at ``pos`` ends a word of the segmenter whose other
        characters are determiners of a whole place (全|港, 本|港): the word names the place."""
        token = word_at(doc, pos)
        return (token is not None and token.end_char == pos + 1 and token.start_char < pos
                and all(c in self.merger.erules.whole_place_words for c in token.text[:-1]))


@Language.factory(
    "zhkg_ner",
    default_config={
        "model": "models/ner",
        "gazetteer": True,
        "place_rules": None,
        "rules": None,
        "off_rules": [],
    },
    assigns=["doc.ents", "span._.code", "span._.parents", "span._.canonical", "span._.in_word"],
    requires=["doc._.content_ranges"],
)
def make_entity_recognizer(
    nlp: Language,
    name: str,
    model: str,
    gazetteer: bool,
    place_rules: str | None,
    rules: list[str] | None,
    off_rules: list[str],
) -> EntityRecognizer:
    """``rules``: the post-model rules applied (null: the list in entity_rules.json);
    ``off_rules``: rules left out of that list (``RULES`` names them all). Nothing is read
    here: see :class:`EntityRecognizer`."""
    return EntityRecognizer(model, load_char_ner, gazetteer, place_rules, off_rules, rules)
