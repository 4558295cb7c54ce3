"""zhkg: Chinese news in, JSON-LD knowledge graph out.

``pipeline.load()`` assembles the spaCy pipeline from ``configs/default.cfg`` (or another
config); every stage is a registered component whose settings live in that config.
"""

from __future__ import annotations

import gc
import os
import sys
from importlib.util import find_spec
from pathlib import Path
from typing import Any

__version__ = "0.1.0"


def _import_thinc_without_torch() -> None:
    """Import thinc (spaCy's machine-learning library) with torch hidden from it.

    thinc imports torch whenever it is installed, as it is with the HanLP extra (and in
    CI): 2.7 s of every process that imports spaCy (a load took 5 s against 2.7 s on the
    2-core test machine; each ``zhkg run`` worker is such a process), for thinc's torch
    layers, which no zhkg component uses. Hidden while thinc is imported, torch stays
    importable: the HanLP backend imports it itself when it runs. Nothing is done when torch
    is not installed (thinc is then imported with spaCy, as usual), when thinc or torch is
    already imported, or when ``ZHKG_THINC_TORCH=1`` is set: a process that also runs
    spaCy pipelines built on thinc's torch layers (transformers) needs them.
    """
    if os.environ.get("ZHKG_THINC_TORCH") == "1":
        return
    if "thinc" in sys.modules or "torch" in sys.modules or find_spec("torch") is None:
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # `import torch` raises ImportError
    try:
        import thinc.compat  # noqa: F401
    finally:
        del sys.modules["torch"]


# before any module of the package imports spaCy, and so thinc
_import_thinc_without_torch()


def register_components() -> None:
    """Import the modules that register zhkg's factories and registry functions."""
    from . import extensions  # noqa: F401
    from .aliases import component as _aliases  # noqa: F401
    from .boilerplate import component as _boilerplate  # noqa: F401
    from .ner import component as _ner  # noqa: F401
    from .ner import hanlp_backend as _hanlp_ner  # noqa: F401  (hanlp imported only on load)
    from .quantities import component as _quantities  # noqa: F401
    from .relations import component as _relations  # noqa: F401
    from .script import component as _script  # noqa: F401
    from .segment import segmenters as _segmenters  # noqa: F401
    from .segment import tokenizer as _tokenizer  # noqa: F401
    from .sentences import component as _sentences  # noqa: F401


def load(config: str | Path | None = None, overrides: dict[str, Any] | None = None):
    """Build the zhkg ``spacy.Language`` from a config file, or from a folder
    ``nlp.to_disk`` saved (self-contained: it holds every file the components read).

    ``overrides`` uses spaCy's dotted keys, e.g. ``{"components.ner.gazetteer": False}``.
    One bad document costs no other its result, as in ``zhkg run``: a component that raises
    on a document goes to the error handler :func:`pipeline.language.keep_going`, which
    records why in ``doc._.error`` and lets ``nlp.pipe`` go on (``nlp.set_error_handler``
    with spaCy's ``raise_error`` restores raising).

    The objects alive once the pipeline is built (its models, lexicons and gazetteer: some
    320,000 that the garbage collector tracks) are moved out of the collector's view
    (``gc.freeze``): they live as long as the process, yet every full collection, which the
    allocations of a few thousand documents trigger, went through all of them (0.18 s each
    on the 2-core test machine; with many short documents, a tenth of the run). A later
    ``load`` first lets a full collection free what is dead among the frozen objects (an
    earlier pipeline no longer used).
    """
    from .config import is_saved_pipeline, load_nlp, load_saved
    from .language import keep_going

    if is_saved_pipeline(config):
        nlp = load_saved(config, overrides)  # type: ignore[arg-type]
    else:
        nlp = load_nlp(config, overrides)
    nlp.set_error_handler(keep_going)
    if gc.get_freeze_count():
        gc.unfreeze()
        gc.collect()
    gc.freeze()
    return nlp
