"""The relation rules, loaded from data (``configs/relations.json``).

Nothing in the matcher names a word: every trigger verb, attribute suffix, anaphor and
preposition comes from this file, so rules can be tuned without code changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import srsly

from ..paths import resolve_model_path


def _alternation(words: list[str]) -> re.Pattern[str]:
    """A regex matching any of ``words``, longest first (so 安排投资 beats 投资)."""
    ordered = sorted({w for w in words if w}, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in ordered) or r"(?!x)x")


@dataclass(frozen=True)
class RelationRules:
    triggers: re.Pattern[str]
    copulas: frozenset[str]
    object_stops: re.Pattern[str]
    attribute: re.Pattern[str]
    org_anaphors: re.Pattern[str]
    platform_anaphors: re.Pattern[str]
    platform_heads: tuple[str, ...]
    platform_tail_heads: tuple[str, ...]
    anaphor_determiners: str
    platform_follow: str
    legal_suffix: re.Pattern[str]
    non_subject_before: tuple[str, ...]
    frame_start: tuple[str, ...]
    frame_end: tuple[str, ...]
    clause_split: re.Pattern[str]
    skip_units: frozenset[str]
    object_unit_map: dict[str, str]
    max_object_chars: int
    subject_labels: frozenset[str]

    @classmethod
    def load(cls, path: str | Path) -> RelationRules:
        data = srsly.read_json(resolve_model_path(path))
        suffixes = "|".join(re.escape(s) for s in data["attribute_suffixes"])
        return cls(
            triggers=_alternation(data["trigger_verbs"]),
            copulas=frozenset(data["copulas"]),
            object_stops=_alternation(data["object_stops"] + data["copulas"]),
            # an attribute noun: one or two Han characters before 率/量/能力 ... (覆盖率)
            attribute=re.compile(rf"[\u4e00-\u9fff]{{0,2}}(?:{suffixes})"),
            org_anaphors=_alternation(data["org_anaphors"]),
            platform_anaphors=_alternation(data["platform_anaphors"]),
            platform_heads=tuple(data["platform_heads"]),
            platform_tail_heads=tuple(data["platform_tail_heads"]),
            anaphor_determiners=data["anaphor_determiners"],
            platform_follow=data["platform_follow"],
            legal_suffix=re.compile(
                "(?:" + "|".join(map(re.escape, data["legal_suffixes"])) + ")$"
            ),
            non_subject_before=tuple(data["non_subject_before"]),
            frame_start=tuple(data["frame_start"]),
            frame_end=tuple(data["frame_end"]),
            clause_split=re.compile("[" + re.escape(data["clause_delimiters"]) + "]"),
            skip_units=frozenset(data["skip_units"]),
            object_unit_map=dict(data["object_unit_map"]),
            max_object_chars=int(data["max_object_chars"]),
            subject_labels=frozenset(data["subject_labels"]),
        )
