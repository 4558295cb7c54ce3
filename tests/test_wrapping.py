"""Hard-wrapped text (a PDF's or an e-mail's lines, an HTML source's wrapped paragraphs):
read as the paragraphs it wraps, every offset still pointing into the input."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from pipeline.evaluate.graph_reader import graph_to_predictions
from pipeline.graph.builder import build_graph
from pipeline.io.html import extract_html, join_wide_breaks
from pipeline.scale.worker import process_docs
from pipeline.script.invisible import analysis_view, visible_form
from pipeline.script.wrapping import display_width, soft_breaks

PARAGRAPH = (
    "本报讯今年以来，中国移动贵州公司在全省累计投资12.6亿元，建设4G基站3200个，"
    "覆盖行政村1.2万个，惠及农村人口450万人。该公司还投入5亿元，帮助全省16个深度贫困县"
    "建设光纤网络，使贫困村宽带覆盖率达到98%。"
)
DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def wrap(text: str, columns: int) -> str:
    """``text`` broken into lines of at most ``columns`` display columns, as a PDF's or a
    terminal's lines are."""
    lines, line = [], ""
    for ch in text:
        if display_width(line + ch) > columns:
            lines.append(line)
            line = ""
        line += ch
    return "\n".join([*lines, line])


def statements(result) -> set[tuple[str, str, str]]:
    return {(s["subject"]["norm"], s["value"], s["unit"]) for s in result["statements"]}


@pytest.mark.parametrize("columns", [48, 60, 76])
def test_wrapped_paragraph_reads_as_the_paragraph(nlp, columns: int) -> None:
    text = wrap(PARAGRAPH * 2, columns)
    assert "\n" in text and len(soft_breaks(text)) == text.count("\n")
    ((_, flat), (_, wrapped)) = process_docs(nlp, [(0, PARAGRAPH * 2), (1, text)])
    assert statements(wrapped) == statements(flat)
    assert ("中国移动贵州公司", "4500000", "人") in statements(flat)
    for rec in [*wrapped["entities"], *(s["subject"] for s in wrapped["statements"])]:
        assert text[rec["start"] : rec["end"]] == rec["text"]  # offsets into the input
    for st in wrapped["statements"]:
        assert text[st["start"] : st["end"]] == st["evidence"]


def test_wrapped_names_are_names_in_the_graph(nlp) -> None:
    """A name a wrap cuts keeps the input in its mention's anchor and is the name itself
    wherever the graph names it, and for the scorer."""
    filler = "记者日前从有关方面获悉，" * 3
    text = next(
        t for n in range(len(filler)) if "贵\n州" in (t := wrap(filler[:n] + PARAGRAPH, 60))
    )
    ((_, result),) = process_docs(nlp, [(0, text)])
    graph = build_graph([{**result, "id": "wrapped.txt"}])
    nodes = graph["@graph"]
    anchors = {n.get("nif:anchorOf") for n in nodes}
    assert "中国移动贵\n州公司" in anchors
    names = {str(n.get("schema:alternateName")) + str(n.get("schema:name")) for n in nodes}
    assert not any("\n" in name for name in names)
    (entities,) = [p["entities"] for p in graph_to_predictions(graph).values()]
    assert ("中国移动贵州公司", "ORG") in entities
    assert visible_form("中国\u200b电信\n集团") == "中国电信集团"


def test_text_of_whole_paragraphs_is_left_as_it_is() -> None:
    """News written a paragraph a line, headlines and lists have no wrapped lines."""
    assert soft_breaks(PARAGRAPH + "\n" + PARAGRAPH[:40] + "\n" + PARAGRAPH) == []
    headlines = "\n".join(["中国电信投资12亿元建设农村宽带网络"] * 6)
    assert soft_breaks(headlines) == []  # full lines, but too short to be a wrap width
    # between Latin words a break is a space: it stays
    latin = "\n".join(["这是一段在英文单词处换行的测试文字内容 Johns"] * 3 + ["Hopkins大学"])
    assert latin.rindex("\n") not in soft_breaks(latin)
    assert len(soft_breaks(latin)) == 2


def test_spaces_that_end_a_wrapped_line_go_with_its_break() -> None:
    text = wrap(PARAGRAPH * 2, 60).replace("\n", "  \n")
    assert analysis_view(text, unwrap=True).text == PARAGRAPH * 2
    assert analysis_view(text).text == text  # nlp(text) and the quantity stage: as written


@pytest.mark.skipif(not DATA.is_dir(), reason="../shared/data is missing")
def test_paragraph_a_line_news_is_not_unwrapped() -> None:
    """People's Daily fold 5, a paragraph a line, read 12 paragraphs at a time: hardly
    a document looks wrapped (a run of headlines of one length may)."""
    with gzip.open(DATA / "cws" / "pd1998" / "fold-5.txt.gz", "rt", encoding="utf-8") as fh:
        lines = ["".join(line.split()) for line in fh]
    docs = ["\n".join(lines[i : i + 12]) for i in range(0, len(lines), 12)]
    assert sum(1 for doc in docs if soft_breaks(doc)) <= len(docs) // 500


def test_html_source_wraps_are_dropped_as_a_browser_drops_them() -> None:
    markup = (
        "<html><body><article><p>中国移动贵州公司在全省\n    累计投资12.6亿元，\n"
        "建设4G基站3200个。Google\nChrome</p><pre>第一行\n第二行</pre></article></body></html>"
    )
    joined = join_wide_breaks(markup)
    assert "在全省累计投资12.6亿元，建设4G基站" in joined
    assert "Google\nChrome" in joined and "第一行\n第二行" in joined
    content = extract_html(markup)
    assert content is not None and "在全省累计投资" in content.body
