"""Exports (N-Quads, Turtle, Neo4j CSV), the Oxigraph store and the shipped SPARQL queries,
on the graph of the seed articles made by the real pipeline."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
import rdflib

from pipeline.graph import vocab as v
from pipeline.store.queries import shipped_queries
from tests.seed_run import SEEDS, invoke

RDF_TYPE = rdflib.RDF.type
# rdflib's own JSON-LD parser still builds a ConjunctiveGraph internally
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


@pytest.fixture(scope="module")
def graph(seeds_graph: dict) -> dict:
    return seeds_graph


@pytest.fixture(scope="module")
def store(seeds_out: Path) -> Path:
    store = seeds_out / "store"
    result = invoke("load", seeds_out / "graph.jsonld", "--store", store)
    assert result.exit_code == 0, result.output
    return store


def _export(seeds_out: Path, fmt: str, out: Path) -> Path:
    result = invoke("export", seeds_out / "graph.jsonld", "--format", fmt, "--out", out)
    assert result.exit_code == 0, result.output
    return out


def _select(store: Path, query: str, *params: str) -> list[dict[str, str]]:
    """Rows of a SELECT run through ``zhkg query --format json``: variable -> lexical value."""
    bound = [arg for param in params for arg in ("--param", param)]
    result = invoke("query", query, "--store", store, "--format", "json", *bound)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    return [{k: b["value"] for k, b in row.items()} for row in data["results"]["bindings"]]


def _store_count(store: Path) -> int:
    rows = _select(store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    return int(rows[0]["n"])


def _by_value(triple: tuple) -> tuple:
    """A triple with typed literals compared by value rather than lexical form."""
    s, p, o = triple
    if isinstance(o, rdflib.Literal) and o.datatype is not None:
        return s, p, (o.datatype, o.toPython())
    return s, p, o


def _of_type(graph: dict, type_: str) -> list[dict]:
    return [n for n in graph["@graph"] if n["@type"] == type_]


# -- three export paths, one triple count ----------------------------------------------------
def test_nquads_turtle_and_store_agree(seeds_out: Path, store: Path, tmp_path: Path) -> None:
    nquads = _export(seeds_out, "nquads", tmp_path / "graph.nq").read_text(encoding="utf-8")
    lines = nquads.splitlines()
    from_nquads = rdflib.Graph().parse(data=nquads, format="nt")
    from_turtle = rdflib.Graph().parse(_export(seeds_out, "turtle", tmp_path / "g.ttl"))
    assert len(lines) == len(set(lines)) == len(from_turtle) == _store_count(store) > 1000
    # the same triples, not just as many (Turtle writes decimals as 8690000.0: same value)
    assert set(map(_by_value, from_nquads)) == set(map(_by_value, from_turtle))
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_nquads_to_stdout_keep_typed_values(seeds_out: Path) -> None:
    result = invoke("export", seeds_out, "--format", "nquads")  # a run's directory works too
    assert result.exit_code == 0
    decimal = f"^^<{v.XSD}decimal>"
    values = [line for line in result.stdout.splitlines() if f"<{v.SCHEMA}value>" in line]
    assert values and all(decimal in line for line in values)


def test_turtle_uses_the_contract_prefixes(seeds_out: Path, tmp_path: Path) -> None:
    text = _export(seeds_out, "turtle", tmp_path / "g.ttl").read_text(encoding="utf-8")
    for prefix, iri in v.PREFIXES.items():
        assert f"@prefix {prefix}: <{iri}> ." in text
    assert "a zhkg:QuantityStatement" in text


# -- Neo4j CSV ---------------------------------------------------------------------------------
def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    return rows[0], rows[1:]


def test_csv_matches_the_graph(seeds_out: Path, graph: dict, tmp_path: Path) -> None:
    _export(seeds_out, "csv", tmp_path)
    node_header, nodes = _rows(tmp_path / "nodes.csv")
    rel_header, rels = _rows(tmp_path / "relationships.csv")
    assert node_header[:4] == [":ID", "uri", "name", ":LABEL"]
    assert {"value:double", "beginIndex:long", "alternateName:string[]"} <= set(node_header)
    assert rel_header == [":START_ID", ":END_ID", ":TYPE"]

    rdf = rdflib.Graph().parse(data=json.dumps(graph), format="json-ld")
    subjects = {str(s) for s in rdf.subjects()}
    links = [(str(s), str(o)) for s, p, o in rdf
             if isinstance(o, rdflib.URIRef) and p != RDF_TYPE]
    ids = [row[0] for row in nodes]
    assert len(ids) == len(set(ids)) == len(graph["@graph"]) == len(subjects)
    assert set(ids) == subjects
    assert sorted((r[0], r[1]) for r in rels) == sorted(links)
    assert all(r[0] in subjects and r[1] in subjects for r in rels)  # no dangling ends

    col = {name: i for i, name in enumerate(node_header)}
    labels = {row[col[":LABEL"]] for row in nodes}
    assert {"NewsArticle", "Organization", "AdministrativeArea", "QuantityStatement"} <= labels
    types = {r[2] for r in rels}
    assert {"SUBJECT", "CONTAINED_IN_PLACE", "WAS_DERIVED_FROM", "MENTIONED_IN"} <= types
    money = [row for row in nodes if row[col["currency"]] == "CNY"]
    assert money and all(float(row[col["value:double"]]) > 0 for row in money)
    telecom = next(row for row in nodes if row[col["name"]] == "中国电信")
    assert "中國電信" in telecom[col["alternateName:string[]"]].split(";")


# -- the store -------------------------------------------------------------------------------
def test_loading_again_replaces_instead_of_duplicating(seeds_out: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    first = invoke("load", seeds_out / "graph.jsonld", "--store", store)
    count = _store_count(store)
    again = invoke("load", seeds_out / "graph.jsonld", "--store", store)
    assert first.exit_code == again.exit_code == 0
    assert _store_count(store) == count > 1000
    # another file is another named graph: both stay, and the union default graph merges them
    copy = tmp_path / "copy.jsonld"
    shutil.copy(seeds_out / "graph.jsonld", copy)
    assert invoke("load", copy, "--store", store).exit_code == 0
    assert _store_count(store) == 2 * count
    distinct = _select(store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o "
                              "WHERE { ?s ?p ?o } }")
    assert int(distinct[0]["n"]) == count


def test_query_formats(store: Path) -> None:
    table = invoke("query", "place_hierarchy", "--store", store)
    lines = table.stdout.splitlines()
    assert lines[0].split("|")[1].strip() == "code" and set(lines[1]) <= {"|", "-", " "}
    csv_out = invoke("query", "SELECT ?n WHERE { ?x a schema:Person ; schema:name ?n }",
                     "--store", store, "--format", "csv")
    header, *rows = csv_out.stdout.splitlines()
    assert header == "n" and "杨杰" in rows
    ask = invoke("query", "ASK { ?x a zhkg:QuantityStatement }", "--store", store)
    assert ask.stdout.strip() == "true"


# -- the shipped queries ---------------------------------------------------------------------
def test_five_queries_are_shipped() -> None:
    assert set(shipped_queries()) == {
        "money_by_org_province", "county_statements", "people", "quantities_by_unit",
        "place_hierarchy",
    }


@pytest.mark.parametrize("name", sorted(shipped_queries()))
def test_shipped_queries_declare_the_vocabulary_prefixes(name: str) -> None:
    """Declared for other stores; they must never drift from ``vocab.PREFIXES``."""
    text = shipped_queries()[name].read_text(encoding="utf-8")
    declared = dict(re.findall(r"^PREFIX (\w+): <([^>]+)>$", text, flags=re.M))
    assert declared and all(v.PREFIXES[p] == iri for p, iri in declared.items())
    used = set(re.findall(r"\b(\w+):\w", text.split("SELECT", 1)[1]))
    assert used & set(v.PREFIXES) <= set(declared)


def test_money_by_organisation_and_province(store: Path, graph: dict) -> None:
    rows = _select(store, str(shipped_queries()["money_by_org_province"]))
    orgs = {n[v.P_NAME] for n in _of_type(graph, v.T_ORG)}
    provinces = {n[v.P_NAME] for n in _of_type(graph, v.T_GPE) if v.P_CONTAINED_IN not in n}
    assert rows and all(r["organisation"] in orgs for r in rows)
    assert all(r["province"] in provinces | {"(no place)"} for r in rows)
    assert all(float(r["total_yuan"]) > 0 and int(r["statements"]) >= 1 for r in rows)
    # 中国电信 invested 869万元 in 久治县, which lies in 青海省
    assert any(r["organisation"] == "中国电信" and r["province"] == "青海省"
               and float(r["total_yuan"]) >= 8690000 for r in rows)
    money = [s for s in _of_type(graph, v.T_STATEMENT) if s.get(v.P_CURRENCY) == "CNY"
             and s[v.P_SUBJECT]["@id"] in {n["@id"] for n in _of_type(graph, v.T_ORG)}]
    assert sum(int(r["statements"]) for r in rows) == len(money)


def test_county_statements_carry_their_evidence(store: Path, seed_texts: dict) -> None:
    rows = _select(store, "county_statements", "county=久治县")
    assert len(rows) >= 2
    for r in rows:
        assert "久治县" in (r["subject"], r.get("place"))
        begin = int(r["begin"])
        text = seed_texts[r["document"]]
        assert text[begin : begin + len(r["evidence"])] == r["evidence"]
    assert any(r["value"] == "8690000" and r["unit"] == "元" for r in rows)


def test_people_and_their_documents(store: Path, graph: dict) -> None:
    rows = _select(store, str(shipped_queries()["people"]))
    people = {n[v.P_NAME] for n in _of_type(graph, v.T_PERSON)}
    assert {r["person"] for r in rows} == people
    assert all((SEEDS / r["document"]).is_file() for r in rows)
    yang = next(r for r in rows if r["person"] == "杨杰")
    assert int(yang["statements"]) >= 1 and "楊杰" in yang["about"]


def test_quantities_by_unit(store: Path, graph: dict) -> None:
    rows = _select(store, str(shipped_queries()["quantities_by_unit"]))
    orgs = {n["@id"] for n in _of_type(graph, v.T_ORG)}
    about_orgs = [s for s in _of_type(graph, v.T_STATEMENT) if s[v.P_SUBJECT]["@id"] in orgs]
    assert sum(int(r["statements"]) for r in rows) == len(about_orgs)
    assert all(float(r["largest"]) <= float(r["total"]) for r in rows)
    pairs = {(r["organisation"], r["unit"]) for r in rows}
    assert len(pairs) == len(rows) and ("中国电信", "元") in pairs


def test_place_hierarchy(store: Path, graph: dict) -> None:
    rows = _select(store, str(shipped_queries()["place_hierarchy"]))
    areas = _of_type(graph, v.T_GPE)
    assert len(rows) == len([a for a in areas if v.P_IDENTIFIER in a])
    by_code = {r["code"]: r for r in rows}
    assert by_code["632625"]["chain"] == "久治县 < 果洛藏族自治州 < 青海省"
    for r in rows:
        chain = r["chain"].split(" < ")
        assert chain[0] == r["place"]
        # GB/T 2260: provinces end in 0000 and have no parent; others share the province digits
        assert (len(chain) == 1) == r["code"].endswith("0000")


# -- errors are one line, exit 2 -------------------------------------------------------------
@pytest.mark.parametrize("content, reason", [
    (None, "no such file"),
    ("{not json", "not valid JSON"),
    ('{"@context": {}, "nodes": []}', "not a zhkg graph"),
    ('{"@context": "https://schema.org/", "@graph": [{"@id": "http://x.org/a"}]}',
     "remote @context"),  # refused before any library could try to fetch it
])
@pytest.mark.parametrize("command", [["export", "--format", "nquads"], ["load", "--store", "S"],
                                     ["show", "--html", "page.html"]])
def test_bad_graph_files(tmp_path: Path, content: str | None, reason: str,
                         command: list[str]) -> None:
    path = tmp_path / "graph.jsonld"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    args = [a if a not in ("S", "page.html") else tmp_path / a for a in command[1:]]
    result = invoke(command[0], path, *args)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"zhkg: error: {path}: ")
    assert reason in lines[0] and "Traceback" not in result.output


@pytest.mark.parametrize("query, store_exists, message", [
    ("SELECT WHERE {", True, "zhkg: error: query: "),
    ("missing.rq", True, "zhkg: error: missing.rq: "),
    ("ASK { ?s ?p ?o }", False, "no Oxigraph store here"),
])
def test_bad_queries_and_stores(store: Path, tmp_path: Path, query: str, store_exists: bool,
                                message: str) -> None:
    result = invoke("query", query, "--store", store if store_exists else tmp_path / "none")
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1 and message in result.stderr


def test_query_parameters(store: Path, graph: dict) -> None:
    """The shipped queries take their county, organisation or unit from --param."""
    assert _select(store, "county_statements", "county=久治县")
    assert _select(store, "county_statements", "county=没有这个县") == []
    every = _select(store, "quantities_by_unit")
    one = _select(store, "quantities_by_unit", "organisation=中国电信", "unit=元")
    assert [(r["organisation"], r["unit"]) for r in one] == [("中国电信", "元")]
    assert one[0] in every
    money = _select(store, "money_by_org_province", "organisation=中国电信")
    assert money and {r["organisation"] for r in money} == {"中国电信"}
    quoted = _select(store, "people", 'person=" } SELECT * WHERE { ?s ?p ?o')
    assert quoted == []  # a value is a literal, never query text


@pytest.mark.parametrize(("args", "message"), [
    (["county_statements"], "needs --param county=VALUE"),
    (["county_statements", "--param", "county"], "expected NAME=VALUE"),
    (["people", "--param", "nobody=x"], "no variable ?nobody (parameters: person)"),
])
def test_query_parameter_errors(store: Path, args: list[str], message: str) -> None:
    result = invoke("query", *args, "--store", store)
    assert result.exit_code == 2, result.output
    (line,) = result.output.splitlines()
    assert line.startswith("zhkg: error: ") and message in line, line
