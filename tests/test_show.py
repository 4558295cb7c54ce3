"""``zhkg show``: the page for the seed articles, checked as HTML and in headless Chromium."""

from __future__ import annotations

import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline.graph import vocab as v
from tests.seed_run import SEEDS, invoke

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def page(seeds_out: Path) -> Path:
    html = seeds_out / "report.html"
    result = invoke("show", seeds_out, "--html", html, "--source", SEEDS)
    assert result.exit_code == 0, result.output
    assert result.stderr.strip().endswith(f"2 documents (2 with text) -> {html}")
    return html


def _statements(graph: dict) -> list[dict]:
    return [n for n in graph["@graph"] if n["@type"] == v.T_STATEMENT]


def _evidence(graph: dict) -> dict[str, str]:
    """Statement IRI -> its evidence substring."""
    nodes = {n["@id"]: n for n in graph["@graph"]}
    return {s["@id"]: nodes[s[v.P_EVIDENCE]["@id"]][v.P_ANCHOR_OF] for s in _statements(graph)}


class Marks(HTMLParser):
    """Collects the text inside each ``data-st`` / ``data-ent`` element, badges left out."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, str | None, str | None, bool]] = []
        self.statements: dict[str, str] = {}
        self.entities: dict[str, list[str]] = {}
        self.classes: dict[str, set[str]] = {}

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        badge = a.get("class") in ("qv", "lbl")
        self.open.append((tag, a.get("data-st") if tag == "span" else None,
                          a.get("data-ent") if tag == "mark" else None, badge))
        if tag == "mark" and a.get("data-ent"):
            self.classes.setdefault(a["data-ent"], set()).update(a["class"].split())
            self.entities.setdefault(a["data-ent"], []).append("")

    def handle_endtag(self, tag: str) -> None:
        self.open.pop()

    def handle_data(self, data: str) -> None:
        if any(badge for *_, badge in self.open):
            return
        for _, st, ent, _ in self.open:
            if st:
                self.statements[st] = self.statements.get(st, "") + data
            if ent:
                self.entities[ent][-1] += data


def test_page_is_self_contained(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in text and "default-src 'none'" in text
    assert not re.search(r"""\b(src|href)\s*=\s*["'](?!#)""", text)  # only in-page links
    assert "<link" not in text and "@import" not in text and "url(" not in text
    assert "<script>" in text and "<style>" in text and "<svg" in text


def test_texts_are_marked_up(page: Path, seeds_graph: dict, seed_texts: dict) -> None:
    marks = Marks()
    marks.feed(page.read_text(encoding="utf-8"))
    evidence = _evidence(seeds_graph)
    # every statement's evidence is marked, whole, once (pieces joined), in its document
    assert sorted(marks.statements.values()) == sorted(evidence.values())
    # entity marks carry their label's colour class and cover real entity names
    names = {n[v.P_NAME] for n in seeds_graph["@graph"] if v.P_NAME in n}
    alternates = {a for n in seeds_graph["@graph"] for a in n.get(v.P_ALT_NAME, [])}
    surfaces = [s for found in marks.entities.values() for s in found]
    assert len(surfaces) > len(seeds_graph["@graph"]) / 10
    assert all(s in names | alternates for s in surfaces)
    assert all(any(c.startswith("l-") for c in classes) for classes in marks.classes.values())
    # the texts themselves are all there
    plain = re.sub(r'<span class="(qv|lbl)">[^<]*</span>|<[^>]+>', "", page.read_text("utf-8"))
    for text in seed_texts.values():
        assert text.strip().splitlines()[-1].strip().replace("&", "&amp;") in plain


def test_sources_default_to_the_inputs_in_the_report(seeds_out: Path, tmp_path: Path) -> None:
    result = invoke("show", seeds_out, "--html", tmp_path / "page.html")
    assert result.exit_code == 0
    assert "(2 with text)" in result.stderr and "warning" not in result.stderr


def test_without_sources_only_evidence_is_shown(seeds_out: Path, seeds_graph: dict,
                                                tmp_path: Path) -> None:
    html = tmp_path / "page.html"
    alone = tmp_path / "graph.jsonld"  # no report.json beside it
    alone.write_bytes((seeds_out / "graph.jsonld").read_bytes())
    result = invoke("show", alone, "--html", html)
    assert result.exit_code == 0
    assert "zhkg: warning: text not found for 2 document(s)" in result.stderr
    marks = Marks()
    marks.feed(html.read_text(encoding="utf-8"))
    assert sorted(marks.statements.values()) == sorted(_evidence(seeds_graph).values())


def test_a_changed_source_is_refused(seeds_out: Path, tmp_path: Path) -> None:
    changed = tmp_path / "seeds"
    changed.mkdir()
    for path in SEEDS.glob("*.txt"):
        (changed / path.name).write_text("前言\n" + path.read_text("utf-8"), encoding="utf-8")
    result = invoke("show", seeds_out, "--html", tmp_path / "p.html", "--source", changed)
    assert result.exit_code == 0
    assert result.stderr.count("text differs from the graph's offsets") == 2


# -- in a real browser -------------------------------------------------------------------------
def _chromium(page: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", *args, page.as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    )


@pytest.mark.skipif(not CHROMIUM.exists(), reason="chromium not installed (make browser)")
def test_page_renders_in_chromium(page: Path, seeds_graph: dict, tmp_path: Path) -> None:
    dom = _chromium(page, tmp_path, "--dump-dom").stdout
    statements = _statements(seeds_graph)
    # the table body is empty in the file: these rows exist only if the page's script ran
    body = dom.split('<tbody>', 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r'<tr data-st="(s\d+)"', body)
    assert len(rows) == len(set(rows)) == len(statements) > 50
    assert f"{len(statements)} statements in 2 documents" in dom
    for evidence in _evidence(seeds_graph).values():
        assert f'<td class="evidence">{evidence.replace("&", "&amp;")}</td>' in body
    shot = tmp_path / "page.png"
    _chromium(page, tmp_path, f"--screenshot={shot}", "--window-size=1280,1600")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000


def test_crossing_spans_keep_their_text_and_one_badge() -> None:
    from pipeline.show.spans import Mark, render

    text = "在青海久治县，中国电信投入869万元。"
    org = text.index("中国电信")
    marks = [Mark(org, org + 4, "ent", "e1", "ORG", badge="ORG"),
             Mark(org + 2, text.index("。"), "q", "s1", "ORG", subject="e1", badge="8690000 元")]
    html = render(text, marks)
    parsed = Marks()
    parsed.feed(html)
    assert parsed.statements == {"s1": "电信投入869万元"}
    assert parsed.entities == {"e1": ["中国", "电信"]}  # one entity, cut in two pieces
    assert html.count('class="qv"') == 1 and html.count('class="lbl"') == 1
    assert re.sub(r'<span class="(qv|lbl)">[^<]*</span>|<[^>]+>', "", html) == text


# -- values, labels and counts as people read them -------------------------------------------
def test_values_read_as_words_and_grouped_digits() -> None:
    from pipeline.show.numbers import compact, grouped

    assert grouped("30000000000", "more_than") == "超过 30,000,000,000"
    assert grouped("8690000") == "8,690,000"
    assert grouped("0.5", "about") == "约 0.5"
    assert grouped("12345.60", "at_least") == "至少 12,345.6"
    assert compact("8690000") == "869万" and compact("30000000000", "more_than") == "超过300亿"
    assert compact("23000") == "2.3万" and compact("1700", "up_to") == "最多1,700"


def test_page_shows_hedges_as_words_and_labels_statement_nodes(page: Path,
                                                               seeds_graph: dict) -> None:
    text = page.read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="zhkg-data">(.*?)</script>', text, re.S)[1]
                      .replace("<\\/", "</"))
    hedged = [r for r in data["statements"] if r["approximation"]]
    assert hedged and all(r["approximation"] not in r["value_text"] for r in hedged)
    assert all("," in r["value_text"] for r in data["statements"] if len(r["value"]) > 3
               and r["value"].isdigit())
    assert "more_than" not in re.sub(r'<script type="application/json".*?</script>', "", text,
                                     flags=re.S)
    svg = text.split("<svg", 1)[1].split("</svg>", 1)[0]
    labels = re.findall(r'<g class="st" data-st="s\d+"><circle [^>]*/><text [^>]*>([^<]+)</text>',
                        svg)
    assert len(labels) == len(_statements(seeds_graph))
    assert "869万元" in labels


def test_header_counts_agree_with_the_run(page: Path, seeds_out: Path, seeds_graph: dict) -> None:
    report = json.loads((seeds_out / "report.json").read_text(encoding="utf-8"))
    summary = re.search(r'<p class="summary">(.*?)</p>', page.read_text(encoding="utf-8"))[1]
    entities = [n for n in seeds_graph["@graph"] if v.P_LABEL in n and n["@type"] != v.T_MENTION]
    assert summary.startswith(f"{report['documents_processed']} documents, "
                              f"{report['entities']} entity mentions, {len(entities)} entities (")
    assert summary.endswith(f", {report['statements']} quantity statements.")
