"""``zhkg_relations``: quantity statements into ``doc._.statements``."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .. import extensions  # noqa: F401
from ..tokens import ensure_boundaries
from .matcher import RelationMatcher
from .rules import RelationRules


class RelationComponent:
    """Runs the matcher; platform names it finds become ORG entities in ``doc.ents``."""

    def __init__(self, rules: RelationRules) -> None:
        self.matcher = RelationMatcher(rules)

    def __call__(self, doc: Doc) -> Doc:
        mentions, statements = self.matcher(doc)
        new = [m for m in mentions if m.platform]
        if new:
            ensure_boundaries(doc, [o for m in new for o in (m.start, m.end)])
            keep = [
                e
                for e in doc.ents
                if not any(m.start <= e.start_char and e.end_char <= m.end for m in new)
            ]
            spans = keep + [doc.char_span(m.start, m.end, label="ORG") for m in new]
            doc.ents = sorted((s for s in spans if s is not None), key=lambda s: s.start)
        doc._.statements = statements
        return doc


@Language.factory(
    "zhkg_relations",
    default_config={"rules": "configs/relations.json", "weights": None},
    assigns=["doc._.statements", "doc.ents"],
    requires=["doc.ents", "doc.spans", "token.is_sent_start"],
)
def make_relation_component(
    nlp: Language, name: str, rules: str, weights: str | None
) -> RelationComponent:
    """``weights``: a JSON file of subject-scorer weights learned by ``zhkg train subjects``;
    ``null`` keeps the hand-set weights of the rules file."""
    return RelationComponent(RelationRules.load(rules, weights))
