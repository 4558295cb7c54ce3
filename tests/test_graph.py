"""Graph building and JSON-LD output: contract compliance (GRAPH.md + docs/graph.md),
identity, determinism, and agreement of three independent JSON-LD processors (offline)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.export.offline import offline_jsonld
from pipeline.graph import GraphBuilder, build_graph, dumps_jsonld, write_jsonld
from pipeline.graph import identity as ident
from pipeline.graph import vocab as v
from pipeline.graph.builder import decimal_literal
from pipeline.graph.terms import as_list, first, is_ref, literal, ref

BASE = v.DEFAULT_BASE_IRI

TEXT_A = (
    "中國電信扶貧工作紀實\n2018-08-07\n"
    "中國電信集團有限公司董事長楊杰表示，2017年以來，中國電信在四川鹽源縣投入扶貧資金869萬餘元，"
    "幫助2.3萬個建檔立卡貧困戶脫貧。"
)
TEXT_B = "陕西移动在全省共有82个定点扶贫村。中国电信在四川省投入资金1.5亿元。"


def _ent(text: str, surface: str, label: str, nth: int = 0, **extra: object) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return {"text": surface, "norm": ident.simplify(surface), "label": label,
            "start": start, "end": start + len(surface), **extra}


def _statement(text: str, evidence: str, subject: dict, **fields: object) -> dict:
    start = text.index(evidence)
    return {"subject": subject, "evidence": evidence, "start": start,
            "end": start + len(evidence), **fields}


SICHUAN = {"code": "510000", "canonical": "四川省", "parents": []}
YANYUAN = {
    "code": "513423",
    "canonical": "盐源县",
    "parents": [{"name": "凉山彝族自治州", "code": "513400"}, {"name": "四川省", "code": "510000"}],
}


def doc_a() -> dict:
    t = TEXT_A
    telecom = _ent(t, "中國電信", "ORG", nth=2)
    yanyuan = _ent(t, "鹽源縣", "GPE", **YANYUAN)
    return {
        "id": "000_trad.txt",
        "source": "seeds/000_trad.txt",
        "script": "traditional",
        "title": "中國電信扶貧工作紀實",
        "date": "2018-08-07",
        "n_chars": len(t),
        "entities": [
            _ent(t, "中國電信", "ORG"),
            _ent(t, "中國電信集團有限公司", "ORG"),
            _ent(t, "楊杰", "PERSON"),
            telecom,
            _ent(t, "四川", "GPE", **SICHUAN),
            yanyuan,
        ],
        "statements": [
            _statement(t, "投入扶貧資金869萬餘元", telecom, predicate="投入", value="8690000",
                       unit="元", currency="CNY", object="扶贫资金", approx="more_than",
                       min_value="8690000", place=yanyuan, time="2017年以來"),
            _statement(t, "幫助2.3萬個建檔立卡貧困戶", telecom, predicate="帮助", value="23000",
                       unit="个", object="建档立卡贫困户", approx=None, place=None,
                       time="2017年以來"),
        ],
    }


def doc_b() -> dict:
    t = TEXT_B
    shaanxi = _ent(t, "陕西移动", "ORG")
    telecom = _ent(t, "中国电信", "ORG")
    sichuan = _ent(t, "四川省", "GPE", **SICHUAN)
    return {
        "id": "002_simp.txt",
        "script": "simplified",
        "title": None,
        "date": None,
        "entities": [shaanxi, telecom, sichuan],
        "statements": [
            _statement(t, "共有82个定点扶贫村", shaanxi, predicate="共有", value="82", unit="个",
                       object="定点扶贫村", place=None, time=None),
            _statement(t, "投入资金1.5亿元", telecom, predicate="投入", value="1.5E+8", unit="元",
                       currency="CNY", place=sichuan),
        ],
    }


@pytest.fixture(scope="module")
def graph() -> dict:
    return build_graph([doc_a(), doc_b()])


def nodes_of(graph: dict, type_: str) -> list[dict]:
    return [n for n in graph["@graph"] if n["@type"] == type_]


def node(graph: dict, iri: str) -> dict:
    return next(n for n in graph["@graph"] if n["@id"] == iri)


# -- identity ------------------------------------------------------------------------------
def test_canonical_names() -> None:
    assert ident.canonical_name("ORG", "中国电信集团有限公司") == "中国电信"
    assert ident.canonical_name("ORG", "中國電信") == "中国电信"
    assert ident.canonical_name("ORG", "中國電信集團有限公司") == "中国电信"
    assert ident.canonical_name("ORG", "集团公司") == "集团公司"  # nothing would be left
    assert ident.canonical_name("ORG", "海尔集团股份有限公司") == "海尔"  # stacked suffixes
    assert ident.canonical_name("PERSON", "楊杰") == "杨杰"
    assert ident.canonical_name("GPE", "鹽源縣") == "盐源县"  # suffixes only strip ORGs
    given = ident.canonical_name("ORG", "中國電信集團有限公司", canonical="中国电信集团")
    assert given == "中国电信集团"  # the NLP stages' canonical wins


def test_same_entity_same_iri_across_scripts_and_forms() -> None:
    iris = {
        ident.entity_iri(BASE, "ORG", ident.canonical_name("ORG", s))
        for s in ("中國電信", "中国电信", "中国电信集团有限公司", "中國電信集團有限公司")
    }
    assert len(iris) == 1
    assert ident.entity_iri(BASE, "GPE", "中国电信") not in iris  # label is part of identity


def test_a_surname_alone_is_no_entity_node() -> None:
    # 陳 of 陳小姐: as a node it would be every Chen of every document
    text = "自成為超額教師後，陳小姐寄出約400封求職信，楊杰也寄了信。"
    doc = {"id": "x.txt", "source": "x.txt", "script": "traditional", "text": text,
           "entities": [_ent(text, "陳", "PERSON"), _ent(text, "楊杰", "PERSON")],
           "statements": []}
    names = [n.get(v.P_NAME) for n in build_graph([doc])["@graph"]
             if n.get("@type") == v.T_PERSON]
    assert names == ["杨杰"]


def test_base_iri_is_configurable() -> None:
    g = build_graph([doc_b()], base_iri="http://example.org/kg")
    assert all(n["@id"].startswith("http://example.org/kg/") for n in g["@graph"])


# -- contract ------------------------------------------------------------------------------
def test_inline_context_has_the_contract_prefixes(graph: dict) -> None:
    ctx = graph["@context"]
    assert ctx == {
        "schema": "http://schema.org/",
        "zhkg": "https://w3id.org/zhkg#",
        "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
        "prov": "http://www.w3.org/ns/prov#",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
    }
    assert list(graph) == ["@context", "@graph"]


def test_document_nodes(graph: dict) -> None:
    docs = {d[v.P_IDENTIFIER]: d for d in nodes_of(graph, "schema:NewsArticle")}
    assert set(docs) == {"000_trad.txt", "002_simp.txt"}
    a, b = docs["000_trad.txt"], docs["002_simp.txt"]
    assert a["@id"] == ident.document_iri(BASE, "000_trad.txt")
    assert a["schema:headline"] == "中國電信扶貧工作紀實"
    assert a["schema:datePublished"] == {"@value": "2018-08-07", "@type": "xsd:date"}
    assert a["schema:inLanguage"] == "zh-Hant" and b["schema:inLanguage"] == "zh-Hans"
    assert "schema:headline" not in b and "schema:datePublished" not in b


def test_org_variants_are_one_node(graph: dict) -> None:
    orgs = {n["schema:name"]: n for n in nodes_of(graph, "schema:Organization")}
    assert set(orgs) == {"中国电信", "陕西移动"}
    telecom = orgs["中国电信"]
    assert telecom["@id"] == ident.entity_iri(BASE, "ORG", "中国电信")
    assert telecom["zhkg:label"] == "ORG"
    assert telecom["schema:alternateName"] == sorted(["中國電信", "中國電信集團有限公司"])
    docs = [ident.document_iri(BASE, d) for d in ("000_trad.txt", "002_simp.txt")]
    assert telecom["zhkg:mentionedIn"] == [{"@id": d} for d in sorted(docs)]


def test_linked_places_and_parent_chain(graph: dict) -> None:
    areas = {n["@id"]: n for n in nodes_of(graph, "schema:AdministrativeArea")}
    yanyuan = areas[f"{BASE}place/513423"]
    assert yanyuan["schema:name"] == "盐源县"
    assert yanyuan["schema:alternateName"] == ["鹽源縣"]
    assert yanyuan["schema:identifier"] == "513423"
    assert yanyuan["schema:containedInPlace"] == {"@id": f"{BASE}place/513400"}
    liangshan = areas[f"{BASE}place/513400"]
    assert liangshan["schema:name"] == "凉山彝族自治州"
    assert liangshan["schema:containedInPlace"] == {"@id": f"{BASE}place/510000"}
    assert "zhkg:mentionedIn" not in liangshan  # only a parent, never mentioned
    sichuan = areas[f"{BASE}place/510000"]  # 四川 (traditional doc) and 四川省 (simplified doc)
    assert sichuan["schema:name"] == "四川省"
    assert sichuan["schema:alternateName"] == ["四川"]
    assert len(sichuan["zhkg:mentionedIn"]) == 2
    assert "schema:containedInPlace" not in sichuan


def test_quantity_statements(graph: dict) -> None:
    statements = nodes_of(graph, "zhkg:QuantityStatement")
    assert len(statements) == 4
    by_value = {s["schema:value"]["@value"]: s for s in statements}
    assert set(by_value) == {"8690000", "23000", "82", "150000000"}  # 1.5E+8 canonicalised
    s = by_value["8690000"]
    assert s["schema:value"] == {"@value": "8690000", "@type": "xsd:decimal"}
    assert s["zhkg:subject"] == {"@id": ident.entity_iri(BASE, "ORG", "中国电信")}
    assert s["zhkg:predicate"] == "投入"
    assert s["schema:unitText"] == "元" and s["schema:currency"] == "CNY"
    assert s["zhkg:object"] == "扶贫资金"
    assert s["zhkg:approximation"] == "more_than"
    assert s["schema:minValue"] == {"@value": "8690000", "@type": "xsd:decimal"}
    assert s["schema:location"] == {"@id": f"{BASE}place/513423"}
    assert s["zhkg:time"] == "2017年以來"
    doc = ident.document_iri(BASE, "000_trad.txt")
    assert s["prov:wasDerivedFrom"] == {"@id": doc}
    ev = node(graph, s["zhkg:evidence"]["@id"])
    begin, end = int(ev["nif:beginIndex"]["@value"]), int(ev["nif:endIndex"]["@value"])
    assert ev["nif:beginIndex"]["@type"] == "xsd:nonNegativeInteger"
    assert TEXT_A[begin:end] == ev["nif:anchorOf"] == "投入扶貧資金869萬餘元"
    assert ev["nif:referenceContext"] == {"@id": doc}
    assert "zhkg:approximation" not in by_value["23000"]
    assert "schema:location" not in by_value["82"]
    assert node(graph, by_value["150000000"]["schema:location"]["@id"])["schema:name"] == "四川省"


def test_mentions_one_per_document_surface_label(graph: dict) -> None:
    mentions = nodes_of(graph, "zhkg:Mention")
    trad = ident.document_iri(BASE, "000_trad.txt")
    in_a = {m["nif:anchorOf"]: m for m in mentions if m["nif:referenceContext"]["@id"] == trad}
    # 中國電信 is mentioned three times in doc A: one node, first offsets
    assert set(in_a) == {"中國電信", "中國電信集團有限公司", "楊杰", "四川", "鹽源縣"}
    m = in_a["中國電信"]
    assert m["zhkg:label"] == "ORG"
    assert m["zhkg:denotes"] == {"@id": ident.entity_iri(BASE, "ORG", "中国电信")}
    assert int(m["nif:beginIndex"]["@value"]) == TEXT_A.index("中國電信")
    assert len(mentions) == 8


def test_every_reference_resolves(graph: dict) -> None:
    ids = {n["@id"] for n in graph["@graph"]}
    for n in graph["@graph"]:
        for value in n.values():
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict) and "@id" in item:
                    assert item["@id"] in ids, (n["@id"], item)


def test_graph_order(graph: dict) -> None:
    """Documents in IRI order, each followed by its own nodes sorted by @id; entities last,
    sorted by @id (docs/graph.md, "File shape")."""
    ids = [n["@id"] for n in graph["@graph"]]
    assert len(ids) == len(set(ids))
    own_types = {v.T_MENTION, v.T_EVIDENCE, v.T_STATEMENT}
    blocks: list[list[dict]] = []
    entities: list[str] = []
    for node in graph["@graph"]:
        if node["@type"] == v.T_DOCUMENT:
            assert not entities, "a document after the entities"
            blocks.append([node])
        elif node["@type"] in own_types:
            assert not entities and blocks, "a document's node outside its block"
            owner = node.get(v.P_DERIVED_FROM) or node.get(v.P_REFERENCE_CONTEXT)
            assert owner == {"@id": blocks[-1][0]["@id"]}
            blocks[-1].append(node)
        else:
            entities.append(node["@id"])
    doc_iris = [block[0]["@id"] for block in blocks]
    assert len(doc_iris) == 2 and doc_iris == sorted(doc_iris)
    for block in blocks:
        block_ids = [n["@id"] for n in block]
        assert block_ids == sorted(block_ids) and len(block) > 1
    assert entities and entities == sorted(entities)


# -- determinism and writing ---------------------------------------------------------------
def test_byte_identical_and_order_independent(tmp_path: Path) -> None:
    one, two, rev = tmp_path / "1.jsonld", tmp_path / "2.jsonld", tmp_path / "r.jsonld"
    write_jsonld(build_graph([doc_a(), doc_b()]), one)
    write_jsonld(build_graph([doc_a(), doc_b()]), two)
    write_jsonld(build_graph([doc_b(), doc_a()]), rev)
    assert one.read_bytes() == two.read_bytes() == rev.read_bytes()


def test_write_is_utf8_sorted_and_leaves_no_temp_files(tmp_path: Path, graph: dict) -> None:
    path = tmp_path / "graph.jsonld"
    path.write_text("old", encoding="utf-8")
    write_jsonld(graph, path)
    text = path.read_text(encoding="utf-8")
    assert "中国电信" in text and "\\u" not in text
    assert json.loads(text) == graph
    assert text == dumps_jsonld(graph)
    assert [p.name for p in tmp_path.iterdir()] == ["graph.jsonld"]


def test_builder_is_incremental_and_merges_repeated_documents() -> None:
    builder = GraphBuilder()
    builder.add(doc_a())
    first = builder.stats()
    builder.add(doc_a())  # the same result again changes nothing
    assert builder.stats() == first
    assert builder.to_jsonld() == build_graph([doc_a()])


def test_bad_statements_are_skipped_not_fatal() -> None:
    bad = doc_b()
    bad["statements"].append({"subject": bad["entities"][0], "value": "lots", "unit": "个"})
    bad["statements"].append({"subject": None, "value": "3", "unit": "个"})
    builder = GraphBuilder()
    builder.add(bad)
    assert builder.stats()["skipped_statements"] == 2
    assert builder.stats()["statements"] == 2


@given(st.decimals(allow_nan=False, allow_infinity=False, places=6))
def test_decimal_literal_round_trips(value: Decimal) -> None:
    lit = decimal_literal(str(value))
    assert lit is not None and Decimal(lit["@value"]) == value
    assert "E" not in lit["@value"] and "e" not in lit["@value"]


# -- three JSON-LD processors agree (offline) ----------------------------------------------
def test_pyld_loader_is_offline() -> None:
    jsonld = offline_jsonld()
    with pytest.raises(jsonld.JsonLdError):
        jsonld.expand({"@context": "https://schema.org/", "name": "x"})


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_pyld_rdflib_and_oxigraph_agree(graph: dict) -> None:
    pyoxigraph = pytest.importorskip("pyoxigraph")
    rdflib = pytest.importorskip("rdflib")
    text = dumps_jsonld(graph)
    jsonld = offline_jsonld()
    expanded = jsonld.expand(json.loads(text))
    assert expanded
    nquads = jsonld.to_rdf(json.loads(text), {"format": "application/n-quads"})
    pyld_lines = {line for line in nquads.splitlines() if line.strip()}

    rg = rdflib.Graph()
    rg.parse(data=text, format="json-ld")
    from_pyld = rdflib.Graph()
    from_pyld.parse(data=nquads, format="nt")
    assert set(rg) == set(from_pyld)

    store = pyoxigraph.Store()
    store.load(text.encode("utf-8"), format=pyoxigraph.RdfFormat.JSON_LD)
    ox_nq = pyoxigraph.Store()
    ox_nq.load(nquads.encode("utf-8"), format=pyoxigraph.RdfFormat.N_QUADS)
    assert set(map(str, store)) == set(map(str, ox_nq))

    assert len(pyld_lines) == len(rg) == len(store) > 100
    # typed literals survive: the value is an xsd:decimal for every processor
    decimal = rdflib.URIRef("http://www.w3.org/2001/XMLSchema#decimal")
    values = set(rg.objects(None, rdflib.URIRef("http://schema.org/value")))
    assert values and all(o.datatype == decimal for o in values)


def test_terms_read_every_value_shape() -> None:
    """Readers accept single items and lists, typed literals, and references written out or
    compacted to a plain IRI string (as other tools write them)."""
    assert as_list(None) == [] and as_list("a") == ["a"] and as_list(["a", "b"]) == ["a", "b"]
    assert first([]) is None and first(["x", "y"]) == "x"
    assert literal([{"@value": 120, "@type": "xsd:decimal"}, "other"]) == "120"
    assert literal({"@id": "zhkg:e1"}) is None and literal(None) is None
    assert ref([{"@id": "zhkg:e1"}]) == "zhkg:e1" and ref("zhkg:e2") == "zhkg:e2"
    assert ref({"@value": "x"}) is None
    assert is_ref({"@id": "zhkg:e1"}) and not is_ref({"@value": "x"}) and not is_ref("zhkg:e1")
