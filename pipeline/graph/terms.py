"""Reading JSON-LD values back: one place for the shapes a property value can take.

A value may be a single item or a list of them; an item is a plain string or number, a typed
literal ``{"@value": ..., "@type": ...}`` or a node reference ``{"@id": ...}``. zhkg writes
references and typed literals out explicitly (``vocab``), but graphs from other tools (the gold
converted to a graph, a store's export) may compact a reference to a plain IRI string, so the
readers (evaluation, show page, Neo4j export) all go through these helpers.
"""

from __future__ import annotations

from collections.abc import Mapping


def as_list(value: object) -> list:
    """The items of a property value: ``[]`` for a missing one."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def first(value: object) -> object:
    """The first item of a property value, or ``None``."""
    items = as_list(value)
    return items[0] if items else None


def literal(value: object) -> str | None:
    """The lexical form of the first item (``@value`` of a typed literal); ``None`` if none."""
    item = first(value)
    if isinstance(item, Mapping):
        item = item.get("@value")
    return None if item is None else str(item)


def ref(value: object) -> str | None:
    """The IRI the first item refers to (``@id``, or a plain string compacted from one)."""
    item = first(value)
    if isinstance(item, Mapping):
        item = item.get("@id")
    return None if item is None else str(item)


def is_ref(item: object) -> bool:
    """Whether one item is a node reference rather than a literal."""
    return isinstance(item, Mapping) and "@id" in item
