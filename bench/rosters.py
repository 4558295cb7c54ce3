"""Synthetic rosters: MSRA dev's persons printed without separators, as lists of names are in
news text that lost its spaces, scored through the whole pipeline (the ``rosters`` rule of
models/README.md, fortieth session).

No dev split holds such a list, so this builds them: ``--lists`` lists of 4 to 20 distinct
persons of MSRA dev (the trainer's held-out split), Chinese names that open with a surname of
the model's list and foreign names with ·, after a heading, with （女） after one name in ten.
Prints PERSON F1 (exact spans) with the pipeline's rules and with ``--set`` overrides.

    python bench/rosters.py --shared ../shared --seed 11
    python bench/rosters.py --shared ../shared --set components.ner.off_rules='["rosters"]'
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from pipeline import load
from pipeline.corpora import bio_spans
from pipeline.ner.component import SURNAMES
from pipeline.ner.evaluation import PipelineTagger
from pipeline.ner.rules import read_list
from pipeline.paths import config_path, resolve_model_path
from pipeline.train.ner import evaluate_sentences, msra_train_dev
from pipeline.train.script import load_settings, parse_overrides

HEADINGS = ("委员：", "主任：", "成员：", "出席会议的有", "名单如下：", "")
NOTE = "（女）"


def synthetic_rosters(shared: Path, lists: int, seed: int) -> list[tuple[str, list[str]]]:
    """``lists`` rosters as (text, BIO tags) of MSRA dev's persons."""
    settings = load_settings(config_path("train_ner.cfg"), {"paths.data": str(shared / "data")})
    _, dev = msra_train_dev(settings["corpus"])
    surnames = set(read_list(resolve_model_path("models/ner") / SURNAMES))
    names = sorted({
        text[s:e] for text, tags in dev for s, e, label in bio_spans(tags)
        if label == "PERSON" and ("·" in text[s:e] or (2 <= e - s <= 3 and text[s] in surnames))
    })
    rng = random.Random(seed)
    out = []
    for _ in range(lists):
        text = rng.choice(HEADINGS)
        tags = ["O"] * len(text)
        for name in rng.sample(names, rng.randint(4, 20)):
            text += name
            tags += ["B-PERSON"] + ["I-PERSON"] * (len(name) - 1)
            if rng.random() < 0.1:
                text += NOTE
                tags += ["O"] * len(NOTE)
        out.append((text + "。", [*tags, "O"]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--lists", type=int, default=60)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--set", action="append", default=[], metavar="KEY=JSON",
                        help="a config override, e.g. components.ner.off_rules='[\"rosters\"]'")
    args = parser.parse_args()
    overrides = parse_overrides(args.set)
    data = synthetic_rosters(args.shared, args.lists, args.seed)
    scores = evaluate_sentences(PipelineTagger(load(None, overrides)), data, None)
    print(json.dumps({"overrides": overrides, "seed": args.seed, "PERSON": scores["PERSON"]},
                     ensure_ascii=False))


if __name__ == "__main__":
    main()
