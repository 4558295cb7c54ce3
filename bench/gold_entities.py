"""How far the relation rules get when the entities are right: the dev gold's relations scored
with the gold's own entities in place of the NER's.

Most missed relations of ../shared/gold/dev have a gold subject that the NER did not find
(docs/relations.md, "Where the errors are"), so the relation rules and the NER are measured
together by `zhkg evaluate`. This script separates them: every occurrence of each gold entity
surface is tagged with its gold label (longest first, no overlaps, no gazetteer codes) where
the pipeline's NER would tag, every other stage runs as `pipeline.load()` builds it, and the
graph is scored as `zhkg evaluate` scores it. The gap between the two figures is what a
perfect NER would add; what is left under the oracle is the relation rules' own.

    python bench/gold_entities.py --shared ../shared [--out DIR] [--labels ORG PERSON]

With ``--labels``, only the gold entities of those labels replace the NER's (which keeps the
others): how much each label's errors cost.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from spacy.tokens import Doc

from pipeline import load
from pipeline.graph.builder import build_graph
from pipeline.result import doc_to_result
from pipeline.tokens import ensure_boundaries


def gold_spans(text: str, entities: list[dict]) -> list[tuple[int, int, str]]:
    """Every occurrence of the gold surfaces in ``text``, longest surface first, none
    overlapping one taken before it."""
    taken = [False] * len(text)
    spans = []
    for ent in sorted(entities, key=lambda e: -len(e["text"])):
        surface, start = ent["text"], 0
        while surface and (i := text.find(surface, start)) >= 0:
            start = i + 1
            if not any(taken[i : i + len(surface)]):
                taken[i : i + len(surface)] = [True] * len(surface)
                spans.append((i, i + len(surface), ent["label"]))
    return sorted(spans)


def tag_gold(doc: Doc, spans: list[tuple[int, int, str]], labels: set[str] | None) -> Doc:
    """``doc`` with the gold ``spans`` as its entities; with ``labels``, only the gold
    entities of those labels, beside the NER's entities of the other labels that overlap
    none of them."""
    if labels:
        spans = [sp for sp in spans if sp[2] in labels]
        taken = [(s, e) for s, e, _ in spans]
        spans += [
            (e.start_char, e.end_char, e.label_) for e in doc.ents
            if e.label_ not in labels
            and not any(s < e.end_char and e.start_char < t for s, t in taken)
        ]  # fmt: skip
    ensure_boundaries(doc, [o for s, e, _ in spans for o in (s, e)])
    doc.ents = sorted(
        (span for s, e, lab in spans if (span := doc.char_span(s, e, label=lab)) is not None),
        key=lambda span: span.start,
    )
    return doc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--out", type=Path, help="keep the graph and scores here")
    parser.add_argument("--labels", nargs="+", help="gold entities of these labels only, the "
                        "NER's for the others (ORG, PERSON, GPE, LOC)")  # fmt: skip
    args = parser.parse_args()
    labels = set(args.labels) if args.labels else None
    dev = args.shared / "gold" / "dev"
    gold = [json.loads(line) for line in (dev / "dev.gold.jsonl").open(encoding="utf-8")]
    nlp = load()
    results = []
    for record in gold:
        path = dev / "texts" / record["doc"]
        text = path.read_text(encoding="utf-8").rstrip("\n")
        spans = gold_spans(text, record["entities"])
        doc = nlp.make_doc(text)
        for name, proc in nlp.pipeline:
            if name == "ner":
                doc = tag_gold(proc(doc) if labels else doc, spans, labels)
            else:
                doc = proc(doc)
        results.append(doc_to_result(doc, record["doc"], str(path)))
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        graph = out / "graph.jsonld"
        graph.write_text(json.dumps(build_graph(results), ensure_ascii=False), encoding="utf-8")
        cmd = [sys.executable, "-m", "pipeline.cli", "evaluate", "--gold",
               str(dev / "dev.gold.jsonl"), "--pred", str(graph)]  # fmt: skip
        subprocess.run(cmd, check=True)


if __name__ == "__main__":
    main()
