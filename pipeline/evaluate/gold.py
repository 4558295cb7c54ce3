"""Document-level gold (/work/shared/gold/SCHEMA.md): reading it, and turning it into
pipeline results for the self-check of graph + evaluator."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path

from ..graph.identity import simplify


def read_gold(gold_path: Path) -> list[dict]:
    """The gold records of a JSONL file, one per document. Numbers with a fraction are read
    as ``Decimal``: srsly's ujson reads 0.7 as 0.7000000000000001, which then matched no
    predicted 0.7, so every gold decimal whose float is inexact was scored as missed."""
    path = Path(gold_path)
    with path.open(encoding="utf-8") as f:
        return [json.loads(line, parse_float=Decimal) for line in f if line.strip()]


def gold_to_results(gold_records: Iterable[Mapping], texts: Mapping[str, str] | None = None
                    ) -> list[dict]:
    """DocResults that say exactly what the gold says: a self-check of graph + evaluator
    (scoring the graph built from them must give F1 1.0). With ``texts`` (doc -> text) mention
    and evidence offsets are looked up; without, offsets are left out."""
    results = []
    for gold in gold_records:
        text = (texts or {}).get(gold["doc"])
        labels = {e["text"]: e["label"] for e in gold.get("optional_entities", [])}
        labels.update({e["text"]: e["label"] for e in gold.get("entities", [])})

        def record(
            surface: str,
            label: str | None = None,
            text: str | None = text,
            labels: Mapping[str, str] = labels,
        ) -> dict:
            rec: dict = {"text": surface, "norm": simplify(surface),
                         "label": label or labels.get(surface, "ORG")}
            start = text.find(surface) if text else -1
            if start >= 0:
                rec["start"], rec["end"] = start, start + len(surface)
            return rec

        statements = []
        for rel in gold.get("relations", []):
            st: dict = {
                "subject": record(rel["subject"]),
                "predicate": rel.get("predicate"),
                "value": str(Decimal(str(rel["value"]))),
                "unit": rel.get("unit"),
                "object": rel.get("object"),
                "approx": rel.get("approx"),
                "place": record(rel["place"], "GPE") if rel.get("place") else None,
                "time": rel.get("time"),
                "evidence": rel.get("evidence") or "",
            }
            start = text.find(st["evidence"]) if text and st["evidence"] else -1
            if start >= 0:
                st["start"], st["end"] = start, start + len(st["evidence"])
            statements.append(st)
        results.append({
            "id": gold["doc"],
            "script": gold.get("script", "simplified"),
            "entities": [record(e["text"], e["label"]) for e in gold.get("entities", [])],
            "statements": statements,
        })
    return results
