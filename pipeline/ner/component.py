"""``zhkg_ner``: the trained character-level NER model plus the gazetteer, merged.

The statistical model finds PERSON, ORG and places (MSRA style: one LOC label for every
place); the gazetteer of administrative divisions finds and links GPEs with their GB/T 2260
code and parent chain. Merging rules, in order:
1. an ORG or PERSON from the model wins over a gazetteer place inside it (陕西移动 ⊃ 陕西);
2. a model place that the gazetteer splits into several areas becomes those areas
   (四川盐源县 → 四川 + 盐源县, as MSRA/OntoNotes annotators tag it);
3. a model place becomes GPE when the gazetteer knows it, it is a country, or it ends with an
   administrative suffix (村, 乡, 县 ...); else LOC;
4. gazetteer places the model missed are added.
Only the main content (``doc._.content_ranges``) is tagged: boilerplate yields no entities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import srsly
from spacy.language import Language
from spacy.tokens import Doc

from .. import extensions  # noqa: F401
from ..gazetteer.gazetteer import Gazetteer
from ..paths import RESOURCES, resolve_model_path
from ..segment.segmenters import ModelMissingError
from ..tokens import ensure_boundaries
from .model import CharNER

_LINES = re.compile(r"[^\n]+")


@dataclass
class _Ent:
    start: int
    end: int
    label: str
    code: str | None = None


class PlaceRules:
    """GPE-versus-LOC decisions, from ``resources/places/places.json``."""

    def __init__(self, path: Path | None = None) -> None:
        data = srsly.read_json(path or RESOURCES / "places" / "places.json")
        self.gpe_suffixes = tuple(sorted(data["gpe_suffixes"], key=len, reverse=True))
        self.loc_suffixes = tuple(data["loc_suffixes"])
        self.countries = set(data["countries"])
        self.regions = set(data["continents_regions"])
        self.min_length = int(data["min_length"])

    def label(self, name: str, linked: bool) -> str:
        if name in self.regions:
            return "LOC"
        if linked or name in self.countries:
            return "GPE"
        if name.endswith(self.gpe_suffixes) and len(name) > 1:
            return "GPE"
        return "LOC"


class EntityRecognizer:
    def __init__(self, model: CharNER, gazetteer: Gazetteer | None, rules: PlaceRules) -> None:
        self.model = model
        self.gazetteer = gazetteer
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        text = doc._.simplified or doc.text
        ranges = doc._.content_ranges or [(0, len(text))]
        chunks = [
            (a + m.start(), text[a + m.start() : a + m.end()])
            for a, b in ranges
            for m in _LINES.finditer(text[a:b])
        ]
        found: list[_Ent] = []
        predictions = self.model.predict_many([c for _, c in chunks])
        for (offset, chunk), preds in zip(chunks, predictions, strict=True):
            places = self.gazetteer.find(chunk) if self.gazetteer else []
            found.extend(self._merge(offset, chunk, preds, places))
        found = self._link(text, found)
        ensure_boundaries(doc, [o for e in found for o in (e.start, e.end)])
        spans = []
        for e in found:
            span = doc.char_span(e.start, e.end, label=e.label)
            if span is None:
                continue
            if e.code and self.gazetteer:
                area = self.gazetteer.area(e.code)
                span._.code = e.code
                span._.canonical = area.name if area else None
                span._.parents = [
                    {"name": p.name, "code": p.code} for p in self.gazetteer.chain(e.code)
                ]
            spans.append(span)
        doc.ents = spans
        return doc

    def _merge(self, offset: int, chunk: str, preds, places) -> list[_Ent]:  # noqa: ANN001
        ents: list[_Ent] = []
        taken = [False] * len(chunk)
        # 1. ORG and PERSON from the model
        for s, e, label in preds:
            if label in ("ORG", "PERSON") and e - s >= self.rules.min_length:
                ents.append(_Ent(s, e, label))
                for i in range(s, e):
                    taken[i] = True
        # 2./3. model places, split by the gazetteer where it sees several areas
        for s, e, label in preds:
            if label in ("ORG", "PERSON") or any(taken[s:e]):
                continue
            inside = [p for p in places if s <= p.start and p.end <= e]
            if len(inside) > 1 or (inside and (inside[0].start, inside[0].end) == (s, e)):
                for p in inside:
                    ents.append(_Ent(p.start, p.end, "GPE", p.area))
            elif e - s >= self.rules.min_length:
                name = chunk[s:e]
                ents.append(_Ent(s, e, self.rules.label(name, False)))
            else:
                continue
            for i in range(s, e):
                taken[i] = True
        # 4. gazetteer places the model did not cover
        for p in places:
            if not any(taken[p.start : p.end]):
                ents.append(_Ent(p.start, p.end, "GPE", p.area))
                for i in range(p.start, p.end):
                    taken[i] = True
        for ent in ents:
            ent.start += offset
            ent.end += offset
        return sorted(ents, key=lambda x: x.start)

    def _link(self, text: str, ents: list[_Ent]) -> list[_Ent]:
        """Link unlinked GPEs by name, using the document's other places as context."""
        if not self.gazetteer:
            return ents
        context = [e.code for e in ents if e.code]
        for ent in ents:
            if ent.label == "GPE" and not ent.code:
                area = self.gazetteer.link(text[ent.start : ent.end], context)
                if area:
                    ent.code = area.code
        return ents


@Language.factory(
    "zhkg_ner",
    default_config={"model": "models/ner", "gazetteer": True, "place_rules": None},
)
def make_entity_recognizer(
    nlp: Language, name: str, model: str, gazetteer: bool, place_rules: str | None
) -> EntityRecognizer:
    model_dir = resolve_model_path(model)
    try:
        ner = CharNER.from_disk(model_dir)
    except (FileNotFoundError, OSError, ValueError) as err:
        raise ModelMissingError(
            f"NER model missing or unreadable at {model_dir} ({err}): rebuild it with "
            "`zhkg train ner` (or `make train`)"
        ) from err
    gaz = Gazetteer.load() if gazetteer else None
    rules = PlaceRules(Path(place_rules) if place_rules else None)
    return EntityRecognizer(ner, gaz, rules)
