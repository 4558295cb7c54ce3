"""Where zhkg finds its models and resources.

Model paths in configs are relative to the project root (``models/ner``) so that a clone
runs as is; ``ZHKG_HOME`` points elsewhere when zhkg is installed away from its checkout.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
RESOURCES = PACKAGE_DIR / "resources"
PROJECT_ROOT = PACKAGE_DIR.parent


def project_root() -> Path:
    """The folder that holds ``models/`` and ``configs/``."""
    home = os.environ.get("ZHKG_HOME")
    return Path(home) if home else PROJECT_ROOT


def resolve_model_path(path: str | Path) -> Path:
    """Absolute paths stay; relative ones are taken from the project root."""
    p = Path(path)
    return p if p.is_absolute() else project_root() / p


def default_config_path() -> Path:
    return project_root() / "configs" / "default.cfg"


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/zhkg``, or ``~/.cache/zhkg`` (the XDG base directory default): the
    result cache of ``zhkg run`` and the segmenter's decoding tables."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "zhkg"
