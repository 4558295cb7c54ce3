"""Boilerplate detection on the two real seeds and on synthetic pages.

The seed strings appear only here, in the tests: the detector's rules are generic
(``resources/boilerplate.json``) and must not know these articles.
"""

from __future__ import annotations

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.boilerplate import ContentInfo, find_content
from pipeline.boilerplate.component import load_rules

SEED_000 = "000_d74d9d00e88a450d.txt"
SEED_002 = "002_b41448e717750e85.txt"
WS = " \t\u3000\u00a0\r"


def inside(info: ContentInfo, text: str, needle: str) -> bool:
    """True when the (stripped) line containing ``needle`` lies in the content ranges."""
    pos = text.index(needle)
    return any(a <= pos and pos + len(needle) <= b for a, b in info.ranges)


def line_outside(info: ContentInfo, text: str, line: str) -> bool:
    """True when every line that reads exactly ``line`` (stripped) is outside the ranges."""
    pos = 0
    found = False
    for raw in text.split("\n"):
        stripped = raw.strip(WS)
        if stripped == line:
            found = True
            a = pos + raw.index(stripped)
            if any(x <= a < y for x, y in info.ranges):
                return False
        pos += len(raw) + 1
    assert found, line
    return True


def lines_between(text: str, start: str, stop: str) -> list[str]:
    """Non-blank stripped lines after the line containing ``start``, before ``stop``."""
    a = text.index(start)
    b = text.index(stop, a)
    body = text[a:b].split("\n")[1:]
    return [ln.strip(WS) for ln in body if ln.strip(WS)]


def check_ranges(info: ContentInfo, text: str) -> None:
    last = -1
    for a, b in info.ranges:
        assert last <= a < b <= len(text)
        assert text[a] not in WS + "\n" and text[b - 1] not in WS + "\n"
        last = b


def title_of(info: ContentInfo, text: str) -> str | None:
    return text[info.title[0] : info.title[1]] if info.title else None


def test_seed_000_traditional(seed_texts: dict[str, str]) -> None:
    text = seed_texts[SEED_000]
    info = find_content(text)
    check_ranges(info, text)
    assert title_of(info, text) == "助力脫貧攻堅 中國電信帶了一個好頭"
    assert info.date == "2018-08-07"
    assert inside(info, text, "助力脫貧攻堅 中國電信帶了一個好頭")
    for outside in (
        "當前位置",
        "時間:2018-08-07",
        "分隔線",
        "請自覺遵守",
        "主站蜘蛛池模板",
        "国产爆乳无码",
    ):
        assert not inside(info, text, outside), outside
    for widget in ("頂一下", "踩一下", "(0)", "0%", "發表評論", "評價:", "文章導航", "推薦內容"):
        assert line_outside(info, text, widget), widget
    paragraphs = lines_between(text, "時間:2018-08-07", "頂一下")
    assert len(paragraphs) >= 30
    for para in paragraphs:
        assert inside(info, text, para), para
    # Subheadings are content; the last body paragraph ends the article.
    assert inside(info, text, "資源投入有保證 基礎設施建得實")
    assert text[info.ranges[-1][1] - 7 : info.ranges[-1][1]] == "心系天下三星智能教室”。"[-7:]


def test_seed_002_simplified(seed_texts: dict[str, str]) -> None:
    text = seed_texts[SEED_002]
    info = find_content(text)
    check_ranges(info, text)
    title = "依托自身优势筑牢脱贫根基 ——陕西移动全力推动脱贫攻坚工作纪实"
    assert title_of(info, text) == title
    assert info.date == "2017-09-29"
    for outside in ("陕西新闻 西安市", "地方网 > 陕西", "来源:陕西日报", "https://www.yybnet.net/"):
        assert not inside(info, text, outside), outside
    paragraphs = lines_between(text, "来源:陕西日报", "新闻推荐")
    assert len(paragraphs) > 25
    for para in paragraphs:
        assert inside(info, text, para), para
    # Everything from the related-news header on is boilerplate.
    tail_start = text.index("新闻推荐")
    assert all(b <= tail_start for _, b in info.ranges)
    # The photo caption right after the source line is kept.
    assert inside(info, text, "陕西移动发挥“互联网+”优势,帮助果农销售滞销桑葚。")


SYNTHETIC = """首页 | 新闻 | 体育 | 财经 | 科技 | 娱乐 | 汽车
您的位置：首页 > 新闻中心 > 国内新闻
北京 上海 广州 深圳 杭州 南京 成都

国务院：今年将新建5G基站60万个，推进网络建设
——工信部解读政府工作报告
2020年03月05日 10:23  来源：新华网  【字号 大 中 小】
分享到：

　　新华社北京3月5日电 国务院总理在政府工作报告中提出，今年将新建5G基站60万个。
　　报告指出，要推动制造业、服务业、农业等产业数字化，打造数字经济新优势。
一、加快网络建设
　　据工业和信息化部统计，截至2019年底，全国已建成5G基站13万个，覆盖50个城市。
图为工作人员在调试基站
　　中国移动、中国电信和中国联通三家运营商表示，将在年内完成各自的建设任务。
（记者 张三）
责任编辑：李四
评论(12)
上一篇：工信部发布新规
下一篇：5G手机销量大增
热门推荐
• 华为发布新款手机
• 中国移动公布年报
标题一的摘要内容... 标题二的摘要内容... 标题三
Copyright © 2020 新华网 版权所有 京ICP备12345号
"""


def test_synthetic_page() -> None:
    text = SYNTHETIC
    info = find_content(text)
    check_ranges(info, text)
    assert (
        title_of(info, text)
        == "国务院：今年将新建5G基站60万个，推进网络建设\n——工信部解读政府工作报告"
    )
    assert info.date == "2020-03-05"
    for needle in (
        "新华社北京3月5日电",
        "报告指出",
        "一、加快网络建设",
        "据工业和信息化部统计",
        "图为工作人员在调试基站",
        "三家运营商表示",
        "（记者 张三）",
    ):
        assert inside(info, text, needle), needle
    for needle in (
        "首页 | 新闻",
        "您的位置",
        "北京 上海 广州",
        "2020年03月05日",
        "分享到",
        "责任编辑",
        "评论(12)",
        "上一篇",
        "热门推荐",
        "华为发布新款手机",
        "标题一的摘要",
        "Copyright",
    ):
        assert not inside(info, text, needle), needle


def test_source_line_above_headline_and_short_label() -> None:
    text = (
        "新闻中心\n来源：人民网 2019-11-02\n浙江省杭州市举办数字经济峰会\n"
        "11月1日，2019杭州数字经济峰会在杭州国际博览中心开幕，来自全国各地的500余家企业参加。\n"
        "阿里巴巴集团董事局主席表示，数字经济已成为推动经济发展的重要力量。\n"
    )
    info = find_content(text)
    assert title_of(info, text) == "浙江省杭州市举办数字经济峰会"
    assert info.date == "2019-11-02"
    assert not inside(info, text, "新闻中心")


def test_article_continues_after_inline_related_header() -> None:
    para = "该公司表示，今年将继续加大研发投入，推动产品升级换代，预计全年营收增长百分之二十以上。"
    text = "\n".join(
        [
            "某公司发布年度报告",
            "时间：2021-04-01",
            para,
            para,
            "相关阅读：某公司去年业绩",
            para,
            para.replace("今年", "明年"),
            para.replace("今年", "后年"),
            "相关新闻",
            "某某新闻标题",
        ]
    )
    info = find_content(text)
    assert inside(info, text, para.replace("今年", "后年"))
    assert not inside(info, text, "相关阅读")
    assert not inside(info, text, "某某新闻标题")


NAV = "首页 | 新闻 | 财经 | 体育 | 娱乐 | 科技"
BLURB = "新华网是国家通讯社新华社主办的综合新闻信息服务门户网站，是中国最具影响力的网络媒体之一。"
ARTICLE = "中国电信在青海久治县投入869万元，用于通信基础网络建设。"


def test_a_short_news_item_outweighs_the_comments_below_it() -> None:
    # a brief of one paragraph; the comments after 发表评论 hold more sentences than it
    source = "2015-06-06 10:23  来源：新华网"
    comments = [
        "网友张伟：中国移动去年投资了500亿元，比这多多了！",
        "网友：台积电今年赚了3000亿元新台币，真羡慕。",
        "匿名用户：北京市有2000万人口，房价涨了30%，买不起啊。",
    ]
    lines = [NAV, "青海久治县通信建设", source, ARTICLE, "（责任编辑：李四）", "发表评论",
             *comments, "版权所有 ©2015 新华网"]  # fmt: skip
    # with its source line, and without: the comments are still the section of 发表评论
    for page in (lines, [ln for ln in lines if ln != source]):
        text = "\n".join(page)
        info = find_content(text)
        assert inside(info, text, "投入869万元")
        assert not inside(info, text, "中国移动去年投资了500亿元")
    assert title_of(find_content("\n".join(lines)), "\n".join(lines)) == "青海久治县通信建设"


@pytest.mark.parametrize(
    "sidebar",
    [
        # summaries under 热门推荐 above the headline and its source line
        ["1. 迁到浦东后，他们投资１０００万元，建起了建筑面积６６００平方米的厂房……",
         "2. 加快国民经济信息化进程，显著提高国家信息化程度，是党中央的重大决策……",
         "青海久治县通信建设", "2018-08-07 来源：人民网"],
        # headlines, one of them a question, then the article with no source line: the
        # headline between them makes the article no part of 热门推荐's section (with no
        # source line to start it, the article keeps the headlines above it)
        ["· 肉羊饲养技术到底有多大潜力？", "· 对此变化最敏感的是天津各大副", "青海久治县通信建设"],
    ],
)
def test_a_sidebar_above_the_headline_is_no_part_of_the_article(sidebar: list[str]) -> None:
    # the site's blurb and a 热门推荐 list stand above the article
    text = "\n".join([NAV, BLURB, "热门推荐", *sidebar, ARTICLE, "版权所有 ©2018 人民网"])
    info = find_content(text)
    assert inside(info, text, "投入869万元")
    assert not inside(info, text, "新华网是国家通讯社")
    assert inside(info, text, sidebar[0]) == (not sidebar[-1].startswith("2018"))


def test_numbered_headlines_cut_short_are_no_paragraphs() -> None:
    # a 热门排行 list right above an article with no headline or source line to part them:
    # each item, numbered and ending in an ellipsis, is a link's teaser, however long
    items = ["1. 国务院常务会议决定，今年再安排中央预算内投资二百亿元用于……",
             "2. 某省今年新建保障性住房十二万套，比去年增加三成，其中……"]
    text = "\n".join([NAV, "热门排行", *items, "", ARTICLE, "版权所有 ©2018 人民网"])
    info = find_content(text)
    assert inside(info, text, "投入869万元")
    assert not any(inside(info, text, item) for item in items)


def test_a_headline_heads_the_article_over_a_longer_site_description() -> None:
    # no source line: the article, shorter than the site's blurb, is the text its headline heads
    text = "\n".join([NAV, BLURB, "热门推荐", "· 肉羊饲养技术", "· 天津各大副食品商店",
                      "青海久治县通信建设", ARTICLE, "版权所有 ©2018 人民网"])  # fmt: skip
    info = find_content(text)
    assert inside(info, text, "投入869万元")
    assert not inside(info, text, "新华网是国家通讯社")


def test_plain_text_without_page_furniture() -> None:
    text = "深圳市腾讯计算机系统有限公司2019年营收3773亿元。"
    info = find_content(text)
    assert info.ranges == [(0, len(text))]
    assert info.title is None and info.date is None
    assert find_content("").ranges == []
    assert find_content("今天天气很好").ranges == [(0, 6)]


def test_component_uses_simplified_view() -> None:
    import pipeline.boilerplate.component  # noqa: F401  (registers the factory)

    nlp = spacy.blank("zh")
    nlp.add_pipe("zhkg_boilerplate")
    text = (
        "當前位置: 主頁 > 國內 >\n標題在這裡出現了\n時間:2018-08-07\n"
        + ("中國電信表示，將繼續推進網絡建設，擴大寬帶覆蓋範圍，服務更多用戶。\n" * 3)
        + "相關新聞\n另一篇文章的標題\n"
    )
    doc = nlp.make_doc(text)
    doc._.simplified = text  # same length; the detector must cope either way
    doc = nlp.get_pipe("zhkg_boilerplate")(doc)
    assert doc.text[doc._.title[0] : doc._.title[1]] == "標題在這裡出現了"
    assert doc._.date == "2018-08-07"
    assert all(b <= text.index("相關新聞") for _, b in doc._.content_ranges)
    assert load_rules(None) is load_rules(None)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(alphabet="中国电信表示，。 -|>\t\u3000评论相关新闻()0%", max_size=60),
            st.sampled_from(["相关新闻", "发表评论", "顶一下", "(0)", "2018-08-07", "——副题"]),
        ),
        max_size=25,
    )
)
def test_ranges_are_always_valid(lines: list[str]) -> None:
    text = "\n".join(lines)
    info = find_content(text)
    check_ranges(info, text)
    if info.title is not None:
        a, b = info.title
        assert 0 <= a < b <= len(text)


@pytest.mark.parametrize(
    "line",
    [
        "深圳市腾讯计算机系统有限公司2019年营收3773亿元。",  # strong
        "  今天天气很好  ",  # short, stripped
        "来源：新华社 2018-08-07",  # meta
        "顶一下(3)",  # widget
        "相关新闻",  # close
        "----------",  # separator
        "首页 > 国内 > 正文",  # breadcrumb
        "版权所有",  # phrase
        "",
        " \t ",
    ],
)
def test_one_line_shortcut_is_the_assembly(line: str) -> None:
    """A one-line text skips the cluster assembly; it must come out exactly as through it."""
    from pipeline.boilerplate import detector

    rules = detector.default_rules()
    lines = detector._split_lines(line, detector._SPACE_CHARS)
    for ln in lines:
        ln.kind = detector._classify(ln, rules)
    assert find_content(line) == detector._assemble(lines, rules)
    assert find_content(line) == detector._one_line(lines[0], rules)


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet="中国电信表示，。 -|>\t\u3000评论相关新闻()0%来源：2018-", max_size=60))
def test_one_line_shortcut_on_any_line(line: str) -> None:
    from pipeline.boilerplate import detector

    rules = detector.default_rules()
    lines = detector._split_lines(line.replace("\n", ""), detector._SPACE_CHARS)
    for ln in lines:
        ln.kind = detector._classify(ln, rules)
    assert detector._one_line(lines[0], rules) == detector._assemble(lines, rules)
