"""Running zhkg over corpora larger than memory, on every core or a Dask cluster.

- :mod:`.worker`: the NLP work on a batch of texts, the same in-process, in a worker process
  and on a Dask worker (models loaded once per process);
- :mod:`.engines`, :mod:`.dask_engine`: where batches run (here, a process pool, Dask);
- :mod:`.fingerprint`, :mod:`.store`: the result cache, keyed by text and pipeline hashes;
- :mod:`.spool`: the per-run record of every input, on disk, that the graph is built from;
- :mod:`.manifest`: what the last run's graph was built from, so a rerun can keep it.
"""
