"""``zhkg_relations``: quantity statements into ``doc._.statements``."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .. import extensions  # noqa: F401
from .matcher import RelationMatcher
from .rules import RelationRules


class RelationComponent:
    """Runs the matcher: every quantity statement of the document into ``doc._.statements``."""

    def __init__(self, rules: RelationRules) -> None:
        self.matcher = RelationMatcher(rules)

    def __call__(self, doc: Doc) -> Doc:
        doc._.statements = self.matcher(doc)
        return doc


@Language.factory(
    "zhkg_relations",
    default_config={"rules": "configs/relations.json", "weights": None},
    assigns=["doc._.statements"],
    requires=["doc.ents", "doc.spans", "token.is_sent_start"],
)
def make_relation_component(
    nlp: Language, name: str, rules: str, weights: str | None
) -> RelationComponent:
    """``weights``: a JSON file of subject-scorer weights learned by ``zhkg train subjects``;
    ``null`` keeps the hand-set weights of the rules file."""
    return RelationComponent(RelationRules.load(rules, weights))
