"""Running the pipeline over many inputs: isolation, batching, graph and report.

A bad document never costs the others their results: reading errors come back from the
reader as values, and a document whose processing raises is retried alone and, if it still
fails, reported with its reason while the batch goes on.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import srsly
from tqdm import tqdm

from .io.reader import InputDoc, InputError, iter_inputs
from .result import DocError, DocResult, doc_to_result


@dataclass
class RunReport:
    processed: list[str] = field(default_factory=list)
    failed: list[DocError] = field(default_factory=list)
    n_chars: int = 0
    n_entities: int = 0
    n_statements: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return {
            "documents_processed": len(self.processed),
            "documents_failed": len(self.failed),
            "failed": self.failed,
            "processed": self.processed,
            "characters": self.n_chars,
            "entities": self.n_entities,
            "statements": self.n_statements,
            "seconds": round(self.seconds, 3),
            "chars_per_second": round(self.n_chars / self.seconds) if self.seconds else None,
        }


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def process(
    nlp,  # noqa: ANN001 - spacy.Language
    inputs: Iterable[InputDoc | InputError],
    report: RunReport,
    batch_size: int = 32,
) -> Iterator[DocResult]:
    """Yield a :class:`DocResult` per good input; errors go into ``report.failed``."""
    for batch in _batches(inputs, batch_size):
        good: list[InputDoc] = []
        for item in batch:
            if isinstance(item, InputError):
                report.failed.append({"id": item.id, "source": item.source, "reason": item.reason})
            else:
                good.append(item)
        try:
            docs = list(nlp.pipe(d.text for d in good))
        except Exception:  # noqa: BLE001 - isolate the failing document below
            docs = [None] * len(good)
        for item, doc in zip(good, docs, strict=True):
            if doc is None:
                try:
                    doc = nlp(item.text)
                except Exception as err:  # noqa: BLE001 - reported, never re-raised
                    reason = f"processing failed: {type(err).__name__}: {err}"
                    report.failed.append({"id": item.id, "source": item.source, "reason": reason})
                    continue
            result = doc_to_result(doc, item.id, item.source)
            report.processed.append(item.id)
            report.n_chars += result["n_chars"]
            report.n_entities += len(result["entities"])
            report.n_statements += len(result["statements"])
            yield result


def run(
    nlp,  # noqa: ANN001
    paths: list[str],
    out_dir: Path,
    base_iri: str,
    progress: bool = True,
    batch_size: int = 32,
) -> RunReport:
    """Process ``paths`` and write ``graph.jsonld`` and ``report.json`` into ``out_dir``."""
    from .graph.builder import GraphBuilder
    from .graph.writer import write_jsonld

    report = RunReport()
    started = time.perf_counter()
    builder = GraphBuilder(base_iri=base_iri)
    inputs = iter_inputs(paths)
    bar = tqdm(inputs, desc="documents", unit="doc", file=sys.stderr, disable=not progress)
    for result in process(nlp, bar, report, batch_size=batch_size):
        builder.add(result)
    bar.close()
    report.seconds = time.perf_counter() - started
    out_dir.mkdir(parents=True, exist_ok=True)
    write_jsonld(builder.to_jsonld(), out_dir / "graph.jsonld")
    write_json_atomic(report.to_dict(), out_dir / "report.json")
    return report


def write_json_atomic(data: dict, path: Path) -> None:
    """Write JSON through a temporary file and rename, so readers never see half a file."""
    tmp = path.with_name(f".{path.name}.tmp")
    srsly.write_json(tmp, data, indent=2)
    tmp.replace(path)
