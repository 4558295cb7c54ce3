"""The dev gold's texts as scraped pages: how much of the plain-text score survives the page
furniture around an article (docs/robustness.md, "Scraped pages").

Each text of ../shared/gold/dev/texts becomes the body of a page saved as text, in three
layouts built the same way every run (a fixed seed): ``after``, page furniture above and,
below the article, a related-news list of other texts' first lines cut short and readers'
comments that hold names and figures; ``sidebar``, a 热门排行 list of such lines above the
headline; ``blurb``, the site's description and a 热门推荐 list of headlines above it and one
comment below. The headline is the text's first 18 characters, the source line a date and a
site; ``after-nosource`` and ``blurb-nosource`` are the same pages without it, and
``after-html`` the after layout as a page's HTML (``<div>`` blocks, the list in ``<li>``, each
comment in its own ``<div>``), which ``zhkg run`` reads as HTML by its content;
``spaced`` is no page but the text with a space at every boundary of a Han character and a
digit or Latin letter, the spacing some sites put there (投资 12.5 亿元). Every layout
is run with ``zhkg run`` and scored with ``zhkg evaluate`` against the dev gold, beside the
plain texts: the gold's offsets do not move, since the scorer matches values, units and
subjects, not positions.

    python bench/scraped_pages.py --shared ../shared [--out build/scraped]
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

NAV = "首页 | 新闻 | 财经 | 体育 | 娱乐 | 科技 | 汽车 | 房产"
CRUMB = "您现在的位置：首页 > 新闻中心 > 国内新闻 > 正文"
COMMENTS = [
    "网友评论（已有128条评论）",
    "网友张伟：中国移动去年投资了500亿元，太厉害了！",
    "網友：台積電今年賺了3000億元新台幣，真羨慕。",
    "匿名用户：北京市有2000万人口，房价涨了30%。",
]
BLURB = "新华网是国家通讯社新华社主办的综合新闻信息服务门户网站，是中国最具影响力的网络媒体之一。"
FOOTER = "版权所有 ©2015 新华网 京ICP证010042号"
_HAN = "\u4e00-\u9fff"
_ALNUM = "0-9A-Za-z０-９Ａ-Ｚａ-ｚ"
_SPACING = re.compile(rf"(?<=[{_HAN}])(?=[{_ALNUM}])|(?<=[{_ALNUM}%％])(?=[{_HAN}])")


def _pages(texts: dict[str, str], layout: str, seed: int = 7) -> dict[str, str]:
    """Each text as a page of ``layout`` (``-nosource``: without the source line)."""
    layout, _, variant = layout.partition("-")
    rng = random.Random(seed)
    names = sorted(texts)
    out = {}
    for i, name in enumerate(names):
        text = texts[name]
        if layout == "spaced":
            out[name] = _SPACING.sub(" ", text) + "\n"
            continue
        others = [texts[o].split("\n")[0] for o in rng.sample(names, 5)]
        head = text.split("\n")[0][:18]
        source = f"2015-06-{i % 28 + 1:02d} 10:23  来源：新华网  作者：张三"
        if layout == "after":
            lines = [NAV, CRUMB, head, source, "", text, "", "（责任编辑：李四）",
                     "分享到：微信 微博 QQ空间", "相关新闻：", *("· " + o[:28] for o in others),
                     *rng.sample(COMMENTS, 3), FOOTER]  # fmt: skip
        elif layout == "sidebar":
            lines = [NAV, "热门排行", *(f"{k}. {o[:30]}……" for k, o in enumerate(others[:4], 1)),
                     "", head, source, "", text, "", "（责任编辑：李四）", FOOTER]  # fmt: skip
        else:
            headlines = ["· " + "".join(c for c in o[:14] if c not in "，。、；：") for o in others]
            lines = [NAV, BLURB, "热门推荐", *headlines[:4], "", head, source, "", text, "",
                     "（责任编辑：李四）", "发表评论", "网友：说得好，支持一下，希望越来越好。",
                     FOOTER]  # fmt: skip
        if variant == "nosource":
            lines.remove(source)
        page = "\n".join(lines) + "\n"
        out[name] = _html(page) if variant == "html" else page
    return out


def _html(page: str) -> str:
    """An ``after`` page as the HTML a site would serve: one block per line, the related
    news as a list of links."""
    lines = [ln for ln in page.split("\n") if ln.strip()]
    items = [ln[2:] for ln in lines if ln.startswith("· ")]
    blocks = []
    for ln in lines:
        if ln.startswith("· "):
            if ln[2:] == items[0]:
                blocks.append("<ul>" + "".join(f"<li><a href='#'>{html.escape(x)}</a></li>"
                                               for x in items) + "</ul>")  # fmt: skip
            continue
        tag = "h1" if ln == lines[2] else "p"
        blocks.append(f"<div><{tag}>{html.escape(ln)}</{tag}></div>")
    title = html.escape(lines[2])
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body>{''.join(blocks)}</body></html>")


def _score(texts_dir: Path, gold: Path, out: Path) -> dict[str, float]:
    cli = [sys.executable, "-m", "pipeline.cli"]
    subprocess.run([*cli, "run", str(texts_dir), "--out", str(out), "--no-cache", "-q"],
                   check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    scores = out / "scores.json"
    subprocess.run([*cli, "evaluate", "--gold", str(gold), "--pred", str(out / "graph.jsonld"),
                    "--json", str(scores)], check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    overall = json.loads(scores.read_text(encoding="utf-8"))["overall"]
    return {
        "entities": round(overall["entities"]["micro"]["f1"], 4),
        "relations": round(overall["relations"]["f1"], 4),
        "quantities": round(overall["quantities"]["f1"], 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--out", type=Path, help="keep the pages and results here")
    args = parser.parse_args()
    dev = args.shared / "gold" / "dev"
    texts = {p.name: p.read_text(encoding="utf-8").strip()
             for p in sorted((dev / "texts").glob("*.txt"))}  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        root = args.out or Path(tmp)
        rows = {"plain": _score(dev / "texts", dev / "dev.gold.jsonl", root / "plain")}
        for layout in ("after", "sidebar", "blurb", "after-nosource", "blurb-nosource",
                       "after-html", "spaced"):
            pages = root / layout / "pages"
            pages.mkdir(parents=True, exist_ok=True)
            for name, page in _pages(texts, layout).items():
                (pages / name).write_text(page, encoding="utf-8")
            rows[layout] = _score(pages, dev / "dev.gold.jsonl", root / layout / "out")
    print(json.dumps(rows, ensure_ascii=False))


if __name__ == "__main__":
    main()
