"""The zhkg ``Language``: spaCy's Chinese with an ``nlp.pipe`` that tokenizes in batches.

spaCy's ``Language.pipe`` makes each Doc alone (``nlp.make_doc``), so the segmenter, which
decodes many chunks in one pass of array operations, would pay its fixed cost once per text:
a corpus of one-sentence documents ran at a quarter of the speed of the same text in
articles. Here each batch of texts (``batching.char_batches``: short texts are gathered into
batches of many characters) goes through ``tokenizer.pipe`` and then through every
component's ``pipe`` (or its ``__call__``), as spaCy's own loop does.

A batch that raises is run again one document at a time through ``nlp(text)``, so that a
failing document reaches the error handler (``nlp.set_error_handler``) alone: with spaCy's
default handler it raises as before; with a handler that returns, the other documents of the
batch keep their results.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from spacy.lang.zh import Chinese
from spacy.tokens import Doc
from spacy.util import SimpleFrozenList

from .batching import char_batches
from .extensions import original_text


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
            except Exception:  # each document alone, through the error handler
                docs = [self(item, disable=disable, component_cfg=component_cfg)
                        for item in batch]  # fmt: skip
            yield from docs

    def _make_docs(self, batch: list[Any], batch_size: int) -> list[Doc]:
        """Docs for the batch in order: strings through ``tokenizer.pipe``, anything else
        (Docs, serialised Docs) as spaCy takes it."""
        texts = [item for item in batch if isinstance(item, str)]
        if any(len(text) > self.max_length for text in texts):
            return [self._ensure_doc(item) for item in batch]  # spaCy's E088
        made = iter(self.tokenizer.pipe(texts, batch_size=batch_size))
        return [next(made) if isinstance(item, str) else self._ensure_doc(item) for item in batch]
