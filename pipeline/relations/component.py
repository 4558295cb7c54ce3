"""``zhkg_relations``: quantity statements into ``doc._.statements``."""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from .. import extensions  # noqa: F401
from ..paths import resolve_model_path
from ..saving import FileBacked, Files
from .matcher import RelationMatcher
from .rules import RelationRules

RULES_FILE = "relations.json"  # the names of the copies in a saved pipeline
WEIGHTS_FILE = "weights.json"


class RelationComponent(FileBacked):
    """Runs the matcher: every quantity statement of the document into ``doc._.statements``.

    The rules file (``rules``) and the learned weights (``weights``, optional) are read by
    ``initialize`` or on first use, or from the copies a saved pipeline holds in
    ``relations/`` (:mod:`pipeline.saving`)."""

    matcher: RelationMatcher

    def __init__(self, rules: str | Path, weights: str | Path | None = None) -> None:
        self.rules_path = rules
        self.weights_path = weights

    def sources(self) -> Files:
        weights = resolve_model_path(self.weights_path) if self.weights_path else None
        return {RULES_FILE: resolve_model_path(self.rules_path), WEIGHTS_FILE: weights}

    def read(self, files: Files) -> None:
        rules = files.get(RULES_FILE)
        if rules is None:
            raise FileNotFoundError(f"relation rules missing: no {RULES_FILE} was saved")
        self.matcher = RelationMatcher(RelationRules.load(rules, files.get(WEIGHTS_FILE)))

    def __call__(self, doc: Doc) -> Doc:
        self.ensure_read()
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
    return RelationComponent(rules, weights)
