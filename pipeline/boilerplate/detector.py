"""Finding the main content (headline + body) of a scraped news page saved as text.

Pages saved as text keep their navigation, breadcrumbs, source/date lines, vote and share
widgets, comment boxes, related-news lists and SEO link farms. Entities and numbers found
there are noise, so later stages only look inside :attr:`ContentInfo.ranges`.

The method works line by line, because in such text a line is a block of the original page:

1. Each line gets a *kind*: ``strong`` (a real paragraph: long enough, mostly Han, with
   sentence punctuation), ``short`` (headline, subheading, caption), or a boilerplate kind
   (``nav``, ``breadcrumb``, ``meta``, ``widget``, ``separator``, ``farm``, ``phrase``,
   ``teasers``) or ``close`` (a header such as 相关新闻 / 发表评论 that ends the article).
2. Strong lines group into clusters, split at closing markers, above a headline that a
   source/date line follows, and at long stretches of non-paragraph lines. The cluster with
   the most paragraph text is the article, where text under a source/date line counts
   ``anchor_factor`` times and a closing marker's section (paragraphs that open at most
   ``close_section_lines`` lines under 相关新闻 or 发表评论, with no headline among them) an
   ``after_close_factor``-th: a one-paragraph news item outweighs the comments under it.
   A following (or preceding) cluster joins it only if it has a long run of real
   paragraphs, or if only an inline link (相关阅读：标题) stands between them, so a
   related-news teaser or a comment policy after 发表评论 stays out.
3. The headline is found walking back from the first paragraph: the title-like line just
   above the source/date line, else the nearest one. ``——`` subtitle lines join it.
4. Inside the article every line that is not boilerplate is content (subheadings, captions);
   the date comes from the source/date lines around the headline.

All marker words and thresholds are data (``resources/boilerplate.json``), in simplified and
traditional forms, so matching works on the original text or its simplified view.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..paths import RESOURCES
from ..punctuation import (
    CLAUSE_END,
    COMMAS,
    ELLIPSES,
    ENUMERATION_COMMA,
    SEMICOLONS,
    SENTENCE_END,
)

DEFAULT_RULES_PATH = RESOURCES / "boilerplate.json"

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
_HAN_RUN = re.compile(_HAN.pattern + "+")
_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_SPACE_CHARS = " \t\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff\r\f\v"
_SPLIT_SPACES = re.compile(r"[\s\u00a0\u3000]+")
_ELLIPSES = re.compile(r"\.{3,}|…+|。{3,}")
_COUNTER_TAIL = re.compile(r"\s*[(（\[【]\s*\d+\s*[)）\]】]\s*")
# Punctuation of running prose: a line with any of it is no breadcrumb, link list or date line.
_PROSE_PUNCT = SENTENCE_END + SEMICOLONS + COMMAS
_PROSE_PUNCT_RE = re.compile("[" + re.escape(_PROSE_PUNCT) + "]")
_SENTENCE_END_RE = re.compile("[" + re.escape(SENTENCE_END) + "]")
# Punctuation counted in a real paragraph; a line ending in _FINAL_PUNCT is a sentence.
_SENTENCE_PUNCT = frozenset(CLAUSE_END + ENUMERATION_COMMA)
_FINAL_PUNCT = frozenset(SENTENCE_END + SEMICOLONS + "".join(ELLIPSES))
# A meta line (source, date) never ends like a Chinese sentence.
_FULL_WIDTH_END = tuple(ch for ch in SENTENCE_END if not ch.isascii())

BOILERPLATE_KINDS = frozenset(
    {"nav", "breadcrumb", "meta", "widget", "separator", "farm", "phrase", "teasers", "close"}
)


@dataclass
class ContentInfo:
    """Where the main content is. Offsets are into the original text."""

    ranges: list[tuple[int, int]]  # title + body lines (whitespace-stripped), sorted
    title: tuple[int, int] | None  # the headline (with a —— subtitle line, if any)
    date: str | None  # YYYY-MM-DD from a source/date line


class BoilerplateRules:
    """Compiled form of ``boilerplate.json``: :func:`default_rules` or :meth:`from_dict`."""

    def __init__(self, data: dict[str, Any]) -> None:
        d = data
        self.data = data
        # Longest first so that 相关新闻 wins over a shorter prefix.
        self.closing_markers = _longest_first(d["closing_markers"])
        self.position_markers = _longest_first(d["position_markers"])
        metas = "|".join(re.escape(m) for m in _longest_first(d["meta_markers"]))
        # A meta marker counts at the line start or after a non-Han character (时间:… 来源:…),
        # never inside a sentence (数据来源：… is body text).
        self.meta_re = re.compile(rf"(?:^|(?<=[^\u4e00-\u9fff]))(?:{metas})\s*[:：/]")
        self.widget_res = tuple(re.compile(p) for p in d["widget_patterns"])
        self.t: dict[str, float] = dict(d["thresholds"])
        self.closing_quotes: str = d["closing_quotes"]
        self.link_seps = re.compile(
            "[" + re.escape(d["link_list_separators"]) + r"\s\u00a0\u3000]+"
        )
        self.bullets: str = d["bullet_chars"]
        # a bulleted or numbered item of a list (· 标题, 1. 标题, 3、标题)
        self.list_item_re = re.compile(rf"[{re.escape(self.bullets)}]|\d{{1,2}}\s*[.、．)）]")
        self.separator_chars = frozenset(d["separator_chars"])
        self.breadcrumb_seps = tuple(d["breadcrumb_separators"])
        self.breadcrumb_end = tuple(d["breadcrumb_end_words"])
        self.phrases = tuple(d["boilerplate_phrases"])
        # one search rather than a test per phrase: every line of every document is asked
        self.phrase_re = re.compile("|".join(map(re.escape, self.phrases)) or r"(?!x)x")
        self.ellipsis = tuple(d["ellipsis"])
        self.subtitle_prefixes = tuple(d["subtitle_prefixes"])
        brackets = "【】[]「」『』《》<>〈〉()（）"
        self.strip_chars = _SPACE_CHARS + self.bullets + brackets + d["separator_chars"]
        self.rstrip_chars = _SPACE_CHARS + d["separator_chars"]
        self.separator_or_space = _SPACE_CHARS + d["separator_chars"]
        self.breadcrumb_lstrip = self.bullets + _SPACE_CHARS + "【["

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BoilerplateRules:
        return cls(data)


def _longest_first(items: list[str]) -> tuple[str, ...]:
    return tuple(sorted(set(items), key=len, reverse=True))


@lru_cache(maxsize=1)
def default_rules() -> BoilerplateRules:
    """The shipped rules, parsed once per process."""
    with open(DEFAULT_RULES_PATH, encoding="utf-8") as fh:
        return BoilerplateRules(json.load(fh))


@dataclass
class _Line:
    start: int  # stripped span in the original text
    end: int
    s: str  # stripped text of the matching view
    kind: str = "blank"

    @property
    def boiler(self) -> bool:
        return self.kind in BOILERPLATE_KINDS


def _split_lines(view: str, strip: str) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    n = len(view)
    while pos <= n:
        nl = view.find("\n", pos)
        if nl < 0:
            nl = n
        raw = view[pos:nl]
        lead = len(raw) - len(raw.lstrip(strip))
        s = raw.strip(strip)
        start = pos + lead
        lines.append(_Line(start, start + len(s), s))
        pos = nl + 1
    return lines


# --- line classification -------------------------------------------------------------------


def _han_count(s: str) -> int:
    return sum(map(len, _HAN_RUN.findall(s)))  # runs, not characters: a shorter list


def _ends_final(s: str, r: BoilerplateRules) -> bool:
    core = s.rstrip(r.closing_quotes + _SPACE_CHARS)
    return bool(core) and (core[-1] in _FINAL_PUNCT or core.endswith(r.ellipsis))


def _is_teaser(s: str, r: BoilerplateRules) -> bool:
    return s.rstrip(r.closing_quotes + _SPACE_CHARS).endswith(r.ellipsis)


def _marker_tail(s: str, r: BoilerplateRules) -> tuple[str, str] | None:
    """The closing marker line ``s`` opens with (the longest) and the text after it."""
    core = s.lstrip(r.strip_chars).rstrip(r.rstrip_chars)
    if not core.startswith(r.closing_markers):  # one C-level test rejects most lines
        return None
    m = next(m for m in r.closing_markers if core.startswith(m))
    return m, core[len(m) :]


def _closing_marker(s: str, r: BoilerplateRules) -> bool:
    found = _marker_tail(s, r)
    if found is None:
        return False
    m, tail = found
    if _COUNTER_TAIL.fullmatch(tail):
        return False  # 评论(3): a counter widget, not the comment section
    if not tail or tail[0] in ":：(（[【>》»|/-—" or tail[0] in _SPACE_CHARS:
        return True
    # 相关新闻推荐 / 热门文章排行: a short tail, but never for two-character markers
    # (评论员 is a body word).
    return (
        len(m) >= 3
        and len(tail) <= r.t["closing_marker_max_tail"]
        and not any(ch in _SENTENCE_PUNCT for ch in tail)
    )


def _is_separator(s: str, r: BoilerplateRules) -> bool:
    if s.strip(r.separator_or_space):  # some character is neither: one C-level test
        return False
    chars = [ch for ch in s if ch not in _SPACE_CHARS]
    return len(chars) >= r.t["separator_min_run"] and all(ch in r.separator_chars for ch in chars)


def _is_breadcrumb(s: str, r: BoilerplateRules) -> bool:
    if len(s) > r.t["breadcrumb_max_chars"]:
        return False
    core = s.lstrip(r.breadcrumb_lstrip)
    for m in r.position_markers if core.startswith(r.position_markers) else ():
        if core.startswith(m) and core[len(m) : len(m) + 2].lstrip()[:1] in (":", "："):
            return True
    if _PROSE_PUNCT_RE.search(s):
        return False
    n_seps = sum(s.count(sep) for sep in r.breadcrumb_seps if len(sep) == 1)
    if n_seps >= r.t["breadcrumb_min_separators"]:
        return True
    return n_seps >= 1 and s.rstrip(" >＞»›").endswith(r.breadcrumb_end)


def _is_link_list(s: str, r: BoilerplateRules) -> bool:
    if _PROSE_PUNCT_RE.search(s):
        return False
    items = [it for it in r.link_seps.split(s) if it]
    if len(items) < r.t["link_list_min_items"]:
        return False
    return sum(map(len, items)) / len(items) <= r.t["link_list_max_mean_item"]


def _is_link_farm(s: str, r: BoilerplateRules) -> bool:
    if s.startswith(("|", "｜")):
        return False  # a table row from HTML extraction
    pipes = s.count("|") + s.count("｜")
    if pipes < r.t["link_farm_min_pipes"]:
        return False
    return len(s) / (pipes + 1) <= r.t["link_farm_max_mean_segment"]


def _is_meta(s: str, r: BoilerplateRules) -> bool:
    if len(s) > r.t["meta_max_chars"] or s.endswith(_FULL_WIDTH_END):
        return False
    if r.meta_re.search(s):
        return True
    m = _DATE.search(s)
    if m:
        rest = s[: m.start()] + s[m.end() :]
        rest = _URL.sub("", rest)
        if len(rest.strip()) <= r.t["date_line_max_extra"] and not any(
            ch in rest for ch in _PROSE_PUNCT
        ):
            return True
    return False


def _classify(line: _Line, r: BoilerplateRules) -> str:
    kind = _boiler_kind(line.s, r)
    return kind if kind is not None else _text_kind(line.s, r)


def _boiler_kind(s: str, r: BoilerplateRules) -> str | None:
    """``blank``, ``close`` or the boilerplate kind of line ``s``; None for text."""
    if not s:
        return "blank"
    if _closing_marker(s, r):
        return "close"
    if _is_separator(s, r):
        return "separator"
    if _is_link_farm(s, r):
        return "farm"
    if len(s) <= r.t["phrase_max_chars"] and r.phrase_re.search(s):
        return "phrase"
    if _is_breadcrumb(s, r):
        return "breadcrumb"
    if len(s) <= r.t["widget_max_chars"] and any(p.search(s) for p in r.widget_res):
        return "widget"
    if len(s) <= r.t["widget_max_chars"] and _URL.fullmatch(s):
        return "widget"
    if _is_meta(s, r):
        return "meta"
    # Several truncated headlines on one line (标题一... 标题二...) and no full sentence.
    if not _SENTENCE_END_RE.search(s) and (
        len(_ELLIPSES.findall(s)) >= r.t["teaser_list_min_ellipses"]
    ):
        return "teasers"
    # One item of a list of links, cut short (1. 某公司去年投资……): a teaser, however long
    if r.list_item_re.match(s) and _is_teaser(s, r):
        return "teasers"
    if _is_link_list(s, r):
        return "nav"
    return None


def _text_kind(s: str, r: BoilerplateRules) -> str:
    """``strong`` (a paragraph) or ``short`` (a headline, a caption) for a line of text."""
    n_han = _han_count(s)
    visible = len(s.replace(" ", ""))
    if visible and n_han / visible >= r.t["min_cjk_share"]:
        n_punct = sum(map(s.count, _SENTENCE_PUNCT))  # each is one character
        if len(s) >= r.t["strong_min_chars"] and n_punct >= r.t["strong_min_punct"]:
            return "strong"
        if len(s) >= r.t["strong_final_min_chars"] and _ends_final(s, r):
            return "strong"
    return "short"


# --- article assembly ----------------------------------------------------------------------


@dataclass
class _Cluster:
    first: int
    last: int
    chars: int = 0
    strong: list[int] = field(default_factory=list)
    after_close: bool = False  # a closing marker lies between this and the previous cluster
    section: bool = False  # it opens right under a closing marker: that marker's section
    titled: bool = False  # a title-like line stands between its paragraphs (a new piece)
    anchored: bool = False  # a source/date line or a headline stands just above it


def _clusters(lines: list[_Line], r: BoilerplateRules) -> list[_Cluster]:
    clusters: list[_Cluster] = []
    gap = 0
    closed = False
    meta_gap: int | None = None  # non-blank lines since the last source/date line
    close_gap: int | None = None  # non-blank lines since the last closing marker
    titled = False  # a title-like line since the last paragraph
    line_title = False  # the line before is a title-like one (no list item)
    heads = _headlines(lines, r)
    for i, ln in enumerate(lines):
        if ln.kind == "blank":
            continue
        if i in heads:
            # a headline over its source/date line opens an article: what stood above it
            # (a sidebar's summaries) is no part of it
            closed = True
        above_title, line_title = line_title, (
            ln.kind == "short" and _title_like(ln, r) and not r.list_item_re.match(ln.s))
        if ln.kind == "strong":
            if clusters and not closed and gap < r.t["cluster_gap_lines"]:
                c = clusters[-1]
                c.anchored = c.anchored or meta_gap is not None  # 标题 / 来源 / 正文
                c.titled = c.titled or titled
            else:
                section = close_gap is not None and close_gap <= r.t["close_section_lines"]
                # headed by its source/date line, or by a headline right above it (not in a
                # closing marker's section, where a related item's title heads its summary)
                anchored = (meta_gap is not None and meta_gap < r.t["title_search_lines"]
                            or (above_title and not section))
                c = _Cluster(i, i, after_close=closed, section=section, anchored=anchored)
                clusters.append(c)
            c.last = i
            c.chars += ln.end - ln.start
            c.strong.append(i)
            gap = 0
            closed = titled = False
            meta_gap = close_gap = None
        else:
            gap += 1
            titled = titled or line_title
            meta_gap = 0 if ln.kind == "meta" else None if meta_gap is None else meta_gap + 1
            close_gap = 0 if ln.kind == "close" else None if close_gap is None else close_gap + 1
            if ln.kind == "close":
                closed = True
    return clusters


def _headlines(lines: list[_Line], r: BoilerplateRules) -> set[int]:
    """The title-like lines that a source/date line follows (over ``——`` subtitles)."""
    out = set()
    for i, ln in enumerate(lines):
        if ln.kind != "meta":
            continue
        j = _prev_nonblank(lines, i, 0)
        while j is not None and lines[j].s.startswith(r.subtitle_prefixes):
            j = _prev_nonblank(lines, j, 0)
        if j is not None and _title_like(lines[j], r):
            out.add(j)
    return out


def _inline_link(lines: list[_Line], a: int, b: int, r: BoilerplateRules) -> bool:
    """Lines ``a..b`` (between two clusters) hold one closing marker, and it names a linked
    title (相关阅读：某公司去年业绩): an inline link inside the article, not the end of it."""
    closers = [ln for ln in lines[a : b + 1] if ln.kind == "close"]
    if len(closers) != 1 or any(ln.kind in ("strong", "short") for ln in lines[a : b + 1]):
        return False
    _, tail = _marker_tail(closers[0].s, r) or ("", "")
    return len(tail) > 1 and tail[0] in ":："


def _weight(c: _Cluster, r: BoilerplateRules) -> float:
    """How much ``c`` counts when the article is chosen: its paragraph text, times
    ``anchor_factor`` where a source/date line or a headline heads it (the article's 来源/时间
    line under its headline; a site's description above a sidebar has neither), divided by
    ``after_close_factor`` where it is a closing marker's section (相关新闻, 发表评论: related
    news and comments, which may outweigh a short news item), unless a headline stands among
    its paragraphs (a list of headlines under 热门推荐, then the article)."""
    if c.anchored:
        return c.chars * r.t["anchor_factor"]
    if c.section and not c.titled:
        return c.chars / r.t["after_close_factor"]
    return float(c.chars)


def _long_run(c: _Cluster, lines: list[_Line], r: BoilerplateRules) -> int | None:
    """Index of the first line of a long run of real paragraphs in ``c``, if there is one.

    A run may have subheadings between its paragraphs but no boilerplate; teasers (lines
    ending in ……) do not count, so a related-news list with summaries never qualifies.
    """
    run_start: int | None = None
    count = chars = 0
    for i in range(c.first, c.last + 1):
        ln = lines[i]
        if ln.kind == "blank" or ln.kind == "short":
            continue
        if ln.kind == "strong" and not _is_teaser(ln.s, r):
            if run_start is None:
                run_start, count, chars = i, 0, 0
            count += 1
            chars += ln.end - ln.start
            if count >= r.t["long_run_min_paragraphs"] and chars >= r.t["long_run_min_chars"]:
                return run_start
        else:
            run_start = None
    return None


def _title_like(ln: _Line, r: BoilerplateRules) -> bool:
    if ln.kind not in ("short", "strong"):
        return False
    s = ln.s
    if not (r.t["title_min_chars"] <= len(s) <= r.t["title_max_chars"]):
        return False
    if _ends_final(s, r) or s.endswith(("，", ",", "：", ":")):
        return False
    return _han_count(s) >= 2


def _prev_nonblank(lines: list[_Line], i: int, stop: int) -> int | None:
    j = i - 1
    while j >= stop and lines[j].kind == "blank":
        j -= 1
    return j if j >= stop else None


def _next_nonblank(lines: list[_Line], i: int, stop: int) -> int | None:
    j = i + 1
    while j <= stop and lines[j].kind == "blank":
        j += 1
    return j if j <= stop else None


def _find_title(lines: list[_Line], first: int, floor: int, r: BoilerplateRules) -> int | None:
    """Index of the headline for an article whose first paragraph is line ``first``."""
    # A title with a comma can look like a paragraph: it is the first "paragraph" when a
    # source/date line follows it directly.
    nxt = _next_nonblank(lines, first, len(lines) - 1)
    while nxt is not None and lines[nxt].s.startswith(r.subtitle_prefixes):
        nxt = _next_nonblank(lines, nxt, len(lines) - 1)
    if _title_like(lines[first], r) and nxt is not None and lines[nxt].kind == "meta":
        return first
    window: list[int] = []
    j = first
    while len(window) < r.t["title_search_lines"]:
        p = _prev_nonblank(lines, j, floor)
        if p is None or lines[p].kind == "close":
            break
        window.append(p)
        j = p
    metas = [i for i in window if lines[i].kind == "meta"]
    if metas:
        m = metas[0]  # the source/date line nearest to the body
        # Walk over the whole meta/widget block, then take the title-like line above it.
        k = m
        while True:
            p = _prev_nonblank(lines, k, floor)
            if p is None or p not in window or lines[p].kind not in ("meta", "widget"):
                break
            k = p
        # The headline sits just above the source line, or (less often) just below it; a
        # very short line above is more likely a channel label (新闻中心) than a headline.
        above = _prev_nonblank(lines, k, floor)
        below = _next_nonblank(lines, m, first)
        options = [
            i
            for i in (above if above in window else None, below if below != first else None)
            if i is not None and _title_like(lines[i], r)
        ]
        for i in options:
            if len(lines[i].s) >= r.t["title_preferred_min_chars"]:
                return i
        if options:
            return options[0]
    for i in window:
        if lines[i].boiler:
            continue
        if _title_like(lines[i], r):
            return i
        if lines[i].kind == "strong":
            break
    return None


def _date_from(lines: list[_Line], idxs: list[int]) -> str | None:
    for i in idxs:
        if lines[i].kind not in ("meta", "widget", "short"):
            continue
        for m in _DATE.finditer(lines[i].s):
            y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
            if 1 <= mo <= 12 and 1 <= d <= 31:
                return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def find_content(
    text: str, rules: BoilerplateRules | None = None, view: str | None = None
) -> ContentInfo:
    """Main-content ranges, headline and date of ``text``.

    ``view`` is an optional same-length version of ``text`` used for matching (the simplified
    script); offsets always refer to ``text``.
    """
    r = rules or default_rules()
    if view is None or len(view) != len(text):
        view = text
    lines = _split_lines(view, _SPACE_CHARS)
    if len(lines) == 1:
        return _one_line(lines[0], r)
    for ln in lines:
        ln.kind = _classify(ln, r)
    return _assemble(lines, r)


def _one_line(line: _Line, r: BoilerplateRules) -> ContentInfo:
    """What :func:`_assemble` makes of a text of one line (a title, a sentence, a post),
    without its clusters: a paragraph or a short line is the content, boilerplate is not, and
    there is no headline above it nor a date line around it, so whether the line is a
    paragraph is not asked. Sentence-level corpora are all such texts, and the assembly
    cost as much as the rest of the pipeline's work on them."""
    keep = [(line.start, line.end)] if _boiler_kind(line.s, r) is None else []
    return ContentInfo(ranges=keep, title=None, date=None)


def _assemble(lines: list[_Line], r: BoilerplateRules) -> ContentInfo:
    """Content ranges, headline and date from the classified lines (``find_content``)."""
    clusters = _clusters(lines, r)
    if not clusters:
        # No paragraph anywhere (a one-line input, a headline list): keep what is not
        # boilerplate rather than dropping everything.
        keep = [(ln.start, ln.end) for ln in lines if ln.kind == "short"]
        return ContentInfo(ranges=keep, title=None, date=None)

    main = max(range(len(clusters)), key=lambda k: _weight(clusters[k], r))
    lo_c = hi_c = main
    # Earlier clusters join only through real paragraphs and never across a closing marker.
    while lo_c > 0 and not clusters[lo_c].after_close:
        if _long_run(clusters[lo_c - 1], lines, r) is None:
            break
        lo_c -= 1
    skips: list[tuple[int, int]] = []  # line spans inside the article that are still excluded
    while hi_c + 1 < len(clusters):
        nxt = clusters[hi_c + 1]
        start = _long_run(nxt, lines, r)
        if start is None and len(nxt.strong) >= 2 and _inline_link(
                lines, clusters[hi_c].last + 1, nxt.first - 1, r):
            start = nxt.first
        if start is None:
            break
        if nxt.after_close:
            skips.append((clusters[hi_c].last + 1, start - 1))
        hi_c += 1

    first = clusters[lo_c].first
    floor = clusters[lo_c - 1].last + 1 if lo_c > 0 else 0
    title_idx = _find_title(lines, first, floor, r)
    begin = title_idx if title_idx is not None else first
    end = clusters[hi_c].last
    # A sign-off after the last paragraph ((完), （记者 王某）) stays; a list does not.
    trailing: list[int] = []
    j = end
    while len(trailing) < 3:
        nx = _next_nonblank(lines, j, len(lines) - 1)
        if nx is None or lines[nx].kind != "short":
            break
        trailing.append(nx)
        j = nx
    if len(trailing) <= 2:
        for i in trailing:
            s = lines[i].s
            bracketed = s[:1] in "(（[【" and s[-1:] in ")）]】"
            if len(s) <= r.t["trailing_keep_max_chars"] and (bracketed or _ends_final(s, r)):
                end = i
            else:
                break

    title: tuple[int, int] | None = None
    if title_idx is not None:
        t_end = title_idx
        k = title_idx
        while True:
            nx = _next_nonblank(lines, k, len(lines) - 1)
            if nx is None or not lines[nx].s.startswith(r.subtitle_prefixes):
                break
            if lines[nx].kind in BOILERPLATE_KINDS:
                break
            t_end = k = nx
        title = (lines[title_idx].start, lines[t_end].end)

    ranges: list[tuple[int, int]] = []
    for i in range(begin, end + 1):
        ln = lines[i]
        if ln.kind in ("blank",) or ln.boiler:
            continue
        if any(a <= i <= b for a, b in skips):
            continue
        if ln.kind == "teasers":
            continue
        ranges.append((ln.start, ln.end))

    # Date: source/date lines around the headline first, then any meta line above the body.
    body_first = next((i for i in range(begin + 1, len(lines)) if lines[i].kind == "strong"), first)
    around = list(range(max(0, begin - 3), min(len(lines), max(first, body_first) + 1)))
    date = _date_from(lines, [i for i in around if lines[i].kind == "meta"])
    if date is None:
        date = _date_from(lines, [i for i in range(0, first) if lines[i].kind == "meta"])
    if date is None:
        date = _date_from(
            lines, [i for i in around if lines[i].kind in ("widget", "short") and i != title_idx]
        )
    return ContentInfo(ranges=ranges, title=title, date=date)


__all__ = ["BoilerplateRules", "ContentInfo", "default_rules", "find_content"]
