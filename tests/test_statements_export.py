"""``zhkg export --format statements-csv|statements-jsonl``: one row per statement, read back
with the csv and json modules and checked against the graph and the texts."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from pipeline.export.statements import COLUMNS
from pipeline.graph import vocab as v
from tests.seed_run import invoke


def _export(seeds_out: Path, fmt: str, out: Path) -> Path:
    result = invoke("export", seeds_out, "--format", fmt, "--out", out)
    assert result.exit_code == 0, result.output
    return out


def test_statements_csv_matches_the_graph(seeds_out: Path, seeds_graph: dict, seed_texts: dict,
                                          tmp_path: Path) -> None:
    path = _export(seeds_out, "statements-csv", tmp_path / "statements.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames or ()) == COLUMNS
        rows = list(reader)
    nodes = {n["@id"]: n for n in seeds_graph["@graph"]}
    statements = [n for n in seeds_graph["@graph"] if n["@type"] == v.T_STATEMENT]
    assert len(rows) == len(statements) > 50
    assert len({r["statement"] for r in rows}) == len(rows)
    for row in rows:
        node = nodes[row["statement"]]
        subject = nodes[node[v.P_SUBJECT]["@id"]]
        assert (row["subject"], row["subject_label"]) == (subject[v.P_NAME], subject[v.P_LABEL])
        assert row["value"] == node[v.P_VALUE]["@value"]
        assert row["unit"] == node.get(v.P_UNIT, "")
        assert row["approx"] == node.get(v.P_APPROX, "")
        if v.P_LOCATION in node:
            place = nodes[node[v.P_LOCATION]["@id"]]
            assert row["place"] == place[v.P_NAME]
            assert row["place_code"] == place.get(v.P_IDENTIFIER, "")
        text = seed_texts[row["document"]]
        assert text[int(row["begin"]) : int(row["end"])] == row["evidence"]
    assert any(r["value"] == "8690000" and r["currency"] == "CNY" and r["place"] == "久治县"
               and r["place_code"] == "632625" for r in rows)


def test_statements_jsonl_agrees_with_csv(seeds_out: Path, tmp_path: Path) -> None:
    csv_path = _export(seeds_out, "statements-csv", tmp_path / "s.csv")
    jsonl_path = _export(seeds_out, "statements-jsonl", tmp_path / "s.jsonl")
    with csv_path.open(encoding="utf-8", newline="") as fh:
        table = list(csv.DictReader(fh))
    lines = [json.loads(line) for line in jsonl_path.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == len(table)
    for obj, row in zip(lines, table, strict=True):
        assert list(obj) == list(COLUMNS)
        assert isinstance(obj["begin"], int) and isinstance(obj["value"], str)
        assert {k: "" if x is None else str(x) for k, x in obj.items()} == row
