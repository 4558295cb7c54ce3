"""Time expressions: kinds, maximal spans, years, traditional script, never raising."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.quantities import find_quantities, find_times
from pipeline.quantities.patterns import DEFAULT_RULES_DIR, load_json
from pipeline.quantities.times import _expr, load_time_rules


def times(text: str) -> list[tuple[str, str, int | None]]:
    return [(t.text, t.kind, t.year) for t in find_times(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("中国电信于2017年实现", ("2017年", "point", 2017)),
        ("2016年12月底，中国电信", ("2016年12月底", "point", 2016)),
        ("已由2015年底的23.6%", ("2015年底", "point", 2015)),
        ("2018年10月，", ("2018年10月", "point", 2018)),
        ("本报记者9月28日，", ("9月28日", "point", None)),
        ("时间:2018-08-07来源", ("2018-08-07", "point", 2018)),
        ("2017-09-29 07:08 ", ("2017-09-29 07:08", "point", 2017)),
        ("二〇一七年，", ("二〇一七年", "point", 2017)),
        ("2018年第一季度", ("2018年第一季度", "point", 2018)),
        ("“十三五”期间", ("“十三五”期间", "point", None)),
        ("2020年前后", ("2020年前后", "point", 2020)),
        ("据统计，2017年以来，", ("2017年以来", "since", 2017)),
        ("“十三五”以来，", ("“十三五”以来", "since", None)),
        ("中国电信从2002年先后承接", ("从2002年", "since", 2002)),
        ("自2010年起", ("自2010年起", "since", 2010)),
        ("近年来，", ("近年来", "since", None)),
        ("十六年来，累计捐赠", ("十六年来", "since", None)),
        ("12年来，通过", ("12年来", "since", None)),
        ("十年来，", ("十年来", "since", None)),
        ("近几年全集团", ("近几年", "since", None)),
        ("近3年，", ("近3年", "since", None)),
        ("多年来，", ("多年来", "since", None)),
        ("星期三，", ("星期三", "now", None)),
        ("上週五的匯率", ("上週五", "now", None)),
        ("每周四上午", ("每周四上午", "every", None)),  # a part of the day keeps the kind
        ("上周末，", ("上周末", "now", None)),
        # the day of a report's events, and a verb of going after one (今晨|前往: not 'before')
        ("中共中央今晚邀请", ("今晚", "now", None)),
        ("当天成交额便达３７万余元", ("当天", "now", None)),
        ("李建国当晚仅交纳３元", ("当晚", "now", None)),
        ("记者今晨前往采访", ("今晨", "now", None)),
        ("北京市去年前来投资", ("去年", "now", None)),
        # a hedged or vague number of years is the whole span (the number's first character
        # begins the segmenter's word: 数十|年来, 四十|多|年来)
        ("四十多年来，戏比天大", ("四十多年来", "since", None)),
        ("１０多年来，该县", ("１０多年来", "since", None)),
        ("二十余年来", ("二十余年来", "since", None)),
        ("数十年来，他几", ("数十年来", "since", None)),
        ("千百年来一直饮", ("千百年来", "since", None)),
        ("开馆半年来接待", ("半年来", "since", None)),
        ("近半年以来，全县", ("近半年以来", "since", None)),
        # the first months of a year, and a range of months whose first has no 月
        ("今年前5个月，山西", ("今年前5个月", "now", None)),
        ("１９９７年前１０个月英国", ("１９９７年前１０个月", "point", 1997)),
        ("去年頭兩個月，", ("去年頭兩個月", "now", None)),
        ("1—10月，江苏省", ("1—10月", "point", None)),
        ("今年1-5月，江苏省", ("今年1-5月", "now", None)),
        ("１９９７年１至１０月，", ("１９９７年１至１０月", "point", 1997)),
        ("去年一至十月份，", ("去年一至十月份", "now", None)),
        # decades; ranges of days; spans within which; holidays and months around now
        ("90年代以来，", ("90年代以来", "since", None)),
        ("上世纪80年代初，", ("上世纪80年代初", "point", None)),
        ("１９８０年代，", ("１９８０年代", "point", None)),
        ("去年3月15日至24日，", ("去年3月15日至24日", "now", None)),
        ("7月14-17日访问巴统", ("7月14-17日", "point", None)),
        ("9月1日至3日，", ("9月1日至3日", "point", None)),
        ("沪上银行一年内至少拦截了", ("一年内", "now", None)),
        ("春节前夕，", ("春节前夕", "point", None)),
        ("元旦以来，", ("元旦以来", "since", None)),
        ("波音公司上个月说", ("上个月", "now", None)),
        # Taiwan's and Hong Kong's words of time; a relative month with a part
        ("尖沙嘴酒店區前晚亦停電", ("前晚", "now", None)),
        ("華新科雖然前三季每股稅後盈餘", ("前三季", "now", None)),
        ("去年第四季，", ("去年第四季", "now", None)),
        ("短期外债本月底达１２２亿美元", ("本月底", "now", None)),
        ("一年多来，", ("一年多来", "since", None)),
        ("两个多月来，", ("两个多月来", "since", None)),
        ("２０日上午，", ("２０日上午", "point", None)),
        ("翠微大厦次日凌晨", ("次日凌晨", "now", None)),
        ("２月１８日这一天，", ("２月１８日这一天", "point", None)),
        ("塞尔帕现年五十四岁", ("现年", "own", None)),
        # months by name and lunar dates
        ("元月３日，北京", ("元月３日", "point", None)),
        ("正月初六，", ("正月初六", "point", None)),
        ("臘月廿九到正月初七", ("臘月廿九到正月初七", "point", None)),
        # a founding that 以来 closes, alone or after its date; 成立后 is no time
        ("公司成立以来，", ("成立以来", "since", None)),
        ("前线话剧团自１９５５年成立以来", ("自１９５５年成立以来", "since", 1955)),
        ("从今天上午起", ("从今天上午起", "since", None)),
        ("今年以来，", ("今年以来", "since", None)),
        ("截至8月底，陕西移动", ("截至8月底", "until", None)),
        ("截至目前，平台", ("截至目前", "until", None)),
        ("至年底确保", ("至年底", "until", None)),
        ("至年末实现", ("至年末", "until", None)),
        ("在2018年10月前，中国电信", ("2018年10月前", "until", 2018)),
        ("到目前为止", ("到目前为止", "until", None)),
        ("年底前完成", ("年底前", "until", None)),
        ("目前，", ("目前", "now", None)),
        ("今年，陕西移动", ("今年", "now", None)),
        ("全年将形成", ("全年", "now", None)),
        ("每年集中", ("每年", "every", None)),
        ("年底确保", ("年底", "now", None)),
        ("下一步，", ("下一步", "now", None)),
        ("今年前三季度", ("今年前三季度", "now", None)),
        ("今年8月底", ("今年8月底", "now", None)),
        ("这3月至5月为", ("3月至5月", "point", None)),
        ("2017-2018年度", ("2017-2018年度", "point", 2017)),
        ("2017年至2018年", ("2017年至2018年", "point", 2017)),
        ("截至2018年底", ("截至2018年底", "until", 2018)),
        ("１９９５年冬，该村", ("１９９５年冬", "point", 1995)),
        ("将在１月中下旬举行", ("１月中下旬", "point", None)),
    ],
)
def test_kinds(text: str, expected: tuple[str, str, int | None]) -> None:
    assert times(text) == [expected]


def test_verb_complement_is_not_until() -> None:
    # 降到 is "fell to", not "until"
    assert times("由2015年底的23.6%降到2017年底的15.5%") == [
        ("2015年底", "point", 2015),
        ("2017年底", "point", 2017),
    ]


def test_ordinal_after_date_is_not_until() -> None:
    assert times("2018年10月前三批") == [("2018年10月", "point", 2018)]


def test_not_times() -> None:
    assert times("2018年中国电信") == [("2018年", "point", 2018)]
    assert times("12个月的3个基站和1号线") == []
    assert times("3100年") == []  # outside the year range: not a calendar year


def test_traditional() -> None:
    assert times("2017年以來，截至8月底，近幾年，十六年來") == [
        ("2017年以來", "since", 2017),
        ("截至8月底", "until", None),
        ("近幾年", "since", None),
        ("十六年來", "since", None),
    ]


def test_times_and_quantities_do_not_overlap_on_dates() -> None:
    text = "2017年以来，截至8月底投入284.7万元，十六年来捐赠大米3100吨"
    qs = find_quantities(text)
    ts = find_times(text)
    assert [q.text for q in qs] == ["284.7万元", "3100吨"]
    for q in qs:
        assert all(q.end <= t.start or t.end <= q.start for t in ts)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(max_size=60),
        st.text(st.sampled_from(list("0123456789年月日底以来截至从近几十六今目前后“”十三五-: ")),
                max_size=40),
    )
)
def test_find_times_never_raises_and_spans_hold(text: str) -> None:
    prev_end = 0
    for t in find_times(text):
        assert prev_end <= t.start < t.end <= len(text)
        assert text[t.start : t.end] == t.text
        assert t.kind in ("point", "since", "until", "now", "every")
        prev_end = t.end


def _words(data: object) -> list[str]:
    """Every string of a times.json value, nested lists and tables included."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [w for k, v in data.items() if k != "_doc" for w in _words(v)]
    if isinstance(data, list):
        return [w for v in data for w in _words(v)]
    return []


_TIME_WORDS = _words(load_json(DEFAULT_RULES_DIR, "times.json"))


def _every_match(text: str, minguo: bool) -> list[tuple[int, int, str]]:
    """The expressions of a plain ``finditer``, tried at every position."""
    r = load_time_rules()
    pattern = r.minguo_pattern if minguo else r.pattern
    return [(m.start(), m.end(), m.group()) for m in pattern.finditer(text)
            if _expr(text, m, r) is not None]


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(sorted({c for w in _TIME_WORDS for c in w} | set("0123９，"))),
               max_size=30), st.booleans())
def test_times_are_tried_wherever_one_can_start(text: str, minguo: bool) -> None:
    # find_times tries the patterns only at the characters an expression can start with
    # (TimeRules.anchor): a word added to times.json must not be skipped
    found = [(t.start, t.end, t.text) for t in find_times(text, minguo=minguo)]
    assert found == _every_match(text, minguo)


@pytest.mark.parametrize("minguo", [False, True])
def test_each_word_of_the_time_rules_is_tried(minguo: bool) -> None:
    for word in _TIME_WORDS:
        text = f"据统计，{word}以来，全市投资5亿元"
        found = [(t.start, t.end, t.text) for t in find_times(text, minguo=minguo)]
        assert found == _every_match(text, minguo), word


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("無鉛汽油銷售率由八十一年的４５％", [("八十一年", "point", 1992)]),
        ("保標章圖樣於八十四年六月獲經濟部", [("八十四年六月", "point", 1995)]),
        ("是學測自民國八十三年開辦以來", [("自民國八十三年", "since", 1994)]),
        ("民國五十六年，", [("民國五十六年", "point", 1967)]),
        ("民國87年3月，", [("民國87年3月", "point", 1998)]),
        # two Arabic digits alone may be Hong Kong's own short years (89年北京民运): no year
        ("87年3月，", [("3月", "point", None)]),
        ("一百零五年", [("一百零五年", "point", 2016)]),
        ("話劇走過七十年來的路", [("七十年來", "since", None)]),
        # no Minguo year; a decade is a time of its own (forty-seventh session)
        ("八十多年的歷史，設計年限是一百年，八十年代", [("八十年代", "point", None)]),
    ],
)
def test_minguo_years_in_taiwan_news(text: str, expected: list) -> None:
    assert [(t.text, t.kind, t.year) for t in find_times(text, minguo=True)] == expected
    # elsewhere (simplified script) these are no calendar years
    assert not {t.year for t in find_times(text)} & {year for _, _, year in expected if year}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("新加坡政府计划在未来５年里拨款", ("未来５年", "now", None)),
        ("该公司将在今后两三年内裁员", ("今后两三年", "now", None)),
        ("过去的５年是我国各族人民", ("过去的５年", "since", None)),
        # counted back from now: a point in the past (no time until the forty-fifth session)
        ("３年前，全市高新技术产业产值", ("３年前", "now", None)),
        ("该县两个月以前遭受洪灾", ("两个月以前", "now", None)),
    ],
)
def test_spans_of_time_from_or_up_to_now(text: str, expected: tuple) -> None:
    assert times(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("每天接收近万条科技信息", [("每天", "every", None)]),
        ("每个月有两三条船停靠", [("每个月", "every", None)]),
        # a recurring period takes no closer: 起 opens 起降 here
        ("机场每天起降４８０多架次", [("每天", "every", None)]),
        ("新年伊始，大庆市", [("新年伊始", "now", None)]),
        # 提前３年: ahead of time by three years, not the first three years (前３年)
        ("该工程提前３年完成", []),
        ("前３年，该市投资", [("前３年", "since", None)]),
    ],
)
def test_recurring_periods_and_words_around_durations(text: str, expected: list) -> None:
    assert times(text) == expected
