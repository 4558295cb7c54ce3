"""Time expressions in Chinese news: when a quantity holds (2017年以来, 截至8月底, 目前).

The relation stage attaches the nearest time expression to each quantity, so expressions
are *maximal*: 截至8月底 is one expression (kind ``until``), never 8月底 alone, and
2017年以来 is one (``since``), never 2017年 alone.

Shape: ``[opener] core [closer]``, where the core is a date (2016年12月底, 9月28日,
2018-08-07, 1—10月, 今年前5个月), a decade (90年代), a duration reaching the present (十六年来,
近3年), a five-year plan with a closing word (“十三五”以来) or a fixed word (目前, 今年, 近年来,
下一步). Openers (从, 截至, 至) and closers (以来, 前, 期间) decide the kind; every word is
data in ``pipeline/resources/quantities/times.json``.

Kinds
- ``point``: a stated date or period (2017年, 2016年12月底, 2015年底, 十三五期间).
- ``since``: from a point or over a period up to now (2017年以来, 从2002年, 近年来, 十六年来).
- ``until``: up to a point (截至8月底, 截至目前, 至年底, 2018年10月前).
- ``now``: relative to the report's date (目前, 今年, 全年, 年底, 下一步, 3年前).
- ``every``: a recurring period, that of a rate (每年, 每月, 每天).
- ``own``: the time of the figure it opens alone (现年四十三岁: the age now).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..paths import resolve_model_path
from .numerals import Numerals, within
from .patterns import (
    ARABIC_DIGITS,
    DEFAULT_RULES_DIR,
    DIGIT,
    Variants,
    anchored_matches,
    load_json,
)

EVERY = "every"  # the kind of a recurring period (每天), which scopes no later sentence
OWN = "own"  # the kind of a time that is its figure's alone (现年四十三岁): it scopes no other
PLAN_OPENERS, PLAN_CLOSERS = "“\"「‘", "”\"」’"  # the quotes around a plan: “十三五”以来


@dataclass(frozen=True)
class TimeExpr:
    """One time expression; ``year`` only when a calendar year is written (not for 十六年来)."""

    start: int
    end: int
    text: str
    kind: str
    year: int | None



class TimeRules:
    """The compiled time-expression regex and the word -> kind tables."""

    def __init__(self, rules_dir: Path) -> None:
        data = load_json(rules_dir, "times.json")
        v = Variants(load_json(rules_dir, "variants.json")["chars"])
        self.variants = v
        numerals = load_json(rules_dir, "numerals.json")
        # value of each plain Chinese digit, for years written digit by digit (二〇一七年)
        self.numerals = Numerals(v, numerals)  # the Minguo years' numbers (八十一, 一百零五)
        self.digit_value: dict[str, int] = {
            c: int(numerals["digits"][c]) for c in numerals["plain_digits"]
        }
        self.word_kind: dict[str, str] = {}
        for kind, words in data["words"].items():
            for w in words:
                self.word_kind[w] = kind
        self.min_year = int(data["min_year"])
        self.max_year = int(data["max_year"])
        self.plan_after: dict[str, str] = dict(data["plan_after"])
        self.weekday_before: dict[str, str] = dict(data["weekdays"]["before"])
        self.word_tails = frozenset(data["word_tails"])
        # 经过|近20年的努力: a span of time a verb lasted, a figure although a time holds it
        self.span_figure_before = tuple(v.simplify(w) for w in data["span_figure_before"])
        # Taiwan's Minguo calendar (八十一年 = 1992): the years units.json says a number + 年
        # stands for in a traditional-script document, any year after the era's name (民国)
        minguo = data["minguo"]
        units = load_json(rules_dir, "units.json")
        self.minguo_ranges = [tuple(r) for r in units["duration"]["年"]["minguo_years"]]
        self.minguo_epoch = int(minguo["epoch"])
        self.pattern = re.compile(self._build(data, v, self.digit_value))
        self.minguo_pattern = re.compile(self._build(data, v, self.digit_value, minguo))
        firsts = self._first_chars(data, minguo) | set(self.digit_value)
        self.anchor = re.compile(v.chars("".join(sorted(firsts))))

    @staticmethod
    def _first_chars(data: dict, minguo: dict) -> set[str]:
        """The characters an expression of either pattern can start with, the plain Chinese
        digits aside: an Arabic digit, 十, 百, 两, a quotation mark (“十三五”以来) or the first
        character of a word that can open one (an opener, a fixed word, a relative year or
        month, the words before a span, a decade, a weekday, a month's name or a founding).
        ``find_times`` tries the patterns only there."""
        firsts = set(ARABIC_DIGITS) | set(PLAN_OPENERS) | {data["plans"][0]} | set("十百两")
        dec, wd = data["decades"], data["weekdays"]
        lists = (
            data["since_before"], data["until_before"], data["relative_years"],
            data["relative_months"], data["duration_since_before"], data["duration_ahead_before"],
            data["duration_numbers"], dec["before"], wd["before"], wd["stems"], minguo["eras"],
            data["lunar"]["months"], data["lunar"]["lunar_months"], data["since_events"],
            *data["words"].values(),
        )
        firsts.update(w[0] for words in lists for w in words if w)
        return firsts | set(dec["tens"])

    @staticmethod
    def _build(
        data: dict, v: Variants, digit_value: dict[str, int], minguo: dict | None = None
    ) -> str:
        cn_digits = "".join(digit_value)
        cnd = v.chars(cn_digits)
        one_to_nine = "[" + "".join(c for c, n in digit_value.items() if n) + "]"
        year = rf"(?:(?P<y>[12１２]{DIGIT}{{3}})|(?P<ycn>{cnd}{{4}})"
        if minguo is not None:
            # 八十一年, 一百零五年, 民国五十六年, 民国87年; not 八十多年, 七十年来 (durations).
            # Two Arabic digits alone are left out: Hong Kong's news writes its own years so
            # (89年北京民运 is 1989, where Taiwan's 87年 is 1998)
            cn = v.chars(cn_digits + "十百")
            era = v.words(minguo["eras"])
            year += (
                rf"|(?<!{cn}|{DIGIT})(?P<mg>(?P<era>{era})?{cn}{{1,5}}|(?P<era2>{era}){DIGIT}{{1,3}})"
                rf"(?={v.char('年')}(?!{v.chars(''.join(minguo['not_after']))}))"
            )
        year += ")" + v.char("年")
        month_number = (
            rf"(?:[1１][0-2０-２]|[0０]?[1-9１-９](?!{DIGIT})|{v.char('十')}[一二]?|{one_to_nine})"
        )
        lunar = data["lunar"]  # 元月３日, 正月初六, 腊月廿三: months by name, lunar days
        lunar_day = (rf"(?:{v.char('初')}{one_to_nine}|{v.char('初')}{v.char('十')}"
                     rf"|[二三]?{v.char('十')}{one_to_nine}?|{v.chars(lunar['twenty'])}{one_to_nine}?)")
        month = (rf"(?:{month_number}{v.char('月')}|{v.words(lunar['months'])}"
                 rf"|{v.words(lunar['lunar_months'])}"
                 rf"(?:{lunar_day}{v.words(data['day_suffixes'])}?)?)")
        day = (
            rf"(?:[3３][01０１]|[12１２]{DIGIT}|[0０]?[1-9１-９]"
            rf"|[二三]?{v.char('十')}{one_to_nine}?|{one_to_nine})"
            + v.words(data["day_suffixes"])
        )
        day_number = rf"(?:[3３][01０１]|[12１２]{DIGIT}|[0０]?[1-9１-９])(?!{DIGIT})"
        day_alone = day_number + v.char("日")
        ypart = v.words(data["year_parts"])
        mpart = v.words(data["month_parts"])
        iso = (
            rf"(?P<iy>[12１２]{DIGIT}{{3}})[-/.．](?:[01０１]?{DIGIT})[-/.．](?:[0-3０-３]?{DIGIT})(?!{DIGIT})"
            rf"(?:[日号])?"
            rf"(?:[ \u3000T]{{1,2}}{DIGIT}{{1,2}}[:：]{DIGIT}{{2}}(?:[:：]{DIGIT}{{2}})?)?"
        )
        seps = v.words(data["date_range_separators"])
        # 1—10月, 今年1至5月: months from the first of a range, whose 月 is left unwritten
        months = rf"(?:(?<!{DIGIT}){month_number}{seps})?{month}"
        # 7月14-17日, 5至10日: days from the first of a range, whose 日 is left unwritten
        days = rf"(?:(?<!{DIGIT}){day_number}{seps})?{day}"
        days_alone = rf"(?:(?<!{DIGIT}){day_number}{v.char('日')}?{seps})?{day_alone}"
        dhedge = v.words(data["duration_number_hedges"])
        dnum = (  # 四十多年来, 二十余年: a hedge may close the number
            rf"(?:(?:{DIGIT}{{1,3}}|{v.chars(cn_digits + '十百两')}{{1,4}})"
            rf"(?:{dhedge})?"
            rf"|{v.words(data['duration_numbers'])})"
        )
        # 今年前5个月, 1997年头两个月: the first months of a year
        firsts = data["year_firsts"]
        first = rf"{v.words(firsts['before'])}{dnum}{v.words(firsts['units'])}"
        year_u = rf"(?:[12１２]{DIGIT}{{3}}|{cnd}{{4}})" + v.char("年")
        # the second date of a range: a year, a month or a day (9月1日至3日)
        second = (rf"(?:{year_u}(?:{month}(?:{day}|{mpart})?|{ypart})?|{month}(?:{day}|{mpart})?"
                  rf"|{day})")
        rel = (rf"(?P<ry>{v.words(data['relative_years'])})"
               rf"(?:{months}(?:{days}|{mpart})?|{ypart}|{first})(?:{seps}{second})?"
               rf"|(?P<rm>{v.words(data['relative_months'])})(?:{mpart})")  # 本月底
        date = (
            rf"(?P<date>{iso}|(?:(?:(?P<y0>[12１２]{DIGIT}{{3}}){seps}(?={year_u}))?"
            rf"{year}(?:{months}(?:{days}|{mpart})?|{ypart}|{first})?"
            rf"|{months}(?:{days}|{mpart})?)(?:{seps}{second})?"
            rf"|{rel}|{days_alone})"
        )
        dec = data["decades"]  # 90年代, 上世纪八十年代初, １９８０年代: a point
        decade = (
            rf"(?P<dec>(?:{v.words(dec['before'])})?"
            rf"(?:[12１２]{DIGIT}{{2}}[0０]|(?<!{DIGIT})[1-9１-９][0０]"
            rf"|{v.chars(dec['tens'])}{v.char('十')})"
            rf"{v.char('年')}{v.char('代')}(?:{v.words(dec['parts'])})?)"
        )
        dunit = v.words(data["duration_units"])
        dblocked = v.chars("".join(data["duration_before_blocked_after"]))
        dbefore = rf"(?<!{dblocked})" + v.words(data["duration_since_before"])
        dafter = v.words(data["duration_since_after"])
        dahead = v.words(data["duration_ahead_before"])
        dago = v.words(data["duration_ago_after"])
        de = v.char("的") + "?"  # 过去的５年, 今后的三年
        dwithin = v.words(data["duration_within_after"])
        # 一年多来, 两个多月来: a hedge of more after the unit, or inside it
        dspan = rf"{dnum}(?:{dunit}|{v.char('个')}{dhedge}{v.char('月')})(?:{dhedge})?"
        duration = (
            rf"(?P<dur>(?:{dbefore}){de}{dspan}(?:{dafter})?|{dspan}(?:{dafter}))"
            rf"|(?P<ahead>(?:{dahead}){de}{dspan}|(?<!{DIGIT}){dspan}(?:{dwithin}))"
            rf"|(?P<ago>(?<!{DIGIT}){dspan}(?:{dago}))"
        )
        plan = (
            rf"(?P<plan>[{PLAN_OPENERS}]?{data['plans']}[{PLAN_CLOSERS}]?)"
            rf"(?P<pa>{v.words(data['plan_after'])})"
        )
        all_words = [w for kind, words in data["words"].items() if kind != EVERY for w in words]
        words = rf"(?P<word>{v.words(all_words)})"
        # a recurring period takes no closer: 每天|起降 is no 'from every day on'
        every = rf"(?P<every>{v.words(data['words'][EVERY])})"
        blocked = v.chars("".join(data["until_blocked_after"]))
        opener = (
            rf"(?:(?P<ub>(?<!{blocked}){v.words(data['until_before'])})"
            rf"|(?P<sb>{v.words(data['since_before'])}))"
        )
        numeral_next = rf"(?!{DIGIT}|{v.chars(cn_digits + '两十')})"
        going_next = rf"(?!{v.chars(''.join(data['until_after_blocked_before']))})"
        closer = (  # point first: 前后 (around) before 前 (before)
            rf"(?:(?P<pt>{v.words(data['point_after'])})"
            rf"|(?P<sa>{v.words(data['since_after'])})"
            rf"|(?P<ua>{v.words(data['until_after'])}){numeral_next}{going_next})"
        )
        # a part of the day or the day named again (２０日上午, 每周四上午, ２月１８日这一天),
        # before any closer (今天上午起): it leaves the kind as it is
        day_part = rf"(?:{v.words(data['day_parts'] + data['appositives'])})"
        # 成立以来, 自１９５５年成立以来: a founding or start that 以来 closes
        event = rf"(?:{v.words(data['since_events'])}(?={v.words(data['since_events_after'])}))"
        wd = data["weekdays"]
        weekday = (  # 上周五, 星期三, 每周四: before the words, which hold 上周 and 每周
            rf"(?P<wd>(?P<wdb>{v.words(wd['before'])})?{v.words(wd['stems'])}"
            rf"{v.chars(wd['days'])})"
        )
        core = rf"(?:{decade}|{date}|{duration}|{plan}|{weekday}|{words}|{event})"
        return rf"{opener}?(?:{core}{day_part}?{event}?{closer}?|{every})"


@lru_cache(maxsize=8)
def _load(path: str) -> TimeRules:
    return TimeRules(Path(path))


def load_time_rules(rules_dir: str | Path | None = None) -> TimeRules:
    """The time rules from ``rules_dir`` (default: the packaged resources), compiled once."""
    path = DEFAULT_RULES_DIR if rules_dir is None else resolve_model_path(rules_dir)
    return _load(str(path))


def find_times(
    text: str, rules: TimeRules | None = None, minguo: bool = False
) -> list[TimeExpr]:
    """Every time expression in ``text``, left to right, non-overlapping. Never raises.
    ``minguo``: the text counts years in the Minguo calendar (Taiwan's news), so 八十一年 is
    the year 1992, as :func:`~.parser.find_quantities` reads it too."""
    if not text or not isinstance(text, str):
        return []
    r = rules or load_time_rules()
    out: list[TimeExpr] = []
    for m in anchored_matches(r.anchor, r.minguo_pattern if minguo else r.pattern, text):
        try:
            t = _expr(text, m, r)
        except Exception:  # noqa: BLE001 - one odd match must not lose the others
            t = None
        if t is not None:
            out.append(t)
    return out


def _year(m: re.Match, r: TimeRules) -> int | None:
    digits = m.group("y0") or m.group("y") or m.group("iy")  # a range: its first year
    if digits:
        return int(r.variants.simplify(digits))
    cn = m.group("ycn")
    if cn:
        return int("".join(str(r.digit_value[c]) for c in r.variants.simplify(cn)))
    mg = m.groupdict().get("mg")
    if mg:
        era = m.group("era") or m.group("era2") or ""
        written = r.variants.simplify(mg[len(era):])
        if written.isdigit():
            n: int | None = int(written)
        elif len(written) > 1 and all(c in r.numerals.digits for c in written):
            n = None  # 九七年 read digit by digit is a Western year as often as a Minguo one
        else:
            value = r.numerals.chinese(written)
            n = None if value is None else int(value)
        if n is None or not (era or within(n, r.minguo_ranges)):
            return -1  # 八十年 outside the calendar's range: a duration, no time
        return r.minguo_epoch + n
    return None


def _expr(text: str, m: re.Match, r: TimeRules) -> TimeExpr | None:
    """Kind and year of one match; None for an impossible year (3100年 is no year here)."""
    year = _year(m, r)
    if year is not None and not (r.min_year <= year <= r.max_year):
        return None
    if m.group("ub") is not None:
        kind = "until"
    elif m.group("sb") is not None:
        kind = "since"
    elif m.group("sa") is not None:
        kind = "since"
    elif m.group("ua") is not None:
        kind = "until"
    elif m.group("pt") is not None:
        kind = "point"
    elif m.group("ahead") is not None or m.group("ago") is not None:
        kind = "now"  # 未来5年, 3年前: a span from the report's date on, a point back from it
    elif m.group("dur") is not None:
        kind = "since"
    elif m.group("plan") is not None:
        kind = r.plan_after.get(r.variants.simplify(m.group("pa")), "point")
    elif m.group("every") is not None:
        kind = EVERY
    elif m.group("wd") is not None:
        kind = r.weekday_before.get(r.variants.simplify(m.group("wdb") or ""), "now")
    elif m.group("word") is not None:
        kind = r.word_kind.get(r.variants.simplify(m.group("word")), "now")
    elif m.group("ry") is not None or m.group("rm") is not None:
        kind = "now"  # 今年8月底, 本月底: relative to the report's date
    else:
        kind = "point"
    return TimeExpr(m.start(), m.end(), text[m.start() : m.end()], kind, year)
