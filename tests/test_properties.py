"""Properties of the whole pipeline on arbitrary text (hypothesis).

For any string: processing never raises; every offset it records (entities, quantities,
statements, content ranges, title) lies inside the original text and slices to the recorded
surface; and the graph built from the result is valid JSON-LD (expanded offline by pyld).
The quantity parser's own properties live in tests/test_quantities.py and are reused here.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipeline.export.offline import offline_jsonld
from pipeline.graph.builder import GraphBuilder
from pipeline.graph.writer import dumps_jsonld
from pipeline.result import doc_to_result

from .test_quantities import _check_invariants

# Chinese words, digits (ASCII and full-width), units, hedges and punctuation: the text the
# quantity and relation rules look at, so that examples reach deep into them.
_PIECES = st.sampled_from(
    [
        "中国电信", "陕西移动", "中國電信", "四川省", "盐源县", "青海久治縣", "该公司", "平台",
        "“益农服务”", "12582热线", "投入", "建设", "覆盖率", "达到", "共有", "帮助", "同比增长",
        "万", "亿", "萬", "元", "人次", "个", "%", "％", "余", "多", "约", "超过", "至", "-", "～",
        "1,234.5", "３", "８６９", "五百", "二〇一七年", "8月", "截至", "以来", "，", "。", "；",
        "：", "、", "“", "”", "\n", " ", "\u3000", "\u200b", "😀", "ＡＢＣ", "IBM", "の",
    ]
)
_CJK_MIX = st.lists(st.one_of(_PIECES, st.text(max_size=3)), max_size=40).map("".join)
_ANY_TEXT = st.text(max_size=200)  # the whole Unicode range; hypothesis leaves out surrogates

_SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _check_doc(text: str, doc) -> dict:  # spacy Doc
    """Assert every offset invariant; return the document's result record."""
    assert doc.text == text
    n = len(text)
    for ent in doc.ents:
        assert 0 <= ent.start_char < ent.end_char <= n
        assert text[ent.start_char : ent.end_char] == ent.text
    for span in doc.spans.get("quantities", []):
        q = span._.quantity
        assert (span.start_char, span.end_char) == (q.start, q.end)
        simplified = doc._.simplified or text
        _check_invariants(simplified, q)
    for span in doc.spans.get("times", []):
        t = span._.time
        assert 0 <= t.start <= t.end <= n
        assert (doc._.simplified or text)[t.start : t.end] == t.text
    for a, b in doc._.content_ranges or []:
        assert 0 <= a <= b <= n
    if doc._.title:
        a, b = doc._.title
        assert 0 <= a <= b <= n
    result = doc_to_result(doc, "doc.txt", "in/doc.txt")
    for rec in result["entities"]:
        assert text[rec["start"] : rec["end"]] == rec["text"]
    for st_ in result["statements"]:
        assert 0 <= st_["start"] <= st_["end"] <= n
        assert text[st_["start"] : st_["end"]] == st_["evidence"]
        subject = st_["subject"]
        assert text[subject["start"] : subject["end"]] == subject["text"]
    return result


def _check_jsonld(result: dict) -> None:
    builder = GraphBuilder()
    builder.add(result)
    text = dumps_jsonld(builder.to_jsonld())
    text.encode("utf-8")  # what the writer does: must not fail on any character
    expanded = offline_jsonld().expand(json.loads(text))
    assert isinstance(expanded, list)


@_SETTINGS
@given(_ANY_TEXT)
@example("0\x1bL")  # a control byte inside a quantity: its surface keeps it (a CI failure)
@example("截至\u200b8月底投入8\u200b69万元")
def test_any_unicode_never_raises_and_offsets_hold(nlp, text: str) -> None:
    _check_doc(text, nlp(text))


@_SETTINGS
@given(_CJK_MIX)
def test_chinese_mix_never_raises_and_offsets_hold(nlp, text: str) -> None:
    _check_doc(text, nlp(text))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.one_of(_CJK_MIX, _ANY_TEXT))
def test_graph_is_valid_jsonld_for_any_input(nlp, text: str) -> None:
    _check_jsonld(_check_doc(text, nlp(text)))


# Inputs that once broke the pipeline (found by these properties and by ``make fuzz``).
FINDINGS = [
    "万0万",  # one token when sentences were set, split later: doc.sents raised E030
    "0",
    "IBM::",
    "中国电信投入１，２３４．５万元",  # full-width thousands separator read as 234.5万
    "中国电信" * 50 + "投入5万元" * 300,  # one long clause: evidence reached back unbounded
]


def test_findings_stay_fixed(nlp) -> None:
    for text in FINDINGS:
        _check_jsonld(_check_doc(text, nlp(text)))
    (st_,) = [s for s in nlp(FINDINGS[3])._.statements]
    assert st_["value"] == "12345000"
    long_clause = nlp(FINDINGS[4])._.statements
    assert long_clause and all(s["end"] - s["start"] <= 300 for s in long_clause)
