"""Running the pipeline over many inputs: reading, caching, the NLP engine, graph and report.

The run streams: inputs are read lazily, each document's text is hashed with the pipeline
fingerprint and looked up in the result store; the misses go in batches to the engine (this
process, a process pool or Dask), their results into the store. Every input leaves one row in
the spool, and the graph is then built from the spool in document-IRI order and written node
by node, so neither the corpus nor the graph is ever held in memory and every engine writes the
same bytes. A bad document never costs the others their results: reading errors come back
from the reader as values, processing errors from the workers as one-line reasons.

A run that is killed loses at most the batches in flight: finished results are in the store,
outputs are only ever replaced whole, and the next run (which removes the dead run's spool)
picks up where the cache stops.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from .config import read_config
from .graph import identity as ident
from .graph import vocab
from .graph.builder import GraphAssembler, document_id
from .graph.writer import write_graph_stream, write_json
from .io.reader import STDIN, InputError, InputSkipped, iter_inputs
from .result import DocError
from .scale import manifest
from .scale.engines import Engine, in_order, make_engine
from .scale.fingerprint import content_key, graph_fingerprint, nlp_fingerprint
from .scale.spool import Spool
from .scale.store import ResultStore, result_counts
from .scale.worker import NlpSpec, Outcome, Task, reason_line

GRAPH_FILE = "graph.jsonld"
REPORT_FILE = "report.json"
MAX_BATCH_CHARS = 200_000  # a batch of long documents is cut early: workers stay balanced


@dataclass
class RunSettings:
    """What ``zhkg run`` was asked to do, beyond the inputs and the output directory."""

    spec: NlpSpec = field(default_factory=NlpSpec)
    workers: int = 1
    engine: str = "local"  # "local" (this process or a process pool) or "dask"
    scheduler: str | None = None  # Dask scheduler address; None starts a LocalCluster
    cache_dir: Path | None = None  # None: no persistent cache
    batch_size: int = 32  # documents per batch sent to a worker
    progress: bool = True


@dataclass
class RunReport:
    inputs: list[str] = field(default_factory=list)  # as given, absolute: `zhkg show` rereads them
    processed: list[str] = field(default_factory=list)
    failed: list[DocError] = field(default_factory=list)
    skipped: list[DocError] = field(default_factory=list)  # files in folders not read
    warnings: list[dict] = field(default_factory=list)  # {id, source, warning}: read anyway
    n_chars: int = 0
    n_entities: int = 0
    n_statements: int = 0
    n_computed: int = 0  # documents that went through the NLP stages (the rest: cache hits)
    graph_rebuilt: bool = True
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return {
            "inputs": self.inputs,
            "documents_processed": len(self.processed),
            "documents_failed": len(self.failed),
            "documents_skipped": len(self.skipped),
            "failed": self.failed,
            "skipped": self.skipped,
            "warnings": self.warnings,
            "processed": self.processed,
            "characters": self.n_chars,
            "entities": self.n_entities,
            "statements": self.n_statements,
            "documents_computed": self.n_computed,
            "documents_from_cache": len(self.processed) - self.n_computed,
            "graph_rebuilt": self.graph_rebuilt,
            "seconds": round(self.seconds, 3),
            "chars_per_second": round(self.n_chars / self.seconds) if self.seconds else None,
        }


class _Run:
    """One run's state: the spool, the store, the engine and the progress bar."""

    def __init__(self, spool: Spool, store: ResultStore, engine: Engine, fingerprint: str,
                 base: str, settings: RunSettings) -> None:
        self.spool, self.store, self.engine = spool, store, engine
        self.fingerprint, self.base, self.settings = fingerprint, base, settings
        self.in_flight: dict[int, tuple[str, str, str]] = {}  # seq -> (id, source, key)
        self.computed = 0
        self.chars = 0
        self.skipped: list[DocError] = []
        self.warnings: list[dict] = []
        self.bar = tqdm(desc="documents", unit="doc", file=sys.stderr,
                        disable=not settings.progress)

    def _advance(self, chars: int) -> None:
        """One more input done (processed, from the cache, or failed)."""
        self.chars += chars
        elapsed = self.bar.format_dict["elapsed"] or 1.0
        self.bar.set_postfix_str(f"{self.chars:,} chars, {self.chars / elapsed:,.0f} chars/s",
                                 refresh=False)
        self.bar.update(1)

    def _misses(self, paths: list[str]) -> Iterator[list[Task]]:
        """Read the inputs; record failures and cache hits, yield the rest in batches."""
        batch: list[Task] = []
        batch_chars = 0
        for seq, item in enumerate(iter_inputs(paths)):
            if isinstance(item, InputSkipped):
                self.skipped.append({"id": item.id, "source": item.source,
                                     "reason": item.reason})
                continue
            if isinstance(item, InputError):
                self.spool.failed(seq, item.id, item.source, reason_line(item.reason))
                self._advance(0)
                continue
            self.warnings += [{"id": item.id, "source": item.source, "warning": w}
                              for w in item.warnings]
            key = content_key(self.fingerprint, item.text)
            counts = self.store.counts(key)
            if counts is not None:
                self.spool.done(seq, self._doc_iri(item.id, item.source), item.id, item.source,
                                key, counts)
                self._advance(counts[0])
                continue
            self.in_flight[seq] = (item.id, item.source, key)
            batch.append((seq, item.text))
            batch_chars += len(item.text)
            if len(batch) >= self.settings.batch_size or batch_chars >= MAX_BATCH_CHARS:
                yield batch
                batch, batch_chars = [], 0
        if batch:
            yield batch

    def _doc_iri(self, doc_id: str, source: str) -> str:
        return ident.document_iri(self.base, document_id({"id": doc_id, "source": source}))

    def process(self, paths: list[str]) -> None:
        """Fill the spool (and the store) with one row per input."""
        with self.bar:
            for outcomes in in_order(self.engine, self._misses(paths)):
                self._record(outcomes)

    def _record(self, outcomes: list[Outcome]) -> None:
        """Spool the outcomes of one batch and store its results (one transaction)."""
        fresh = []
        for seq, outcome in outcomes:
            doc_id, source, key = self.in_flight.pop(seq)
            if isinstance(outcome, str):
                self.spool.failed(seq, doc_id, source, outcome)
                self._advance(0)
                continue
            fresh.append((key, outcome))
            counts = result_counts(outcome)
            self.spool.done(seq, self._doc_iri(doc_id, source), doc_id, source, key, counts)
            self._advance(counts[0])
        self.store.put(fresh)
        self.computed += len(fresh)

    def graph_nodes(self, assembler: GraphAssembler) -> Iterator[dict]:
        """The graph's nodes from the spool and the store, one document at a time."""
        with tqdm(total=len(self.spool), desc="graph", unit="doc", file=sys.stderr,
                  disable=not self.settings.progress) as bar:
            for group in self.spool.groups():
                results = [{**self.store.get(key), "id": i, "source": s} for i, s, key in group]
                yield from assembler.document(results)
                bar.update(len(group))
        yield from assembler.entity_nodes()


def run(paths: list[str], out_dir: Path, settings: RunSettings) -> RunReport:
    """Process ``paths`` and write ``graph.jsonld`` and ``report.json`` into ``out_dir``.

    Raises ``ConfigError``/``ModelMissingError`` (the pipeline cannot be built),
    ``EngineError``, ``CacheError`` or ``OSError`` (outputs cannot be written); nothing in
    ``out_dir`` is replaced then.
    """
    started = time.perf_counter()
    config = read_config(settings.spec.config, settings.spec.overrides)
    base_iri = config.get("graph", {}).get("base_iri")
    spool = Spool(out_dir)
    try:
        cache = settings.cache_dir / "results.sqlite" if settings.cache_dir else None
        store = ResultStore(cache or spool.dir / "results.sqlite")
        try:
            engine = make_engine(settings.spec, settings.engine, settings.workers,
                                 settings.scheduler)
            state = _Run(spool, store, engine, nlp_fingerprint(config),
                         ident.normalise_base(base_iri), settings)
            try:
                state.process(paths)
            finally:
                engine.close()
            report = _report(spool, state.computed)
            report.skipped, report.warnings = state.skipped, state.warnings
            report.inputs = [p if p == STDIN else os.path.abspath(p) for p in paths]
            graph = out_dir / GRAPH_FILE
            digest = spool.digest(graph_fingerprint(config))
            report.graph_rebuilt = not manifest.is_current(graph, digest)
            if report.graph_rebuilt:
                write_graph_stream(vocab.context(), state.graph_nodes(GraphAssembler(base_iri)),
                                   graph)
            report.seconds = time.perf_counter() - started
            write_json(report.to_dict(), out_dir / REPORT_FILE)
            manifest.record(graph, digest)
        finally:
            store.close()
    finally:
        spool.close()
    return report


def _report(spool: Spool, computed: int) -> RunReport:
    n_chars, n_entities, n_statements = spool.totals()
    return RunReport(
        processed=spool.processed(), failed=spool.failures(), n_chars=n_chars,
        n_entities=n_entities, n_statements=n_statements, n_computed=computed,
    )
