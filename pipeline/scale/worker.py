"""The NLP work on one batch of texts: the same code in-process, in a worker process and on a
Dask worker.

A batch goes through ``nlp.pipe``; if that raises, each of its documents is run alone so
that only the one that fails is lost, and its failure comes back as a one-line reason (as
does a document that an error handler let through with ``doc._.error`` set). A
document longer than ``nlp.max_length`` is refused up front with a clear reason instead of
spaCy's multi-line E088. Only model loading errors (config, missing models) raise: they
concern the whole run, not one document.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from ..messages import one_line
from ..result import DocResult, text_result
from ..script.invisible import analysis_view

Task = tuple[int, str]  # (input number, text)
Outcome = tuple[int, "DocResult | str"]  # (input number, result or failure reason)

_MAX_REASON = 500


@dataclass(frozen=True)
class NlpSpec:
    """How to build the pipeline: small and picklable, sent to every worker."""

    config: str | None = None
    overrides: dict[str, Any] = field(default_factory=dict)

    def load(self):  # spacy.Language
        """The pipeline; raises ``ConfigError`` or ``messages.ModelMissingError``."""
        from .. import config  # looked up at call time: tests substitute a loaded pipeline

        return config.load_nlp(self.config, self.overrides)


def reason_line(text: str) -> str:
    """A failure reason for the report: one line of readable length."""
    return one_line(text, _MAX_REASON)


def _failure(err: Exception) -> str:
    return reason_line(f"processing failed: {type(err).__name__}: {err}")


def _outcome(doc) -> DocResult | str:  # spacy Doc
    """The document's result, or the failure an error handler that lets documents go on
    (``pipeline.load()``'s) recorded on it."""
    if doc._.error:
        return reason_line(f"processing failed: {doc._.error}")
    return text_result(doc)


def process_docs(nlp, tasks: list[Task]) -> list[Outcome]:  # spacy.Language
    """Run ``nlp`` over ``tasks``; every task gets an outcome, none raises."""
    outcomes: list[Outcome] = []
    fitting: list[Task] = []
    for seq, text in tasks:
        if len(text) > nlp.max_length:
            reason = f"document too long ({len(text)} characters > max_length {nlp.max_length})"
            outcomes.append((seq, reason))
        else:
            fitting.append((seq, text))
    # Invisible characters and the breaks of hard-wrapped lines are left out of the
    # analysis; results point into the input.
    views = [analysis_view(text, unwrap=True) for _, text in fitting]
    try:
        results = [_outcome(doc) for doc in nlp.pipe(view.text for view in views)]
    except Exception:  # noqa: BLE001 - find the failing document below
        results = [None] * len(fitting)
    for (seq, text), view, result in zip(fitting, views, results, strict=True):
        if result is None:
            try:
                result = _outcome(nlp(view.text))
            except Exception as err:  # noqa: BLE001 - reported, never re-raised
                outcomes.append((seq, _failure(err)))
                continue
        outcomes.append((seq, view.restore(result, text)))
    return outcomes


_lock = threading.Lock()
_loaded: tuple[NlpSpec, Any] | None = None


def _worker_nlp(spec: NlpSpec):  # spacy.Language
    """The pipeline for ``spec``, loaded once per process (locked: Dask workers may have
    several threads)."""
    global _loaded
    with _lock:
        if _loaded is None or _loaded[0] != spec:
            _loaded = (spec, spec.load())
        return _loaded[1]


def process_batch(spec: NlpSpec, tasks: list[Task]) -> list[Outcome]:
    """Worker entry point: :func:`process_docs` with this process's pipeline."""
    return process_docs(_worker_nlp(spec), tasks)
