"""Throughput and memory of ``zhkg run`` on the benchmark corpora (``bench/corpora.py``).

Each configuration runs ``zhkg run`` as a niced subprocess on a cold, empty cache (the warm
reruns reuse the cache just filled) and is measured from outside. It runs from a snapshot of
the package, configs and models taken when the bench starts (``build/bench/src``), so that
work going on in the checkout meanwhile (a model retrained, a stage edited) can neither slow
nor invalidate it, and a warm rerun is warm. Measured: wall time, and peak memory
as the largest sum of RSS over the whole process tree (the run, its worker processes, the
Dask scheduler and workers), sampled every 0.2 s, since ``ru_maxrss`` only knows the largest
single process. Characters and documents come from the run's own report.json. Writes
``results.json`` and ``results.md`` next to the corpora.

    python bench/throughput.py --sizes 1,10,100 --dir build/bench
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import psutil
from machine import machine

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
SNAPSHOT = ("pipeline", "configs", "models")


def snapshot(bench_dir: Path) -> Path:
    """A fresh copy of what a run reads from the checkout; runs import ``pipeline`` from it."""
    src = bench_dir / "src"
    shutil.rmtree(src, ignore_errors=True)
    for name in SNAPSHOT:
        shutil.copytree(ROOT / name, src / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    return src


def configurations(size_mb: int, full_max_mb: int, workers: int) -> list[dict]:
    """The runs on one corpus, in order. A cold run gets an empty cache and output directory
    of its own; a warm run reuses the cache of the all-workers run (and, for the rerun, its
    output directory too). Corpora above ``full_max_mb`` get the all-workers runs only."""
    every = [f"--workers={workers}"]
    all_workers = {"name": f"{workers} workers", "args": every, "cold": "all"}
    rerun = {"name": "warm rerun", "args": every, "cache": "all", "out": "all"}
    if size_mb > full_max_mb:
        return [all_workers, rerun]
    return [
        {"name": "1 worker", "args": ["--workers=1"], "cold": "one"},
        all_workers,
        {"name": f"dask, {workers} workers", "args": ["--engine=dask", *every], "cold": "dask"},
        rerun,
        {"name": "warm, new output dir", "args": every, "cache": "all", "out": "warm-new"},
    ]


def measure(command: list[str], src: Path, log: Path) -> tuple[float, int, int]:
    """(seconds, peak RSS of the process tree in bytes, exit code) of ``command`` run in the
    snapshot ``src``; its output goes to ``log``."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    started = time.perf_counter()
    with open(log, "wb") as fh:
        proc = psutil.Popen(command, stdout=fh, stderr=subprocess.STDOUT, cwd=src, env=env)
        peak = 0
        while proc.poll() is None:
            rss = 0
            try:
                for p in [proc, *proc.children(recursive=True)]:
                    rss += p.memory_info().rss
            except psutil.NoSuchProcess:
                pass
            peak = max(peak, rss)
            time.sleep(0.2)
    return time.perf_counter() - started, peak, proc.returncode


def run_size(size_mb: int, bench_dir: Path, src: Path, full_max_mb: int, workers: int
             ) -> list[dict]:
    corpus = bench_dir / f"corpus-{size_mb}mb.jsonl.gz"
    rows = []
    for config in configurations(size_mb, full_max_mb, workers):
        cache = bench_dir / f"cache-{size_mb}mb-{config.get('cold') or config['cache']}"
        out = bench_dir / f"out-{size_mb}mb-{config.get('cold') or config['out']}"
        if config.get("cold") or config["out"] != config["cache"]:
            shutil.rmtree(out, ignore_errors=True)
        if config.get("cold"):
            shutil.rmtree(cache, ignore_errors=True)
        command = ["nice", str(PYTHON), "-m", "pipeline.cli", "run", str(corpus), "--out",
                   str(out), "--quiet",
                   "--cache-dir", str(cache), *config["args"]]
        load_before = os.getloadavg()[0]
        seconds, peak, code = measure(command, src, out.with_name(out.name + ".log"))
        report = json.loads((out / "report.json").read_text(encoding="utf-8")) if code == 0 else {}
        graph = out / "graph.jsonld"
        row = {
            "corpus_mb": size_mb, "config": config["name"], "exit": code,
            "seconds": round(seconds, 2),
            "documents": report.get("documents_processed"),
            "characters": report.get("characters"),
            "from_cache": report.get("documents_from_cache"),
            "chars_per_s": round(report.get("characters", 0) / seconds),
            "docs_per_s": round(report.get("documents_processed", 0) / seconds, 2),
            "peak_rss_mb": round(peak / 2**20),
            "graph_mb": round(graph.stat().st_size / 2**20, 1) if code == 0 else None,
            "load_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        }
        print(json.dumps(row, ensure_ascii=False), flush=True)
        rows.append(row)
    return rows


def _n(value: int | None) -> str:
    """``value`` with thousands separators; a failed run's missing figures stay visible."""
    return f"{value:,}" if isinstance(value, int) else str(value)


def markdown(rows: list[dict], info: dict) -> str:
    head = ("| corpus | configuration | documents (from cache) | characters | seconds | chars/s |"
            " docs/s | peak RSS (MB) | graph (MB) | load before → after |")
    lines = [f"Machine: {info['nproc']} cores ({info['cpu']}), {info['memory_gb']} GB.", "",
             head, "| " + " | ".join(["---"] * 10) + " |"]
    for r in rows:
        lines.append(
            f"| {r['corpus_mb']} MB | {r['config']} | {r['documents']} ({r['from_cache']}) | "
            f"{_n(r['characters'])} | {r['seconds']} | {_n(r['chars_per_s'])} | "
            f"{r['docs_per_s']} | {_n(r['peak_rss_mb'])} | {r['graph_mb']} | "
            f"{r['load_1min'][0]} → {r['load_1min'][1]} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,10,100")
    parser.add_argument("--dir", type=Path, default=ROOT / "build" / "bench")
    parser.add_argument("--full-max-mb", type=int, default=10,
                        help="corpora up to this size get every configuration")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    args.dir = args.dir.resolve()  # runs start in the snapshot folder
    info = machine()
    src = snapshot(args.dir)
    rows = []
    for size in (int(s) for s in args.sizes.split(",") if s.strip()):
        rows.extend(run_size(size, args.dir, src, args.full_max_mb, args.workers))
    (args.dir / "results.json").write_text(
        json.dumps({"machine": info, "runs": rows}, ensure_ascii=False, indent=2) + "\n")
    (args.dir / "results.md").write_text(markdown(rows, info), encoding="utf-8")
    print(markdown(rows, info))


if __name__ == "__main__":
    main()
