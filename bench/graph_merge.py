"""Benchmark: merging DocResults of 1k-10k documents into one graph, to check it is linear.

The results are synthesised from the real pipeline's results on the seed articles: each
synthetic document replays one seed result under a new id, with its unlinked entities
(organisations, people, unlinked places) renamed per group of ten documents, so the number of
distinct entities grows with the corpus as it does in real news, while linked places (GB/T
2260 codes) stay shared. Timed separately: ``GraphBuilder.add`` for every result, building
the JSON-LD (``to_jsonld``: merging entities, making nodes) and serialising it
(``dumps_jsonld``). Each size runs ``--repeat`` times and the fastest run is reported: on a
shared machine the minimum is the run least disturbed by other jobs. Run:
``nice .venv/bin/python bench/graph_merge.py [SIZES...] [--repeat N]``; prints a Markdown table
for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import copy
import gc
import os
import platform
import subprocess
import time
from pathlib import Path

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


def time_merge(results: list[dict]) -> dict[str, float]:
    """Seconds for adding, building and serialising, and the graph's node count."""
    from pipeline.graph import GraphBuilder, dumps_jsonld

    gc.collect()
    t0 = time.perf_counter()
    builder = GraphBuilder()
    for result in results:
        builder.add(result)
    t1 = time.perf_counter()
    graph = builder.to_jsonld()
    t2 = time.perf_counter()
    text = dumps_jsonld(graph)
    t3 = time.perf_counter()
    return {"add": t1 - t0, "build": t2 - t1, "dump": t3 - t2, "nodes": len(graph["@graph"]),
            "mb": len(text.encode("utf-8")) / 1e6}


def machine() -> str:
    """``nproc`` and the CPU model, for the table's caption."""
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    return f"{nproc or os.cpu_count()} CPUs (`nproc`), {cpu}, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=list(DEFAULT_SIZES))
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the fastest counts")
    args = parser.parse_args()
    seeds = seed_results()
    rows = []
    for n in args.sizes:
        results = synthesise(seeds, n)
        runs = [time_merge(results) for _ in range(args.repeat)]
        del results
        t = min(runs, key=lambda r: r["add"] + r["build"] + r["dump"])
        total = t["add"] + t["build"] + t["dump"]
        rows.append((n, t, total))
        print(f"{n} docs: " + ", ".join(f"{r['add'] + r['build'] + r['dump']:.2f}" for r in runs)
              + " s", flush=True)
    first_n, _, first_total = rows[0]
    print(f"\nMachine: {machine()}.\n")
    print("| documents | graph nodes | JSON-LD MB | add s | to_jsonld s | dumps s | total s "
          f"| ms / document | time / time at {first_n} docs ÷ size ratio |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for n, t, total in rows:
        linearity = (total / first_total) / (n / first_n)
        print(f"| {n:,} | {t['nodes']:,} | {t['mb']:.0f} | {t['add']:.2f} | {t['build']:.2f} "
              f"| {t['dump']:.2f} | {total:.2f} | {1000 * total / n:.2f} | {linearity:.2f} |")


if __name__ == "__main__":
    main()
