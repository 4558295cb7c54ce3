"""Evaluation against document-level gold: known scores on synthetic data, and the gold
scored against itself (through the graph) gives 1.0."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import srsly

from pipeline.evaluate.gold import gold_to_results, read_gold
from pipeline.evaluate.graph_reader import graph_to_predictions
from pipeline.evaluate.report import format_report
from pipeline.evaluate.scoring import evaluate_graph, evaluate_predictions, source_of
from pipeline.graph import GraphBuilder, build_graph
from pipeline.graph.identity import simplify

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT.parent / "shared" / "gold" / "seeds.gold.jsonl"

TEXT = "中國電信集團有限公司投入100元。張三說，中國電信幫助5個村、5個鄉。新增7人。又新增7人。成都"

GOLD_DOC = {
    "doc": "x.txt",
    "script": "traditional",
    "entities": [
        {"text": "中國電信集團有限公司", "label": "ORG"},
        {"text": "中國電信", "label": "ORG"},
        {"text": "張三", "label": "PERSON"},
        {"text": "成都", "label": "GPE"},
    ],
    "optional_entities": [{"text": "集團", "label": "ORG"}],
    "boilerplate_entities": [{"text": "日本", "label": "GPE"}],
    "relations": [
        {"subject": "中國電信", "predicate": "投入", "value": 100, "unit": "元", "object": None,
         "approx": None, "place": None, "time": None, "evidence": "投入100元"},
        {"subject": "中國電信", "predicate": "幫助", "value": 5, "unit": "个", "object": "村",
         "approx": None, "place": None, "time": None, "evidence": "幫助5個村"},
        {"subject": "中國電信", "predicate": "幫助", "value": 5, "unit": "个", "object": "乡",
         "approx": None, "place": None, "time": None, "evidence": "5個鄉"},
        {"subject": "張三", "predicate": "說", "value": 2, "unit": "次", "object": None,
         "approx": None, "place": None, "time": None, "evidence": "說了兩次"},
    ],
    "non_quantities": [],
}


def _rec(surface: str, label: str, nth: int = 0) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(surface, start + 1) if surface in TEXT else 0
    return {"text": surface, "norm": simplify(surface), "label": label,
            "start": start, "end": start + len(surface)}


def _st(subject: dict, value: str, unit: str, evidence: str, nth: int = 0, **kw: object) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(evidence, start + 1)
    return {"subject": subject, "value": value, "unit": unit, "evidence": evidence,
            "start": start, "end": start + len(evidence), **kw}


def predicted_result() -> dict:
    full = _rec("中國電信集團有限公司", "ORG")
    short = _rec("中國電信", "ORG", nth=1)
    return {
        "id": "x.txt",
        "script": "traditional",
        "entities": [
            full,
            short,
            _rec("張三", "ORG"),  # wrong label: FP (ORG) and FN (PERSON)
            _rec("集團", "ORG"),  # optional: ignored
            _rec("成都", "GPE"),  # TP
            _rec("日本", "GPE"),  # boilerplate: FP
        ],
        "statements": [
            # subject written as the full name: matches gold 中國電信 via the merged node
            _st(full, "100", "元", "投入100元", predicate="投入"),
            _st(full, "100", "元", "投入100元", predicate="投入"),  # identical: counts once
            _st(short, "5", "個", "幫助5個村", predicate="帮助", object="村"),  # unit t2s
            _st(short, "7", "人", "新增7人", predicate="新增"),  # spurious
            _st(short, "7", "人", "新增7人", nth=1, predicate="新增"),  # same triple: one FP
        ],
    }


@pytest.fixture()
def gold_path(tmp_path: Path) -> Path:
    path = tmp_path / "gold.jsonl"
    srsly.write_jsonl(path, [GOLD_DOC])
    return path


def test_graph_to_predictions_reads_mentions_and_statements() -> None:
    preds = graph_to_predictions(build_graph([predicted_result()]))
    assert set(preds) == {"x.txt"}
    assert ("中國電信", "ORG") in preds["x.txt"]["entities"]
    assert len(preds["x.txt"]["entities"]) == 6
    rels = preds["x.txt"]["relations"]
    assert len(rels) == 4  # the identical statement was merged by the builder already
    r = next(r for r in rels if r["value"] == Decimal(100))
    assert r["subject"] == "中国电信"
    assert r["subject_names"] == {"中国电信", "中国电信集团有限公司"}  # simplified for matching
    assert r["unit"] == "元" and r["evidence"] == "投入100元"


def test_known_scores(gold_path: Path) -> None:
    scores = evaluate_graph(gold_path, build_graph([predicted_result()]))
    ents = scores["documents"]["x.txt"]["entities"]
    # TP: 中國電信集團有限公司, 中國電信, 成都; FP: 張三/ORG, 日本/GPE; FN: 張三/PERSON
    assert (ents["micro"]["tp"], ents["micro"]["fp"], ents["micro"]["fn"]) == (3, 2, 1)
    assert ents["micro"]["precision"] == pytest.approx(3 / 5)
    assert ents["micro"]["recall"] == pytest.approx(3 / 4)
    assert ents["micro"]["f1"] == pytest.approx(2 / 3)
    assert ents["ignored"] == 1 and ents["boilerplate_fp"] == 1
    assert ents["labels"]["PERSON"]["recall"] == 0.0
    assert ents["labels"]["PERSON"]["precision"] is None
    assert ents["labels"]["ORG"]["f1"] == pytest.approx(2 * (2 / 3) * 1.0 / (2 / 3 + 1.0))
    assert ents["spurious"] == [["張三", "ORG"], ["日本", "GPE"]]

    rels = scores["documents"]["x.txt"]["relations"]
    # TP: 100元, 5个(村); FP: 7人 (once); FN: 5个(乡), 張三 2次
    assert (rels["tp"], rels["fp"], rels["fn"]) == (2, 1, 2)
    assert rels["precision"] == pytest.approx(2 / 3)
    assert rels["recall"] == pytest.approx(0.5)
    assert rels["f1"] == pytest.approx(4 / 7)
    assert rels["attributes"]["object"] == 2 and rels["attributes"]["predicate"] == 2
    assert scores["overall"]["relations"]["f1"] == pytest.approx(4 / 7)
    assert scores["overall"]["entities"]["micro"]["f1"] == pytest.approx(2 / 3)


def test_entities_are_compared_whatever_the_script_of_the_gold(tmp_path: Path) -> None:
    # the same gold written in simplified scores the traditional text's mentions alike, and
    # the error lists show the surfaces as written (the gold's for a miss)
    simplified = {**GOLD_DOC, "script": "simplified", "entities": [
        {**e, "text": simplify(e["text"])} for e in GOLD_DOC["entities"]],
        "optional_entities": [{"text": "集团", "label": "ORG"}]}
    path = tmp_path / "gold.jsonl"
    srsly.write_jsonl(path, [simplified])
    ents = evaluate_graph(path, build_graph([predicted_result()]))["documents"]["x.txt"][
        "entities"]
    assert (ents["micro"]["tp"], ents["micro"]["fp"], ents["micro"]["fn"]) == (3, 2, 1)
    assert ents["ignored"] == 1
    assert ents["missed"] == [["张三", "PERSON"]]
    assert ents["spurious"] == [["張三", "ORG"], ["日本", "GPE"]]


def test_relation_errors_are_put_down_to_their_cause(gold_path: Path) -> None:
    """A missed relation whose subject is no predicted entity is the NER's; one whose quantity
    is in no statement or went to another subject is the relation stage's; a spurious one is
    a quantity the gold has not, or a gold quantity given another subject."""
    short, place = _rec("中國電信", "ORG", nth=1), _rec("成都", "GPE")
    result = {
        "id": "x.txt",
        "script": "traditional",
        "entities": [short, place],  # 張三 not found
        "statements": [
            _st(short, "100", "元", "投入100元"),  # TP
            _st(place, "5", "個", "幫助5個村"),  # a gold quantity, another subject
            _st(short, "7", "人", "新增7人"),  # no gold quantity
        ],
    }
    scores = evaluate_graph(gold_path, build_graph([result]))
    causes = scores["documents"]["x.txt"]["relations"]["causes"]
    # missed: 張三 2次 (no entity), one 5个 in no statement, the other given to 成都
    assert causes["missed"] == {"subject_not_found": 1, "quantity_unlinked": 1,
                                "other_subject": 1}
    assert causes["spurious"] == {"no_gold_quantity": 1, "other_subject": 1}
    assert scores["overall"]["relations"]["causes"] == causes
    report = format_report(scores)
    assert "relation errors by cause" in report
    assert "overall (1)" in report.split("relation errors by cause")[1]


def test_duplicate_gold_triples_each_need_their_own_prediction(gold_path: Path) -> None:
    result = predicted_result()
    short = result["entities"][1]
    result["statements"].append(_st(short, "5", "个", "5個鄉", predicate="帮助", object="乡"))
    rels = evaluate_graph(gold_path, build_graph([result]))["documents"]["x.txt"]["relations"]
    assert (rels["tp"], rels["fp"], rels["fn"]) == (3, 1, 1)


def test_extra_duplicates_of_a_correct_triple_are_not_false_positives(gold_path: Path) -> None:
    result = predicted_result()
    short = result["entities"][1]
    result["statements"].append(_st(short, "100", "元", "投入100元。", predicate="投入"))
    rels = evaluate_graph(gold_path, build_graph([result]))["documents"]["x.txt"]["relations"]
    assert (rels["tp"], rels["fp"], rels["fn"]) == (2, 1, 2)


def test_missing_document_scores_zero_recall(gold_path: Path) -> None:
    other = predicted_result()
    other["id"] = "y.txt"
    scores = evaluate_graph(gold_path, build_graph([other]))
    assert scores["missing_documents"] == ["x.txt"]
    assert scores["unscored_documents"] == ["y.txt"]
    assert scores["overall"]["entities"]["micro"]["recall"] == 0.0


def test_graph_without_mentions_falls_back_to_entity_names(gold_path: Path) -> None:
    builder = GraphBuilder(mentions=False)
    builder.add(predicted_result())
    preds = graph_to_predictions(builder.to_jsonld())
    assert ("中國電信", "ORG") in preds["x.txt"]["entities"]


def test_quantity_only_ignores_the_subject(gold_path: Path) -> None:
    result = predicted_result()
    wrong = _rec("張三", "PERSON")
    # the 乡 quantity linked to the wrong subject: a relation FP, a quantity-only TP
    result["statements"].append(_st(wrong, "5", "个", "5個鄉", predicate="帮助"))
    doc = evaluate_graph(gold_path, build_graph([result]))["documents"]["x.txt"]
    assert (doc["relations"]["tp"], doc["relations"]["fp"], doc["relations"]["fn"]) == (2, 2, 2)
    # TP: 100元, 5个 (村), 5个 (乡); FP: 7人 once; FN: 2次
    q = doc["quantities"]
    assert (q["tp"], q["fp"], q["fn"]) == (3, 1, 1)
    assert q["missed"][0]["value"] == "2" and q["missed"][0]["unit"] == "次"


def test_one_quantity_with_two_subjects_counts_once_for_quantity_only(gold_path: Path) -> None:
    result = predicted_result()
    result["statements"].append(_st(_rec("張三", "PERSON"), "100", "元", "投入100元"))
    q = evaluate_graph(gold_path, build_graph([result]))["documents"]["x.txt"]["quantities"]
    assert (q["tp"], q["fp"], q["fn"]) == (2, 1, 2)


def test_source_is_the_file_name_before_the_line_number() -> None:
    assert source_of("msr_test-L00007.txt") == "msr_test"
    assert source_of("texts/pd1998_f5-L123.txt") == "pd1998_f5"
    assert source_of("cluener_dev-L00001.txt") == "cluener_dev"
    assert source_of("x.txt") == "x.txt"  # no -L: its own source


def test_scores_per_source(tmp_path: Path) -> None:
    docs = []
    for name in ("a_src-L1.txt", "a_src-L2.txt", "b_src-L1.txt"):
        doc = dict(GOLD_DOC, doc=name)
        docs.append(doc)
    path = tmp_path / "gold.jsonl"
    srsly.write_jsonl(path, docs)
    results = []
    for name in ("a_src-L1.txt", "b_src-L1.txt"):  # a_src-L2 predicts nothing
        result = predicted_result()
        result["id"] = name
        results.append(result)
    scores = evaluate_graph(path, build_graph(results))
    assert set(scores["sources"]) == {"a_src", "b_src"}
    a, b = scores["sources"]["a_src"], scores["sources"]["b_src"]
    assert a["documents"] == 2 and b["documents"] == 1
    assert (b["relations"]["tp"], b["relations"]["fp"], b["relations"]["fn"]) == (2, 1, 2)
    assert (a["relations"]["tp"], a["relations"]["fp"], a["relations"]["fn"]) == (2, 1, 6)
    assert a["entities"]["micro"]["fn"] == 1 + 4
    assert scores["overall"]["quantities"]["tp"] == 4
    report = format_report(scores)
    assert "a_src (2)" in report and "b_src (1)" in report
    assert "a_src-L1.txt" not in report  # the per-document table is for --verbose


def test_format_report(gold_path: Path) -> None:
    scores = evaluate_graph(gold_path, build_graph([predicted_result()]))
    report = format_report(scores)
    assert "SUMMARY" in report and "relations" in report and "quantity-only" in report
    assert "overall (1)" in report and "x.txt (1)" in report and "PERSON" in report
    assert "missed relations" not in report and "RELATIONS per document" not in report
    verbose = format_report(scores, verbose=True)
    assert "RELATIONS per document" in verbose and "QUANTITY-ONLY per document" in verbose
    assert "張三/PERSON" in verbose and "日本/GPE" in verbose
    assert "中國電信 5个" in verbose  # the missed 乡 relation
    srsly.json_dumps(scores)  # scores are plain JSON data


def test_gold_against_itself_scores_one(gold_path: Path) -> None:
    gold = read_gold(gold_path)
    scores = evaluate_predictions(gold, graph_to_predictions(build_graph(gold_to_results(gold))))
    assert scores["overall"]["entities"]["micro"]["f1"] == 1.0
    assert scores["overall"]["relations"]["f1"] == 1.0


@pytest.mark.skipif(not GOLD.exists(), reason="../shared/gold not present")
def test_seed_gold_against_itself_scores_one() -> None:
    gold = read_gold(GOLD)
    texts = {p.name: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    graph = build_graph(gold_to_results(gold, texts))
    scores = evaluate_graph(GOLD, graph)
    assert scores["overall"]["entities"]["micro"]["f1"] == 1.0
    assert scores["overall"]["relations"]["f1"] == 1.0
    assert scores["overall"]["quantities"]["f1"] == 1.0
    assert all(x == 1.0 for x in scores["overall"]["relations"]["attributes"].values())


DEV_GOLD = ROOT.parent / "shared" / "gold" / "dev" / "dev.gold.jsonl"


@pytest.mark.skipif(not DEV_GOLD.exists(), reason="../shared/gold/dev not present")
def test_dev_gold_against_itself_scores_one_in_every_source() -> None:
    gold = read_gold(DEV_GOLD)
    texts_dir = DEV_GOLD.parent / "texts"
    texts = {g["doc"]: (texts_dir / g["doc"]).read_text(encoding="utf-8") for g in gold}
    scores = evaluate_graph(DEV_GOLD, build_graph(gold_to_results(gold, texts)))
    assert set(scores["sources"]) == {"msr_test", "as_test", "pd1998_f5", "cluener_dev"}
    for agg in [scores["overall"], *scores["sources"].values()]:
        assert agg["entities"]["micro"]["f1"] == 1.0
        assert agg["relations"]["f1"] == 1.0
        assert agg["quantities"]["f1"] == 1.0


def test_cli_evaluate_writes_json_and_a_summary(gold_path: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from pipeline.cli import app

    pred = tmp_path / "graph.jsonld"
    srsly.write_json(pred, build_graph([predicted_result()]))
    out = tmp_path / "scores.json"
    res = CliRunner().invoke(app, ["evaluate", "--gold", str(gold_path), "--pred", str(pred),
                                   "--json", str(out)])
    assert res.exit_code == 0, res.output
    assert "quantity-only" in res.output and "missed relations" not in res.output
    scores = srsly.read_json(out)
    assert scores["documents"]["x.txt"]["quantities"]["tp"] == 2
    verbose = CliRunner().invoke(app, ["evaluate", "--gold", str(gold_path), "--pred", str(pred),
                                       "--verbose"])
    assert "missed relations" in verbose.output


def test_quantity_span_diagnostic_scores_multisets_per_source() -> None:
    from pipeline.evaluate.quantities import evaluate_spans, quantity_items
    from pipeline.quantities import find_quantities

    docs = [dict(GOLD_DOC, doc="a-L1.txt"), dict(GOLD_DOC, doc="b-L1.txt", relations=[])]
    # gold of a-L1: 100元, 5个, 5个, 2次; the text gives 100元, 5個 (twice) and a range
    quantities = find_quantities("投入100元，5個村，5個鄉，3至5倍")
    found = [x for q in quantities for x in quantity_items(q)]
    assert (Decimal(3), "倍") in found and (Decimal(5), "倍") in found  # both range bounds
    scores = evaluate_spans(docs, {"a-L1.txt": found, "b-L1.txt": found[:1]})
    a = scores["documents"]["a-L1.txt"]
    assert (a["tp"], a["fp"], a["fn"]) == (3, 2, 1)  # 个 unit simplified; 2次 missed
    assert a["missed"] == ["2次"] and a["spurious"] == ["3倍", "5倍"]
    assert (scores["sources"]["b"]["fp"], scores["sources"]["b"]["tp"]) == (1, 0)
    assert scores["overall"]["tp"] == 3 and scores["overall"]["fp"] == 3
