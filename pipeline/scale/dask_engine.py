"""The Dask engine: batches as tasks on a Dask distributed cluster.

With no scheduler address a ``LocalCluster`` of worker processes (one thread each) is started
for the run and closed after it; its HTTP endpoint takes any free port (``:0``), since 8787
may belong to another cluster on the machine. Each worker loads the pipeline once, on its
first batch, and keeps it (:func:`pipeline.scale.worker.process_batch`); the workers need zhkg
installed and the models at the paths the config names. Results come back to this process,
which caches them and builds the graph exactly as for the other engines: the same bytes.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future

from .engines import EngineError
from .worker import NlpSpec, Task, process_batch

_CONNECT_TIMEOUT = "10s"


class DaskEngine:
    """Submits batches to a Dask cluster (``scheduler`` address, or a local one)."""

    def __init__(self, spec: NlpSpec, workers: int, scheduler: str | None) -> None:
        self.spec = spec
        self.workers = workers
        self.scheduler = scheduler
        self.slots = 2 * workers
        self.crashes: tuple[type[BaseException], ...] = ()  # set once distributed is imported
        self.generation = 0
        self._client = None
        self._cluster = None

    def _start(self):  # distributed.Client
        from distributed import Client, LocalCluster
        from distributed.scheduler import KilledWorker

        self.crashes = (KilledWorker,)
        try:
            if self.scheduler:
                self._client = Client(self.scheduler, timeout=_CONNECT_TIMEOUT)
                self.slots = 2 * max(1, sum(self._client.nthreads().values()))
            else:
                self._cluster = LocalCluster(
                    n_workers=self.workers, threads_per_worker=1, processes=True,
                    dashboard_address=":0", silence_logs=logging.CRITICAL,
                )
                self._client = Client(self._cluster)
        except (OSError, TimeoutError) as err:
            where = self.scheduler or "a local cluster"
            raise EngineError(f"cannot start Dask on {where} ({err})") from err
        return self._client

    def recover(self, generation: int) -> None:
        """Nothing to do: the scheduler replaces dead workers and retries their tasks itself
        (``KilledWorker`` comes only after a task has killed several)."""

    def submit(self, tasks: list[Task]) -> Future:
        client = self._client or self._start()
        return client.submit(process_batch, self.spec, tasks, pure=False)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
