"""Build the benchmark corpora: gzipped JSONL of news-sized documents made of real text.

The text comes from the corpora in ../shared (People's Daily 1998 paragraphs, MSRA NER and
CLUENER sentences, the SIGHAN 2005 test golds in both scripts, UNER in traditional script) and
the seed articles. A document is a run of consecutive paragraphs, 1 000-5 000 characters like
a news article, opened by a numbered line so that no two documents are the same text (a
repeated text would be a cache hit and flatter the cold figures). A corpus of N MB holds N
MB of UTF-8 text; the sources hold about 25 MB, so the 100 MB corpus reuses paragraphs in new
combinations. Built once: an existing corpus file is kept.

    python bench/corpora.py --sizes 1,10,100 --shared ../shared --out build/bench
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
from collections.abc import Iterator
from pathlib import Path

from pipeline.corpora import read_char_bio, read_uner
from pipeline.train.segmenter import read_segmented

ROOT = Path(__file__).resolve().parent.parent
MB = 1_000_000


def _spaced_lines(path: Path) -> list[str]:
    """Lines of a word-segmented corpus, spaces between words removed."""
    return [line.replace(" ", "") for line in read_segmented(path)]


def paragraphs(shared: Path) -> list[str]:
    """Every paragraph or sentence of the source corpora, in a fixed order."""
    data = shared / "data"
    found: list[str] = []
    for path in sorted((data / "cws" / "pd1998").glob("*.txt.gz")):
        found.extend(_spaced_lines(path))
    for name in ("pku", "msr", "cityu", "as"):
        gold = next((data / "cws" / "icwb2" / "gold").glob(f"{name}_test*gold.utf8"), None)
        if gold:
            found.extend(_spaced_lines(gold))
    for name in ("train", "test"):
        found.extend(text for text, _ in read_char_bio(data / "ner" / "msra" / f"{name}.bio.gz"))
    with open(data / "ner" / "cluener" / "train.txt", encoding="utf-8") as fh:
        found.extend(json.loads(line)["text"] for line in fh if line.strip())
    for path in sorted((data / "ner" / "uner_zh_gsd").glob("*.iob2")):
        found.extend(text for text, _ in read_uner(path, simplify=False))
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        found.extend(line for line in path.read_text(encoding="utf-8").splitlines() if line)
    return [p for p in found if p.strip()]


def documents(pool: list[str], size_bytes: int, seed: int) -> Iterator[dict]:
    """Documents of consecutive paragraphs from random starts, until ``size_bytes`` of text."""
    rng = random.Random(seed)
    total = 0
    n = 0
    while total < size_bytes:
        target = rng.randint(1000, 5000)
        start = rng.randrange(len(pool))
        lines = [f"第{n}篇"]
        chars = 0
        while chars < target:
            line = pool[(start + len(lines)) % len(pool)]
            lines.append(line)
            chars += len(line)
        text = "\n".join(lines)
        total += len(text.encode("utf-8"))
        yield {"id": f"bench-{n:06d}", "text": text}
        n += 1


def build(size_mb: int, pool: list[str], out: Path) -> Path:
    """``out/corpus-{size}mb.jsonl.gz``, built unless it is already there."""
    path = out / f"corpus-{size_mb}mb.jsonl.gz"
    if path.exists():
        return path
    out.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=3) as fh:
        for doc in documents(pool, size_mb * MB, seed=size_mb):
            fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
    tmp.replace(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,10,100", help="corpus sizes in MB of text")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench")
    args = parser.parse_args()
    pool: list[str] | None = None
    for size in (int(s) for s in args.sizes.split(",") if s.strip()):
        if not (args.out / f"corpus-{size}mb.jsonl.gz").exists():
            pool = pool or paragraphs(args.shared)
        print(build(size, pool or [], args.out))


if __name__ == "__main__":
    main()
