"""Benchmark: merging DocResults of 1k-10k documents into one graph, to check it is linear.

The results are synthesised from the real pipeline's results on the seed articles: each
synthetic document replays one seed result under a new id, with its unlinked entities
(organisations, people, unlinked places) renamed per group of ten documents, so the number of
distinct entities grows with the corpus as it does in real news, while linked places (GB/T
2260 codes) stay shared. Timed: the path ``zhkg run`` takes, ``GraphAssembler.document`` for
each document's results (entities merged into the run's entity table as they come) streamed
through ``write_graph_stream`` to a file, then the entity nodes. Each size runs ``--repeat``
times and the fastest run is reported: on a shared machine the minimum is the run least
disturbed by other jobs. Run:
``nice .venv/bin/python bench/graph_merge.py [SIZES...] [--repeat N]``; prints a Markdown
table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import copy
import gc
import tempfile
import time
from collections.abc import Iterator
from itertools import chain
from pathlib import Path

from machine import describe, machine

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SIZES = (1000, 2000, 5000, 10000)
GROUP = 10  # synthetic documents that share one set of entity names


def seed_results() -> list[dict]:
    """The real pipeline's results on seeds/ (models loaded once)."""
    import pipeline
    from pipeline.io.reader import InputDoc, iter_inputs
    from pipeline.result import doc_to_result

    nlp = pipeline.load()
    docs = [d for d in iter_inputs([str(ROOT / "seeds")]) if isinstance(d, InputDoc)]
    return [doc_to_result(nlp(d.text), d.id, d.source) for d in docs]


def _rename(record: dict | None, suffix: str) -> dict | None:
    """An entity record under a group-specific name; linked places keep their identity."""
    if not record or record.get("code"):
        return record
    out = dict(record)
    for key in ("text", "norm", "canonical"):
        if out.get(key):
            out[key] = f"{out[key]}{suffix}"
    return out


def synthesise(seeds: list[dict], n: int) -> list[dict]:
    """``n`` results replaying ``seeds`` with new ids and per-group entity names."""
    results = []
    for i in range(n):
        base = seeds[i % len(seeds)]
        suffix = f"·{i // GROUP}"
        result = copy.copy(base)
        result["id"] = f"bench-{i:06d}-{base['id']}"
        result["entities"] = [_rename(e, suffix) for e in base.get("entities") or []]
        result["statements"] = [
            {**s, "subject": _rename(s.get("subject"), suffix),
             "place": _rename(s.get("place"), suffix)}
            for s in base.get("statements") or []
        ]
        results.append(result)
    return results


def in_iri_order(results: list[dict]) -> list[dict]:
    """Documents sorted by IRI, the order in which the run's spool hands them over."""
    from pipeline.graph import identity as ident
    from pipeline.graph import vocab
    from pipeline.graph.builder import document_id

    base = ident.normalise_base(vocab.DEFAULT_BASE_IRI)
    return sorted(results, key=lambda r: ident.document_iri(base, document_id(r)))


def time_merge(results: list[dict], folder: Path) -> dict[str, float]:
    """Seconds to merge and write the graph as ``zhkg run`` does, its node count and size."""
    from pipeline.graph import vocab
    from pipeline.graph.builder import GraphAssembler
    from pipeline.graph.writer import write_graph_stream

    path = folder / "graph.jsonld"
    assembler = GraphAssembler()
    n_nodes = 0

    def nodes() -> Iterator[dict]:
        nonlocal n_nodes
        for node in chain.from_iterable(assembler.document([r]) for r in results):
            n_nodes += 1
            yield node
        for node in assembler.entity_nodes():
            n_nodes += 1
            yield node

    gc.collect()
    t0 = time.perf_counter()
    write_graph_stream(vocab.context(), nodes(), path)
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "nodes": n_nodes, "mb": path.stat().st_size / 1e6}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=list(DEFAULT_SIZES))
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the fastest counts")
    args = parser.parse_args()
    seeds = seed_results()
    rows = []
    with tempfile.TemporaryDirectory(prefix="zhkg-merge-") as tmp:
        for n in args.sizes:
            results = in_iri_order(synthesise(seeds, n))
            runs = [time_merge(results, Path(tmp)) for _ in range(args.repeat)]
            del results
            best = min(runs, key=lambda r: r["seconds"])
            rows.append((n, best))
            print(f"{n} docs: " + ", ".join(f"{r['seconds']:.2f}" for r in runs) + " s",
                  flush=True)
    first_n, first = rows[0]
    print(f"\nMachine: {describe(machine())}.\n")
    print("| documents | graph nodes | JSON-LD MB | seconds | ms / document "
          f"| time / time at {first_n} docs ÷ size ratio |")
    print("| --- | --- | --- | --- | --- | --- |")
    for n, t in rows:
        linearity = (t["seconds"] / first["seconds"]) / (n / first_n)
        print(f"| {n:,} | {t['nodes']:,} | {t['mb']:.0f} | {t['seconds']:.2f} "
              f"| {1000 * t['seconds'] / n:.2f} | {linearity:.2f} |")

if __name__ == "__main__":
    main()
