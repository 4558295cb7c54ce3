"""The wheel works where it is installed: built from this checkout, installed into a fresh
virtual environment, run from a folder that has nothing of the checkout.

The build uses this environment's setuptools (``--no-build-isolation``, the dev extra pins
a version that builds wheels by itself) and the install takes no dependencies, so no network
is needed: the fresh environment sees this one's packages through a path file, the way
``--system-site-packages`` would, but without this environment's editable zhkg.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "pipeline", "configs",
           "models")
TEXT = "中国电信在青海久治县投入869万元，用于通信网络建设。\n"


def _setuptools_builds_wheels() -> bool:
    try:
        major, minor = (int(x) for x in metadata.version("setuptools").split(".")[:2])
    except (metadata.PackageNotFoundError, ValueError):
        return False
    return (major, minor) >= (77, 0)


pytestmark = pytest.mark.skipif(
    not _setuptools_builds_wheels(),
    reason="needs setuptools>=77 in this environment (the dev extra; `make install`)",
)


def _run(args: list, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, (args, result.stdout, result.stderr)
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``bin`` folder of a fresh environment with the wheel of this checkout installed."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"  # a clean copy: no build/ or egg-info left behind in the checkout
    src.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name,
                            ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, src / name)
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
          "--no-index", "-w", tmp / "dist", "."], cwd=src)
    (wheel,) = (tmp / "dist").glob("zhkg-*.whl")
    venv = tmp / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=tmp)
    python = venv / "bin" / "python"
    purelib = _run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                   cwd=tmp).stdout.strip()
    # this environment's packages, as plain paths: its .pth files (the editable zhkg) stay out
    Path(purelib, "zz_test_deps.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    _run([sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps",
          "--no-index", wheel], cwd=tmp)
    shutil.rmtree(src)  # nothing of the checkout is left to fall back on
    return venv / "bin"


def _env(tmp_path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "ZHKG_HOME")}
    return {**env, "XDG_CACHE_HOME": str(tmp_path / "cache")}


def test_installed_wheel_runs_from_any_folder(installed: Path, tmp_path: Path) -> None:
    env = _env(tmp_path)
    where = _run([installed / "python", "-c", "import pipeline; print(pipeline.__file__)"],
                 cwd=tmp_path, env=env).stdout
    assert Path(where.strip()).is_relative_to(installed.parent), where
    load = "import pipeline; print(pipeline.load().pipe_names)"
    loaded = _run([installed / "python", "-c", load], cwd=tmp_path, env=env).stdout
    assert "'quantities'" in loaded
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    _run([installed / "zhkg", "run", "a.txt", "--out", "out", "-q", "-j", "1"],
         cwd=tmp_path, env=env)
    graph = json.loads((tmp_path / "out" / "graph.jsonld").read_text(encoding="utf-8"))
    values = [n["schema:value"]["@value"] for n in graph["@graph"]
              if n["@type"] == "zhkg:QuantityStatement"]
    assert values == ["8690000"]
    # the shipped queries are package resources too
    _run([installed / "zhkg", "load", "out", "--store", "store"], cwd=tmp_path, env=env)
    rows = _run([installed / "zhkg", "query", "county_statements", "--param", "county=久治县",
                 "--store", "store", "--format", "csv"], cwd=tmp_path, env=env).stdout
    assert "8690000" in rows
