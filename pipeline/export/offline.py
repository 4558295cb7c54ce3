"""pyld with remote document loading switched off.

The graph's context is inline, so expanding it never needs the network; a loader that refuses
every URL turns an accidental remote context (a hand-edited file, a foreign graph) into a
clear error instead of a hang or a silent fetch on an offline machine.
"""

from __future__ import annotations

from types import ModuleType


def offline_jsonld() -> ModuleType:
    """The ``pyld.jsonld`` module with a document loader that refuses all URLs."""
    from pyld import jsonld

    def refuse(url: str, options: dict | None = None) -> dict:
        raise jsonld.JsonLdError(
            f"remote document loading is disabled ({url})",
            "jsonld.LoadDocumentError",
            {"url": url},
            code="loading document failed",
        )

    jsonld.set_document_loader(refuse)
    return jsonld
