"""The zhkg ``Language``: spaCy's Chinese with an ``nlp.pipe`` that tokenizes in batches.

spaCy's ``Language.pipe`` makes each Doc alone (``nlp.make_doc``), so the segmenter, which
decodes many chunks in one pass of array operations, would pay its fixed cost once per text:
a corpus of one-sentence documents ran at a quarter of the speed of the same text in
articles. Here each batch of texts (``batching.char_batches``: short texts are gathered into
batches of many characters) goes through ``tokenizer.pipe`` and then through every
component's ``pipe`` (or its ``__call__``), as spaCy's own loop does.

A batch that raises is run again one document at a time, so that a failing document reaches
the error handler (``nlp.set_error_handler``) alone: with spaCy's default handler it raises
as before; with :func:`keep_going`, which ``pipeline.load()`` installs, it comes out with
``doc._.error`` set and every other document keeps its result. ``nlp(text)`` goes through the
same per-document path.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Any

from spacy.errors import Errors
from spacy.lang.zh import Chinese
from spacy.tokens import Doc
from spacy.util import SimpleFrozenList

from .batching import char_batches
from .extensions import original_text
from .messages import one_line

_log = logging.getLogger("zhkg")


def _length(item: object) -> int:
    """Characters of a text or Doc (others, serialised Docs, count as none)."""
    if isinstance(item, str):
        return len(item)
    return len(original_text(item)) if isinstance(item, Doc) else 0


class ZhkgLanguage(Chinese):
    """Chinese (``lang = "zh"``) whose ``pipe`` tokenizes each batch of texts in one call."""

    def pipe(  # type: ignore[override]
        self,
        texts: Iterable[Any],
        *,
        as_tuples: bool = False,
        batch_size: int | None = None,
        disable: Iterable[str] = SimpleFrozenList(),
        component_cfg: dict[str, dict[str, Any]] | None = None,
        n_process: int = 1,
    ) -> Iterator[Any]:
        """``Language.pipe``; in one process, batches of texts are tokenized together."""
        if as_tuples or n_process != 1:  # spaCy's own (with tuples it comes back here)
            return super().pipe(texts, as_tuples=as_tuples, batch_size=batch_size,
                                disable=disable, component_cfg=component_cfg,
                                n_process=n_process)  # fmt: skip
        return self._pipe_batches(texts, batch_size or self.batch_size, disable,
                                  component_cfg or {})  # fmt: skip

    def __call__(  # type: ignore[override]
        self,
        text: str | Doc,
        *,
        disable: Iterable[str] = SimpleFrozenList(),
        component_cfg: dict[str, dict[str, Any]] | None = None,
    ) -> Doc:
        """``Language.__call__``: every component in turn, a failure to the error handler."""
        procs = [(name, proc) for name, proc in self.pipeline if name not in disable]
        return self._one(text, procs, component_cfg or {})

    def _pipe_batches(
        self,
        texts: Iterable[str | Doc],
        batch_size: int,
        disable: Iterable[str],
        component_cfg: dict[str, dict[str, Any]],
    ) -> Iterator[Doc]:
        procs = [(name, proc) for name, proc in self.pipeline if name not in disable]
        for batch in char_batches(texts, batch_size, _length):
            try:
                docs = self._make_docs(batch, batch_size)
                for name, proc in procs:
                    kwargs = dict(component_cfg.get(name, {}))
                    if hasattr(proc, "pipe"):
                        kwargs.setdefault("batch_size", batch_size)
                        docs = list(proc.pipe(docs, **kwargs))
                    else:
                        docs = [proc(doc, **kwargs) for doc in docs]
            except Exception:  # noqa: BLE001 - each document alone, through the error handler
                docs = [self._one(item, procs, component_cfg) for item in batch]
            yield from docs

    def _one(
        self, item: str | Doc, procs: list[tuple[str, Any]], component_cfg: dict[str, dict]
    ) -> Doc:
        """One document through ``procs``; a component that raises goes to its error handler
        (spaCy's default re-raises) and the document goes on to the next component."""
        doc = self._ensure_doc(item)
        for name, proc in procs:
            try:
                doc = proc(doc, **component_cfg.get(name, {}))
            except Exception as err:  # noqa: BLE001 - the handler decides (re-raise or record)
                handler = getattr(proc, "get_error_handler", lambda: self.default_error_handler)
                handler()(name, proc, [doc], err)
            if not isinstance(doc, Doc):
                raise ValueError(Errors.E005.format(name=name, returned_type=type(doc)))
        return doc

    def _make_docs(self, batch: list[Any], batch_size: int) -> list[Doc]:
        """Docs for the batch in order: strings through ``tokenizer.pipe``, anything else
        (Docs, serialised Docs) as spaCy takes it."""
        texts = [item for item in batch if isinstance(item, str)]
        if any(len(text) > self.max_length for text in texts):
            return [self._ensure_doc(item) for item in batch]  # spaCy's E088
        made = iter(self.tokenizer.pipe(texts, batch_size=batch_size))
        return [next(made) if isinstance(item, str) else self._ensure_doc(item) for item in batch]


def keep_going(proc_name: str, proc: object, docs: list[Doc], err: Exception) -> None:
    """spaCy error handler: the failure is logged and kept in ``doc._.error`` (the first one
    of each document, ``"RuntimeError: boom"``), and the document goes on, so that one bad
    document costs no other its result. ``zhkg run`` reports such documents as failed."""
    reason = one_line(f"{type(err).__name__}: {err}")
    for doc in docs:
        if doc._.error is None:
            doc._.error = reason
    _log.warning("%s failed on a document: %s", proc_name, reason)
