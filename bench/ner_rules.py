"""Whole-pipeline NER on every dev split, and the dev gold, for one pipeline variant: the
table of "Post-model rules: each measured on the dev splits" in models/README.md.

A rule or setting is kept only where it helps across the splits (issue 14), so one command
must score them all the same way: MSRA dev (the last 5% of MSRA train, held out by the
trainer), CLUENER dev (PERSON and ORG), Weibo dev (names), UNER zh_gsd dev (traditional),
each sentence one document through ``pipeline.load(overrides=...)``; then ``zhkg run`` and
``zhkg evaluate`` on ../shared/gold/dev with the same overrides (entities per label and per
source, relations).

    python bench/ner_rules.py --shared ../shared
    python bench/ner_rules.py --shared ../shared --set components.ner.off_rules='["propagate"]'

Prints one JSON line; ``--log FILE`` appends it with the overrides.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from pipeline import load
from pipeline.corpora import SCORED_LABELS, read_ner_corpus
from pipeline.ner.evaluation import PipelineTagger
from pipeline.paths import config_path
from pipeline.train.ner import evaluate_sentences, msra_train_dev
from pipeline.train.script import load_settings, parse_overrides


def dev_splits(shared: Path) -> dict[str, tuple[list, Any]]:
    """Each dev split's sentences and the labels it is scored on."""
    ner = shared / "data" / "ner"
    # the trainer's own split: the held-out tail of MSRA train that configs/train_ner.cfg names
    settings = load_settings(config_path("train_ner.cfg"), {"paths.data": str(shared / "data")})
    _, msra_dev = msra_train_dev(settings["corpus"])
    files = {
        "cluener_dev": (ner / "cluener" / "dev.txt", "cluener"),
        "weibo_dev": (ner / "weibo" / "weiboNER_2nd_conll.dev", "weibo"),
        "uner_dev": (ner / "uner_zh_gsd" / "zh_gsd-ud-dev.iob2", "uner"),
    }
    splits: dict[str, tuple[list, Any]] = {"msra_dev": (msra_dev, None)}
    for name, (path, fmt) in files.items():
        splits[name] = (read_ner_corpus(path, fmt, simplify=False), SCORED_LABELS.get(fmt))
    return splits


def gold_dev(shared: Path, overrides: dict[str, Any]) -> dict[str, float]:
    """Entity and relation F1 of ``zhkg run`` + ``zhkg evaluate`` on the dev gold."""
    dev = shared / "gold" / "dev"
    args = [f"--{key}={json.dumps(value)}" for key, value in overrides.items()]
    with tempfile.TemporaryDirectory() as out:
        cli = [sys.executable, "-m", "pipeline.cli"]
        subprocess.run([*cli, "run", str(dev / "texts"), "--out", out, "--no-cache", "-q",
                        *args], check=True)  # fmt: skip
        scores = Path(out) / "scores.json"
        subprocess.run([*cli, "evaluate", "--gold", str(dev / "dev.gold.jsonl"), "--pred",
                        str(Path(out) / "graph.jsonld"), "--json", str(scores)],
                       check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        overall = json.loads(scores.read_text(encoding="utf-8"))
    row = {
        "gold_entities": overall["overall"]["entities"]["micro"]["f1"],
        "gold_relations": overall["overall"]["relations"]["f1"],
    }
    for label, s in overall["overall"]["entities"]["labels"].items():
        row[f"gold_{label}"] = s["f1"]
    for source, s in overall["sources"].items():
        row[f"gold_entities_{source}"] = s["entities"]["micro"]["f1"]
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in row.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--set", action="append", default=[], metavar="KEY=JSON",
                        help="a config override, e.g. components.ner.off_rules='[\"x\"]'")
    parser.add_argument("--log", type=Path, help="append the result line to this file")
    args = parser.parse_args()
    overrides = parse_overrides(args.set)
    tagger = PipelineTagger(load(None, overrides))
    row: dict[str, Any] = {}
    for name, (data, labels) in dev_splits(args.shared).items():
        scores = evaluate_sentences(tagger, data, labels)
        row[name] = scores["overall"]["f"]
        if name == "cluener_dev":
            row["cluener_dev_ORG"] = scores["ORG"]["f"]
            row["cluener_dev_PERSON"] = scores["PERSON"]["f"]
    row.update(gold_dev(args.shared, overrides))
    line = json.dumps({"overrides": overrides, "scores": row}, ensure_ascii=False)
    print(line)
    if args.log:
        with args.log.open("a", encoding="utf-8") as f:
            f.write(line + "\n")


if __name__ == "__main__":
    main()
