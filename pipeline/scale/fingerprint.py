"""What a document's NLP result depends on, as one hash: the cache key's other half.

A cached result may be reused only if the same text would give the same result today. That
depends on the config sections the NLP stages read (every section but ``[graph]``, which
only shapes the graph built from results), on the files those sections point to (models,
user dictionaries, rules), on zhkg's code and resources (all of it but the parts listed in
:data:`NOT_NLP`, which never touch a result: a new module counts until listed there), and on
the versions of the libraries that do the work. A change to any of them changes the
fingerprint and so every key; a change to ``[graph]`` alone changes none, and the rerun does
no NLP at all.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from importlib import metadata
from pathlib import Path

from ..paths import PACKAGE_DIR, project_root, resolve_model_path

GRAPH_SECTIONS = ("graph",)  # sections that affect the graph but no NLP result
_LIBRARIES = ("spacy", "spacy-pkuseg", "opencc", "trafilatura")
_SKIP_DIRS = frozenset({"__pycache__"})
# Files and folders of the package (at any depth) that run before the NLP stages (reading: the
# key holds the text read) or after them (graph, commands, this package), or never in a run.
NOT_NLP = frozenset({
    "cli.py", "runner.py", "corpora.py", "graph_commands.py", "paths.py",
    "io", "graph", "scale", "evaluate", "train", "export", "show", "store",
    "bundled",  # an installed package's configs/ and models/: hashed as the config names them
})
# Files inside those that an NLP stage uses all the same: the aliases stage names a short
# name's entity by the graph's canonical name of its full name.
NLP_IN_NOT_NLP = ("graph/identity.py",)


def nlp_fingerprint(config: Mapping) -> str:
    """Hash of everything an NLP result depends on (see the module docstring)."""
    nlp_config = {k: v for k, v in config.items() if k not in GRAPH_SECTIONS}
    digest = hashlib.sha256(json.dumps(nlp_config, sort_keys=True, default=str).encode())
    # [paths] only feeds interpolation (its values already appear, resolved, in the sections
    # that use them): hashing it would hash all of models/, cards and unused models included
    used = {k: v for k, v in nlp_config.items() if k != "paths"}
    for path in _referenced_paths(used):
        _hash_tree(path, digest)
    _hash_tree(PACKAGE_DIR, digest, skip=NOT_NLP)
    for path in NLP_IN_NOT_NLP:
        _hash_tree(PACKAGE_DIR / path, digest)
    for name in _LIBRARIES:
        digest.update(f"{name}={_version(name)}".encode())
    return digest.hexdigest()[:32]


def graph_fingerprint(config: Mapping) -> str:
    """Hash of what turns results into a graph: ``[graph]`` and the graph code."""
    graph_config = {k: config.get(k) for k in GRAPH_SECTIONS}
    digest = hashlib.sha256(json.dumps(graph_config, sort_keys=True, default=str).encode())
    _hash_tree(PACKAGE_DIR / "graph", digest)
    return digest.hexdigest()[:32]


def content_key(fingerprint: str, text: str) -> str:
    """The cache key of ``text`` under a pipeline ``fingerprint``."""
    digest = hashlib.sha256(fingerprint.encode())
    digest.update(b"\0")
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:32]


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def _referenced_paths(config: Mapping) -> list[Path]:
    """Existing files and folders named by config values, outermost only, sorted."""
    root = project_root().resolve()
    found: set[Path] = set()
    for text in _strings(config):
        if not text.strip():
            continue
        path = resolve_model_path(text).resolve()
        if path.exists() and path != root and path not in root.parents:
            found.add(path)
    return sorted(p for p in found if not any(q in p.parents for q in found))


def _hash_tree(path: Path, digest, skip: frozenset[str] = frozenset()) -> None:
    """Feed a file, or every file under a folder (names and bytes, in name order) but those
    with a part of their path below ``path`` in ``skip``."""
    skip = skip | _SKIP_DIRS
    files = [path] if path.is_file() else sorted(
        p for p in path.rglob("*") if p.is_file() and not skip & set(p.relative_to(path).parts)
    )
    for file in files:
        digest.update(str(file.relative_to(path.parent)).encode("utf-8", "surrogateescape"))
        digest.update(file.read_bytes())
