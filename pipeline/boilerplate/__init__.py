"""Boilerplate removal: which parts of a scraped page are the article (title + body)."""

from __future__ import annotations

from .detector import BoilerplateRules, ContentInfo, default_rules, find_content

__all__ = ["BoilerplateRules", "ContentInfo", "default_rules", "find_content"]
