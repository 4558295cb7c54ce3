"""Short documents against article-length ones: ``nlp.pipe`` chars/s on one core
(docs/benchmarks.md, "Short documents").

The first ``--sentences`` sentences of People's Daily 1998 (``data/cws/pd1998``, spaces removed,
cut after 。！？ and any closing quote), run once as one document per sentence and once joined
into documents of about ``--doc-chars`` characters. The same characters go through the same
pipeline, so the ratio of the two rates is the cost of having many documents rather than a few:
what titles, tweets and sentence-level corpora pay. CPU time of this process, best of
``--passes`` after a warm-up, one thread for numpy; the two runs alternate within each pass,
so that a change of load on a shared machine falls on both rows rather than on one of them.

    python bench/short_docs.py --shared ../shared [--config configs/default.cfg]
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")  # before numpy is imported

import argparse
import gzip
import json
import re
import time
from collections.abc import Callable
from pathlib import Path

from machine import machine

from pipeline import load
from pipeline.batching import char_batches

# A sentence ends after 。！？ and any closing quotes or brackets that follow them.
SENTENCE = re.compile(r".+?(?:[。！？]+[”’」』）]*|$)")


def sentences(shared: Path, limit: int) -> list[str]:
    """The first ``limit`` sentences of the corpus, de-segmented, in corpus order."""
    out: list[str] = []
    for fold in sorted((shared / "data/cws/pd1998").glob("fold-*.txt.gz")):
        with gzip.open(fold, "rt", encoding="utf-8") as fh:
            for line in fh:
                text = "".join(line.split())
                out.extend(s for s in SENTENCE.findall(text) if s)
                if len(out) >= limit:
                    return out[:limit]
    return out


def grouped(texts: list[str], doc_chars: int) -> list[str]:
    """The same texts joined in order into documents of about ``doc_chars`` characters."""
    return ["".join(group) for group in char_batches(texts, 1, min_chars=doc_chars)]


def alternating_best(run: Callable[[list], object], inputs: dict[str, list],
                     passes: int) -> dict[str, float]:  # fmt: skip
    """Best CPU time of ``run`` on each of ``inputs`` over ``passes`` rounds after a warm-up
    round, the inputs taken in turn within each round."""
    best = {name: float("inf") for name in inputs}
    for round_ in range(passes + 1):
        for name, items in inputs.items():
            start = time.process_time()
            run(items)
            if round_:  # round 0 warms caches and lazy tables up
                best[name] = min(best[name], time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--config", default=None)
    parser.add_argument("--sentences", type=int, default=3000)
    parser.add_argument("--doc-chars", type=int, default=2000)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path("build/bench/short_docs.json"))
    args = parser.parse_args()
    nlp = load(args.config)
    short = sentences(args.shared, args.sentences)
    long = grouped(short, args.doc_chars)
    n_chars = sum(len(t) for t in short)
    inputs = {"sentences": short, "articles": long}
    best = alternating_best(lambda ts: list(nlp.pipe(ts)), inputs, args.passes)
    rows = {}
    for name, texts in inputs.items():
        seconds = best[name]
        rows[name] = {"documents": len(texts), "seconds": round(seconds, 3),
                      "chars_per_s": round(n_chars / seconds)}  # fmt: skip
    ratio = rows["sentences"]["chars_per_s"] / rows["articles"]["chars_per_s"]
    result = {"machine": machine(), "threads": os.environ["OMP_NUM_THREADS"],
              "characters": n_chars, **rows, "ratio": round(ratio, 3)}  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(f"{n_chars:,} characters, one thread; nlp.pipe CPU seconds, best of {args.passes}"
          " (alternating)")
    for name in ("sentences", "articles"):
        row = rows[name]
        print(f"{name:<10} {row['documents']:>6} docs {row['seconds']:>7.3f} s "
              f"{row['chars_per_s']:>10,} chars/s")  # fmt: skip
    print(f"ratio      {ratio:.3f}")


if __name__ == "__main__":
    main()
