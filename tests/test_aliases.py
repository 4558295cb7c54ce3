"""Short names a text defines (（以下简称“中国移动”）) are the entity they were defined for,
through the real pipeline and graph: one node, and the relation stage sees one entity."""

from __future__ import annotations

from pipeline.aliases.component import AliasLinker
from pipeline.graph import build_graph
from pipeline.result import doc_to_result

FULL = "中国移动通信集团有限公司（以下简称“中国移动”）今年投资50亿元。中国移动还新建基站3万个。"


def _orgs(nlp, text: str) -> list[dict]:
    graph = build_graph([doc_to_result(nlp(text), "a.txt", "a.txt")])
    return [n for n in graph["@graph"] if n["@type"] == "schema:Organization"]


def test_a_defined_short_name_is_one_node_with_its_full_name(nlp) -> None:
    (org,) = _orgs(nlp, FULL)
    assert "中国移动" in org["schema:alternateName"]
    assert "中国移动通信集团有限公司" in org["schema:alternateName"]
    statements = nlp(FULL)._.statements
    assert {s["subject"]["canonical"] for s in statements} == {org["schema:name"]}


def test_traditional_script_and_unquoted_short_names(nlp) -> None:
    text = "國際商業信貸銀行（以下簡稱國商銀行）去年虧損5億美元。國商銀行有職工3000名。"
    (org,) = _orgs(nlp, text)
    assert org["schema:name"] == "国际商业信贷银行"
    assert "國商銀行" in org["schema:alternateName"]


def test_a_short_name_inside_a_word_is_not_a_mention(nlp) -> None:
    text = "华夏银行股份有限公司（以下简称“公司”）的子公司去年盈利3亿元，公司员工2万名。"
    starts = {e.start_char for e in nlp(text).ents if e.text == "公司"}
    assert text.rindex("公司员工") in starts and text.index("子公司") + 1 not in starts


def test_without_a_definition_names_stay_apart(nlp) -> None:
    text = "中国移动通信集团有限公司今年投资50亿元。中国移动还新建基站3万个。"
    assert len(_orgs(nlp, text)) == 2


def test_a_full_names_beginning_before_a_legal_form_is_the_same_body(nlp) -> None:
    # 野村 of 野村公司 and 一汽 of 一汽集团有限公司: one node each, undefined
    text = ("野村公司今年亏损３亿美元。野村的７９家分支机构停业。"
            "一汽集团有限公司投资５亿元。一汽新建工厂３座。")
    orgs = {o["schema:name"]: set(o.get("schema:alternateName", ())) for o in _orgs(nlp, text)}
    assert orgs == {"野村公司": {"野村"}, "一汽": {"一汽集团有限公司"}}
    # what goes on with another word may be another body
    text = "外经贸部研究院召开会议。外经贸部去年审批项目２１０个。"
    assert len(_orgs(nlp, text)) == 2


def test_the_definition_pattern_reads_cues_quotes_and_brackets() -> None:
    linker = AliasLinker()
    linker.ensure_read()
    pattern = linker.pattern
    short = [
        (m.group("short") if m else None)
        for m in (pattern.match(s) for s in ["（以下简称“中国移动”）", "”（简称“民友联”）",
                                             "(下称中远集团)", "（简称：名词委）",
                                             "（简称热科院、热农大）", "（中国移动）"])
    ]
    assert short == ["中国移动", "民友联", "中远集团", "名词委", None, None]


def test_a_latin_gloss_is_the_name_it_follows(nlp) -> None:
    text = "女子网球协会（WTA）去年有会员1200名。WTA今年的奖金总额为1亿美元。"
    (org,) = _orgs(nlp, text)
    assert org["schema:name"] == "女子网球协会" and "WTA" in org["schema:alternateName"]
    doc = nlp(text)
    assert [e.text for e in doc.ents] == ["女子网球协会", "WTA", "WTA"]
    # the gloss in the bracket is no candidate of its own: the name that opens the clause
    # is the subject's mention
    (first, _) = doc._.statements
    assert first["subject"]["text"] == "女子网球协会"


def test_the_gloss_pattern_reads_latin_names_only(nlp) -> None:
    linker = AliasLinker()
    linker.ensure_read()
    short = [
        (m.group("short") if m else None)
        for m in (linker.gloss.match(s) for s in ["（Ｒｏｓｓｉｎｉ）", "(Fordham University)",
                                                  "（Ｍ．Ｊ．Ｋｅｌｌｙ）", "（ED50）",
                                                  "（女）", "（China, Beijing）"])
    ]
    assert short == ["Ｒｏｓｓｉｎｉ", "Fordham University", "Ｍ．Ｊ．Ｋｅｌｌｙ", None, None, None]
    # an acronym names an organisation or place, never a person (张明（CEO）)
    assert [e.text for e in nlp("张明（CEO）说，公司今年投资3亿元。").ents] == ["张明"]
