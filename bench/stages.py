"""CPU time of each pipeline stage on one core (docs/benchmarks.md, "Whole pipeline on one
core").

``pipeline.load()``, then the MSRA NER test sentences joined 40 to a document run through the
tokenizer and each component in turn, and through ``nlp.pipe`` end to end. Each stage is timed
twice: one document at a time (``__call__``, the path of ``nlp(text)``) and in batches
(``pipe``, the path of ``nlp.pipe`` and ``zhkg run``, where the segmenter and the NER decode a
batch's chunks together), so that the batched column sums to about ``nlp.pipe``. Times are
``time.process_time()`` of this process (wall time on a shared machine varies too much),
best of ``--passes`` after a warm-up pass, with one thread for numpy.

    python bench/stages.py --shared ../shared [--config configs/default.cfg]
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")  # before numpy is imported

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path

from machine import machine

from pipeline import load
from pipeline.corpora import read_char_bio


def documents(shared: Path, per_doc: int) -> list[str]:
    sentences = [text for text, _ in read_char_bio(shared / "data/ner/msra/test.bio.gz")]
    return ["".join(sentences[i : i + per_doc]) for i in range(0, len(sentences), per_doc)]


def best_cpu_time(run: Callable[[list], object], make_inputs: Callable[[], list],
                  passes: int) -> float:  # fmt: skip
    """Best CPU time of ``run(inputs)`` over ``passes`` after a warm-up; inputs are made
    fresh for each pass, outside the timing."""
    run(make_inputs())  # warm-up: caches, lazy tables
    times = []
    for _ in range(passes):
        inputs = make_inputs()
        start = time.process_time()
        run(inputs)
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--config", default=None)
    parser.add_argument("--per-doc", type=int, default=40)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path("build/bench/stages.json"))
    args = parser.parse_args()
    nlp = load(args.config)
    texts = documents(args.shared, args.per_doc)
    n_chars = sum(len(t) for t in texts)
    rows: list[tuple[str, float, float]] = []
    rows.append(("tokenizer",
                 best_cpu_time(lambda ts: [nlp.make_doc(t) for t in ts], lambda: texts,
                               args.passes),
                 best_cpu_time(lambda ts: list(nlp.tokenizer.pipe(ts)), lambda: texts,
                               args.passes)))  # fmt: skip
    docs = [nlp.make_doc(t) for t in texts]
    for name, proc in nlp.pipeline:
        def fresh(ds: list = docs) -> list:  # each pass gets copies of the stage's inputs
            return [d.copy() for d in ds]

        single = best_cpu_time(lambda ds, p=proc: [p(d) for d in ds], fresh, args.passes)
        batched = (best_cpu_time(lambda ds, p=proc: list(p.pipe(ds)), fresh, args.passes)
                   if hasattr(proc, "pipe") else single)  # fmt: skip
        rows.append((name, single, batched))
        docs = [proc(d) for d in docs]
    whole = best_cpu_time(lambda ts: list(nlp.pipe(ts)), lambda: texts, args.passes)
    single_sum = sum(single for _, single, _ in rows)
    batched_sum = sum(batched for _, _, batched in rows)
    result = {
        "machine": machine(),
        "threads": os.environ["OMP_NUM_THREADS"],
        "documents": len(texts),
        "characters": n_chars,
        "stages": {
            name: {
                "seconds": round(single, 3),
                "chars_per_s": round(n_chars / single),
                "batched_seconds": round(batched, 3),
                "batched_chars_per_s": round(n_chars / batched),
            }
            for name, single, batched in rows
        },
        "sum_of_stages": {
            "seconds": round(single_sum, 3),
            "chars_per_s": round(n_chars / single_sum),
        },
        "sum_of_stages_batched": {
            "seconds": round(batched_sum, 3),
            "chars_per_s": round(n_chars / batched_sum),
        },
        "nlp_pipe": {"seconds": round(whole, 3), "chars_per_s": round(n_chars / whole)},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(f"{len(texts)} documents, {n_chars:,} characters, one thread; CPU seconds, best of "
          f"{args.passes}; one document at a time | in batches")  # fmt: skip
    for name, stage in result["stages"].items():
        one_doc = f"{stage['seconds']:>7.3f} s {stage['chars_per_s']:>12,} chars/s"
        batched = f"{stage['batched_seconds']:>7.3f} s {stage['batched_chars_per_s']:>12,} chars/s"
        print(f"{name:<12} {one_doc} | {batched}")
    one, many = result["sum_of_stages"], result["sum_of_stages_batched"]
    print(f"{'all stages':<12} {one['seconds']:>7.3f} s {one['chars_per_s']:>12,} chars/s | "
          f"{many['seconds']:>7.3f} s {many['chars_per_s']:>12,} chars/s")  # fmt: skip
    print(f"{'nlp.pipe':<12} {whole:>7.3f} s {result['nlp_pipe']['chars_per_s']:>12,} chars/s")


if __name__ == "__main__":
    main()
