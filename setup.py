"""Ships the checkout's ``configs/`` and ``models/`` inside the wheel, as ``pipeline/bundled``.

Everything else about the package is declared in ``pyproject.toml``. The configs name their
models relative to a project root (``models/ner``); an installed zhkg takes ``pipeline/bundled``
as that root (``pipeline.paths``), so a wheel runs from any folder. An editable install
(``pip install -e .``) bundles nothing: it uses the checkout itself.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
BUNDLED = ("configs", "models")  # copied whole, but for these names
LEFT_OUT = ("*.log", "__pycache__", "*.pyc")


class BuildWithProjectFiles(build_py):
    """``build_py`` plus a fresh copy of :data:`BUNDLED` under ``pipeline/bundled``."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "pipeline" / "bundled"
        shutil.rmtree(target, ignore_errors=True)  # no stale file from an earlier build
        for name in BUNDLED:
            shutil.copytree(ROOT / name, target / name,
                            ignore=shutil.ignore_patterns(*LEFT_OUT))


setup(cmdclass={"build_py": BuildWithProjectFiles})
