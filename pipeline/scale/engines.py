"""Where batches run: here (one worker), a local process pool, or Dask (``dask_engine``).

Every engine takes batches with ``submit`` and hands back a future; :func:`in_order` keeps
a bounded number of batches in flight, so reading stays a little ahead of processing and
memory does not grow with the corpus. Engines start lazily, on the first batch, so a run
whose documents are all cached never loads a model or starts a process. A worker process
that dies (a native crash, the OOM killer) costs no document but the one that killed it: the
batches it took down are run again one document at a time.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Protocol

from .worker import NlpSpec, Outcome, Task, process_batch, process_docs, reason_line


class EngineError(RuntimeError):
    """The engine cannot start (no Dask cluster at the address)."""


class Engine(Protocol):
    slots: int  # batches worth keeping in flight
    crashes: tuple[type[BaseException], ...]  # what a future raises when its worker died
    generation: int  # bumped each time the engine replaces its workers

    def submit(self, tasks: list[Task]) -> Future: ...

    def recover(self, generation: int) -> None:
        """Make the engine usable again after a crash of a future from ``generation``."""

    def close(self) -> None: ...


class SerialEngine:
    """Runs batches in this process, with the pipeline loaded on the first one."""

    slots = 1
    crashes = ()  # an exception here is a document's, caught in process_docs
    generation = 0

    def __init__(self, spec: NlpSpec) -> None:
        self.spec = spec
        self._nlp = None

    def recover(self, generation: int) -> None:
        """Nothing to do: a crash here ends the run."""

    def submit(self, tasks: list[Task]) -> Future:
        if self._nlp is None:
            self._nlp = self.spec.load()
        future: Future = Future()
        future.set_result(process_docs(self._nlp, tasks))
        return future

    def close(self) -> None:
        self._nlp = None


class PoolEngine:
    """A pool of worker processes, each loading the pipeline once.

    Workers are spawned, not forked: a fork would copy the parent's threads (tqdm's monitor,
    SQLite) in whatever state they are in.
    """

    def __init__(self, spec: NlpSpec, workers: int) -> None:
        self.spec = spec
        self.workers = workers
        self.slots = 2 * workers
        self.crashes = (BrokenProcessPool,)
        self.generation = 0
        self._pool: ProcessPoolExecutor | None = None

    def submit(self, tasks: list[Task]) -> Future:
        if self._pool is None:
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context)
        return self._pool.submit(process_batch, self.spec, tasks)

    def recover(self, generation: int) -> None:
        """Drop the broken pool, unless that was done already: every future of a broken
        pool fails, and only the first failure calls for a new pool (started lazily)."""
        if generation == self.generation and self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
            self.generation += 1

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)


def make_engine(spec: NlpSpec, engine: str, workers: int, scheduler: str | None) -> Engine:
    """The engine for ``--engine``/``--workers``/``--scheduler``."""
    if engine == "dask":
        from .dask_engine import DaskEngine

        return DaskEngine(spec, workers, scheduler)
    return SerialEngine(spec) if workers == 1 else PoolEngine(spec, workers)


def in_order(engine: Engine, batches: Iterable[list[Task]]) -> Iterator[list[Outcome]]:
    """Outcomes of ``batches`` in submission order, with at most ``engine.slots`` pending."""
    pending: deque = deque()  # (tasks, future, engine generation)
    for batch in batches:
        pending.append((batch, engine.submit(batch), engine.generation))
        if len(pending) >= engine.slots:
            yield _outcomes(engine, *pending.popleft())
    while pending:
        yield _outcomes(engine, *pending.popleft())


def _outcomes(engine: Engine, batch: list[Task], future: Future, generation: int
              ) -> list[Outcome]:
    """The outcomes of one batch; if its worker died, of its documents run one at a time, so
    that a document that kills a worker by itself is the only one reported failed."""
    try:
        return future.result()
    except engine.crashes:
        engine.recover(generation)
    outcomes: list[Outcome] = []
    for task in batch:
        generation = engine.generation
        try:
            outcomes.extend(engine.submit([task]).result())
        except engine.crashes as err:
            engine.recover(generation)
            reason = f"processing crashed the worker process ({type(err).__name__}: {err})"
            outcomes.append((task[0], reason_line(reason)))
    return outcomes
