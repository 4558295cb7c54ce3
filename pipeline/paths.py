"""Where zhkg finds its models, configs and resources.

Paths in configs are relative to a *project root* that holds ``configs/`` and ``models/``
(``model = "models/ner"``), so that the same config serves every layout:

- ``ZHKG_HOME``, when set: a folder of one's own (trained models, edited configs);
- a repository checkout: the checkout itself (``make train`` writes its ``models/``);
- an installed wheel: the copy of ``configs/`` and ``models/`` shipped inside the package
  (``pipeline/bundled``, found with :mod:`importlib.resources`), so that zhkg runs from any
  folder with nothing but ``pip install``.

Package resources proper (word lists, rules, page assets) are always ``pipeline/resources``.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
RESOURCES = PACKAGE_DIR / "resources"
PLACES_FILE = RESOURCES / "places" / "places.json"  # place suffixes, read by NER and relations
# the words that act as verbs (pipeline.train.verbs writes them), read by quantities and relations
VERBS_FILE = RESOURCES / "relations" / "verbs.txt"
ADVERBS_FILE = RESOURCES / "relations" / "adverbs.txt"  # the adverbs among them, no predicates
# the units a noun follows (pipeline.train.verbs writes them): a verb right after one modifies it
CLASSIFIERS_FILE = RESOURCES / "relations" / "classifiers.txt"
# the verbs that take a noun as object (pipeline.train.verbs writes them): 安置|下岗|职工
OBJECT_VERBS_FILE = RESOURCES / "relations" / "object_verbs.txt"
PROJECT_ROOT = PACKAGE_DIR.parent
BUNDLED = "bundled"  # the package folder a wheel ships configs/ and models/ in


def bundled_root() -> Path:
    """``configs/`` and ``models/`` as shipped in the installed package."""
    return Path(str(files("pipeline").joinpath(BUNDLED)))


def project_root() -> Path:
    """The folder that holds ``models/`` and ``configs/`` (see the module docstring)."""
    home = os.environ.get("ZHKG_HOME")
    if home:
        return Path(home)
    if (PROJECT_ROOT / "configs" / "default.cfg").is_file():
        return PROJECT_ROOT
    return bundled_root()


def resolve_model_path(path: str | Path) -> Path:
    """Absolute paths stay; relative ones are taken from the project root, or from the
    current folder when only it has them (a model trained next to an installed zhkg)."""
    p = Path(path)
    if p.is_absolute():
        return p
    rooted = project_root() / p
    return p.absolute() if not rooted.exists() and p.exists() else rooted


def config_path(name: str) -> Path:
    """A shipped config by file name (``default.cfg``, ``train_ner.cfg``)."""
    return project_root() / "configs" / name


def default_config_path() -> Path:
    return config_path("default.cfg")


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/zhkg``, or ``~/.cache/zhkg`` (the XDG base directory default): the
    result cache of ``zhkg run`` and the segmenter's decoding tables."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "zhkg"
