"""``zhkg_boilerplate``: marks the main content (title + body), the headline and the date.

Runs first so that every later stage can skip navigation, widgets and related-news lists
(see :func:`pipeline.extensions.in_ranges`). It reads ``doc.text`` and, when the tokenizer
has set it, the same-length simplified view, so marker words match in either script.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language
from spacy.tokens import Doc

from .. import extensions  # noqa: F401  (registers the Doc attributes)
from ..extensions import original_text
from ..paths import project_root
from .detector import BoilerplateRules, default_rules, find_content


def load_rules(rules: str | Path | dict[str, Any] | None) -> BoilerplateRules:
    """Rules from ``None`` (shipped defaults), a dict, or a JSON path (relative paths are
    taken from the working directory, then from the project root)."""
    if rules is None:
        return default_rules()
    if isinstance(rules, dict):
        return BoilerplateRules.from_dict(rules)
    path = Path(rules)
    if not path.is_absolute() and not path.exists():
        path = project_root() / path
    with open(path, encoding="utf-8") as fh:
        return BoilerplateRules.from_dict(json.load(fh))


RULES_FILE = "rules.json"


class BoilerplateDetector:
    """Sets ``doc._.content_ranges``, ``doc._.title`` and ``doc._.date`` from line-level
    rules (``boilerplate.json``), so that every later stage skips navigation and widgets.

    The rules travel with the pipeline: ``nlp.to_disk`` writes them to ``rules.json`` in the
    component's folder and ``spacy.load`` reads them back, so a saved pipeline needs neither
    the checkout nor the rules file it was built from.
    """

    def __init__(self, rules: BoilerplateRules) -> None:
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        ext = doc._  # one accessor object: spaCy makes a new one at each ``doc._``
        text = original_text(doc)
        simplified = ext.simplified
        view = simplified if simplified and len(simplified) == len(text) else None
        info = find_content(text, self.rules, view=view)
        ext.content_ranges = info.ranges
        ext.title = info.title
        ext.date = info.date
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / RULES_FILE, self.rules.data)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> BoilerplateDetector:
        self.rules = BoilerplateRules.from_dict(srsly.read_json(Path(path) / RULES_FILE))
        return self


@Language.factory(
    "zhkg_boilerplate",
    default_config={"rules": None},
    assigns=["doc._.content_ranges", "doc._.title", "doc._.date"],
)
def make_boilerplate_detector(
    nlp: Language, name: str, rules: str | dict[str, Any] | None
) -> BoilerplateDetector:
    return BoilerplateDetector(load_rules(rules))


__all__ = ["BoilerplateDetector", "load_rules", "make_boilerplate_detector"]
