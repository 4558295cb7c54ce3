"""Numbers and quantities in Chinese news text, as a pure function of the text.

Design
------
* Every word (units, measure words, currencies, hedges, idioms, ordinal markers ...) lives in
  JSON under ``pipeline/resources/quantities/``; this module only knows the *shape* of a
  quantity: ``[hedge] number [infix hedge] [magnitude] [infix hedge] [unit] [hedge]``, or a
  range ``number [unit] 至 number ...``.
* One compiled regex (built once per rules directory and cached) finds every candidate in a
  single left-to-right pass. Its first alternative consumes idioms and date/plan shapes
  (三位一体, 2018-08-07, 十三五) so that they can never yield a quantity; the second is the
  quantity shape. Each candidate is then checked against its context (ordinal before it,
  date word after it, article 一 ...) and evaluated.
* Traditional characters need no separate word lists: :class:`Variants` turns every
  character of every word into a character class (个 -> ``[个個]``) and maps matched text
  back to simplified script before lookup. Offsets therefore always point into the input.

Conventions
-----------
* ``value`` is the fully expanded number (869万元 -> 8690000) as an exact ``Decimal`` with no
  exponent; percentages keep their written value (23.6% -> 23.6, unit ``%``).
* Ranges (3至5万元): ``value == min_value`` (the lower bound, the safe reading of "3 to 5"),
  ``min_value``/``max_value`` hold both ends and ``approx`` is ``None`` unless a hedge is
  present.
* Hedges: ``more_than``/``at_least`` set ``min_value = value``; ``up_to`` sets
  ``max_value = value``; ``about`` sets neither.
* ``number_start:number_end`` covers the numeral with its sign, 百分之, infix hedge and
  magnitude (``100余万`` in 100余万元, ``2.8亿`` in 2.8亿多次, ``3至5万`` in 3至5万元), never
  the leading hedge or the unit. The invariant, tested, is
  ``parse_number(text[number_start:number_end]) == value`` for single numbers and
  ``parse_range(...) == (min_value, max_value)`` for ranges, times the factor of a scaled
  unit (二成 -> 20 %, 千分之五 and 5‰ -> 0.5 %), plus 0.5 for 半 after a unit of time
  (一年半 -> 1.5 年) and plus the hundredths written after a length's unit (五米八〇 -> 5.80 米).
* ``quoted`` is True when the quantity sits inside a *short* quoted phrase (at most
  ``max_quoted_chars``): names and slogans like “一个门户” “双75%”. Such Chinese-numeral
  names are returned (not skipped) so that the relation stage can decide; numbers inside
  long quoted speech are ordinary quantities.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from decimal import Decimal

from ..punctuation import CLAUSE_END
from .durations import is_duration
from .numerals import clean, within
from .patterns import ARABIC_DIGITS, Variants, anchored_matches
from .rules import QuantityRules, load_rules


@dataclass(frozen=True)
class Quantity:
    """One quantity mention; see the module docstring for the conventions."""

    start: int
    end: int
    text: str
    value: Decimal
    unit: str
    currency: str | None
    approx: str | None
    min_value: Decimal | None
    max_value: Decimal | None
    number_start: int
    number_end: int
    quoted: bool

    @property
    def is_range(self) -> bool:
        """A range (3至5倍, 两三条): both bounds set and different. A hedged single number
        sets at most one bound (more_than/at_least: ``min_value``; up_to: ``max_value``)."""
        return (self.min_value is not None and self.max_value is not None
                and self.min_value != self.max_value)

    def values(self) -> tuple[Decimal, ...]:
        """The values the quantity states: both bounds of a range (the gold gives one relation
        per bound), else its value."""
        if self.is_range:
            return (self.min_value, self.max_value)  # type: ignore[return-value]
        return (self.value,)


# -- public API ---------------------------------------------------------------------------


def parse_number(s: str, rules: QuantityRules | None = None) -> Decimal | None:
    """The value of a written number, or ``None`` when ``s`` is not exactly one number.

    Accepts Arabic digits (full-width too, 1,234.5), Chinese numerals (三千一百, 两, 一百零五,
    二〇一七), magnitudes (2.3万, 10.23萬, 5千万, 2万亿), an infix hedge before the magnitude
    (100余万, read as 100万), signs (-5) and written percentages (百分之八十 -> 80). Never raises.
    """
    try:
        r = rules or load_rules()
        if not isinstance(s, str):
            return None
        s = r.chinese_zeros(s)  # 七０ is 七〇, as find_quantities reads it
        m = r.number_re.fullmatch(s)
        if m is None:
            return None
        val = r.numeral_value(m)
        return None if val is None else clean(val)
    except Exception:  # noqa: BLE001 - documented contract: never raises
        return None


def parse_range(s: str, rules: QuantityRules | None = None) -> tuple[Decimal, Decimal] | None:
    """``(min, max)`` of a written range (3至5万 -> (30000, 50000), 3%-5% -> (3, 5), 两三 ->
    (2, 3)), or None."""
    try:
        r = rules or load_rules()
        s = r.chinese_zeros(s)
        m = r.range_re.fullmatch(s)
        if m is not None:
            return r.range_values(m)
        m = r.number_re.fullmatch(s)  # 两三, 三四万: two rising digits
        pair = r.digit_pair(m.group("c1")) if m is not None and m.group("c1") else None
        if pair is None:
            return None
        mag = Decimal(r.mag_product(m.group("cm1") or ""))
        return clean(pair[0] * mag), clean(pair[1] * mag)
    except Exception:  # noqa: BLE001 - documented contract: never raises
        return None


def find_quantities(
    text: str, rules: QuantityRules | None = None, minguo: bool = False
) -> list[Quantity]:
    """Every quantity in ``text``, left to right, non-overlapping. Never raises. ``minguo``:
    the text counts years in the Minguo calendar (Taiwan's news: 八十一年 is 1992, no
    duration), which the caller knows from the document's script."""
    if not text or not isinstance(text, str):
        return []
    r = rules or load_rules()
    written, text = text, r.chinese_zeros(text)  # 一九四０: the same length, read as 一九四〇
    out: list[Quantity] = []
    quotes: list[tuple[int, int]] | None = None
    for match in anchored_matches(r.anchor, r.pattern, text):
        if match.group("skip") is not None:
            continue
        for m in _unit_pairs(text, match, r):
            try:
                q = _candidate(text, m, r, minguo)
            except Exception:  # noqa: BLE001 - one odd candidate must not lose the others
                q = None
            if q is None:
                continue
            if quotes is None:
                quotes = [(qm.start(), qm.end()) for qm in r.quote_re.finditer(text)]
            out.append(_with_quoted(q, quotes))
    out = _shared_units(text, out, r)
    out = _less_rate_bases(text, out, r)
    out = _less_exchange_rates(text, out, r)
    if written is not text:
        out = [replace(q, text=written[q.start : q.end]) for q in out]
    return out


def _less_rate_bases(text: str, found: list[Quantity], r: QuantityRules) -> list[Quantity]:
    """``found`` less the bases of rates: a quantity right after 每 (``rate_base_before``)
    with another quantity after it in its clause, close enough to be what the base is per
    (每百人拥有移动电话６部: 6部 is the figure, 100人 what it is counted over)."""
    v = r.variants
    kept = []
    for i, q in enumerate(found):
        after = found[i + 1] if i + 1 < len(found) else None
        if (after is not None and after.start - q.end <= r.rate_base_reach
                and v.simplify(text[max(0, q.start - 2) : q.start]).endswith(r.rate_base_before)
                and not any(c in text[q.end : after.start] for c in CLAUSE_END)):
            continue
        kept.append(q)
    return kept


def _less_exchange_rates(text: str, found: list[Quantity], r: QuantityRules) -> list[Quantity]:
    """``found`` less the two sides of exchange rates: one unit of a currency, then a word of
    ``exchange_joiners`` and a number right after it (１美元约合７５·５坚戈: the price of a
    currency, which no name of the text is the subject of; the number after is dropped too,
    whether or not its currency is a unit here), or an amount of a currency joined so to one
    unit of another (３·８５林吉特合１美元)."""
    v = r.variants
    rate: set[int] = set()
    for i, q in enumerate(found):
        if q.unit not in r.currency_units:
            continue
        joiner = next((w for w in r.exchange_joiners
                       if v.simplify(text[q.end : q.end + len(w)]) == w), None)
        if joiner is None or not r.number_re.match(text, q.end + len(joiner)):
            continue
        # the amount after the joiner, when it is one the parser read
        nxt = found[i + 1] if i + 1 < len(found) else None
        joined = nxt is not None and nxt.number_start == q.end + len(joiner)
        if q.value == 1:
            rate.update((i, i + 1) if joined else (i,))
        elif joined and nxt.value == 1 and nxt.unit in r.currency_units:
            rate.update((i, i + 1))
    return [q for i, q in enumerate(found) if i not in rate]


_NUMBER_REACH = 16  # the longest number a listed one may be (３０００亿, 一千二百五十万)
_CLAUSE_REACH = 80  # how far back 分别 is looked for when no clause mark comes first


def _shared_units(text: str, found: list[Quantity], r: QuantityRules) -> list[Quantity]:
    """``found`` with the numbers listed right before a quantity sharing its unit, when its
    clause says 分别 (分别拨出４０万和３００万港元, 分别回落５．３和５．５个百分点): the guide
    gives each number its relation, and the relation stage hands 分别's names the figures in
    order. A listed number already found bare (４０万) takes the unit; one not found (５．３) is
    added. Without 分别 a list is as often a code or model before a figure (波音７７７和４８％)."""
    if not found or not any(w[0] in text for w in r.respective):  # 分 of 分别 and 分別
        return found
    v = r.variants
    by_end = {q.end: q for q in found}
    changed: dict[int, Quantity] = {}  # start -> the listed quantity
    for q in found:
        if (q.start == 0 or v.simplify(text[q.start - 1]) not in r.shared_joiners
                or not q.unit or q.is_range
                or q.value != parse_number(text[q.number_start : q.number_end], r)):
            continue  # no list before it; a range, or a unit that scales its number (二成)
        floor = max(0, q.start - _CLAUSE_REACH)
        c0 = max(text.rfind(c, floor, q.start) for c in CLAUSE_END) + 1 or floor
        clause = v.simplify(text[c0 : q.start])
        if not any(w in clause for w in r.respective):
            continue
        magnitude = v.simplify(text[q.number_end - 1]) in r.mag_chars
        pos = q.start
        while pos - 1 > c0 and v.simplify(text[pos - 1]) in r.shared_joiners:
            stop = pos - 1
            # the longest number that ends at the joiner, and its value
            start, value = next(
                ((k, val) for k in range(max(c0, stop - _NUMBER_REACH), stop)
                 if (val := parse_number(text[k:stop], r)) is not None),
                (None, None),
            )
            if start is None:
                break
            old = by_end.get(stop)
            if old is not None and (old.start, old.unit) != (start, ""):
                break  # a figure of its own (3个和5%) or one that began before
            number = text[start:stop]
            if magnitude and v.simplify(number)[-1] not in r.mag_chars:
                break  # 2000和3000万元: 2000万 or 2000? the magnitude may be shared
            changed[start] = replace(
                q, start=start, end=stop, text=number, value=value, approx=None,
                min_value=None, max_value=None, number_start=start, number_end=stop)
            pos = start
    if not changed:
        return found
    kept = [q for q in found if q.start not in changed]
    return sorted(kept + list(changed.values()), key=lambda q: q.start)


def _unit_pairs(text: str, m: re.Match[str], r: QuantityRules) -> list[re.Match[str]]:
    """``m``, or the two quantities it joined where the numbers around 至 carry different
    units (增长20%至500亿元, 增加31.4%至17.15亿人次: a rise and the level it reached, no range)."""
    u1, u2 = m.group("u1"), m.group("unit")
    if u1 is None or u2 is None:
        return [m]
    v = r.variants
    if r.units.get(v.simplify(u1), (u1,))[0] == r.units.get(v.simplify(u2.strip()), (u2,))[0]:
        return [m]
    first = r.pattern.match(text, m.start(), m.end("u1"))
    second = r.pattern.match(text, m.end("sep"))
    return [x for x in (first, second) if x is not None and x.group("skip") is None]


def _with_quoted(q: Quantity, quotes: list[tuple[int, int]]) -> Quantity:
    """Mark ``q`` quoted when it lies inside a short quoted phrase (found once per text)."""
    i = bisect.bisect_left(quotes, (q.start, -1)) - 1
    if i >= 0:
        a, b = quotes[i]
        if a < q.start and q.end <= b - 1:
            return replace(q, quoted=True)
    return q


_ASCII_DIGITS = frozenset(ARABIC_DIGITS)


def _candidate(
    text: str, m: re.Match, r: QuantityRules, minguo: bool = False
) -> Quantity | None:
    """Context checks and evaluation of one regex match; None when it is no quantity."""
    v = r.variants
    start, end = m.start(), m.end()
    ns, ne = m.start("num"), m.end("num")
    pre, mi, post = m.group("pre"), m.group("mi"), m.group("post")
    unit_txt = m.group("unit")
    is_frac = m.group("fn") is not None or m.group("cfd") is not None
    is_pct = m.group("pw") is not None or is_frac
    is_range = m.group("sep") is not None
    is_cn = m.group("c1") is not None or m.group("cfd") is not None or (
        m.group("pw") is not None and m.group("pn")[0] not in _ASCII_DIGITS
    )
    if is_frac and unit_txt is not None:
        return None  # 671/672次: numbers of trains or codes, not a fraction
    if is_pct and unit_txt is not None:
        # 百分之八十 carries its own unit; a measure word after it starts the next noun
        end, unit_txt, post = m.start("unit"), None, None

    # before: ordinals (第12个, 前三批), vague amounts (数百万, 上千), codes (G20)
    head = text[max(0, start - 8) : start]
    head_s = v.simplify(head)
    if head_s.endswith(r.ordinal_before) and not head_s.endswith(r.ordinal_exceptions):
        return None
    bare = head_s.rstrip(r.numeral_chars)
    if (bare != head_s and bare.endswith(r.ordinal_before)
            and not bare.endswith(r.ordinal_exceptions)):
        return None  # 第一百二十四条 after the idiom 第一 was consumed
    listed = bare.rstrip(r.ordinal_list_joiners)
    if listed != bare and (first := listed.rstrip(r.numeral_chars + ARABIC_DIGITS)) != listed \
            and first.endswith(r.ordinal_before) and not first.endswith(r.ordinal_exceptions):
        return None  # 第三、四名, 第一六一、一六三條: the ordinal covers the list
    vague = None
    if is_cn and pre is None and not is_pct:
        vague = next((w for w in r.vague if head_s.endswith(w)), None)
        if vague is not None and any(
                head_s.endswith(h) for h in r.after if len(h) > len(vague) and h.endswith(vague)):
            vague = None  # 五千元以上十万元以下: 上 closes the 以上 of the quantity before
        if vague is not None and v.simplify(m.group("c1"))[0] not in r.mag_chars:
            vague = None  # 几 or 上 before a digit (上三年级) says nothing of the amount
    if head and not is_cn and head[-1] in r.code_before:
        return None
    lead = head_s[: len(head_s) - len(vague)] if vague else head_s  # the words before 数百
    if lead.endswith(r.reference_before):
        return None  # 这两本书, 那两名大学生, 这两年: things or a time named before, no figure

    # after, when there is no unit: a date (2017年, 十六年来) or a code (4G, 12582热线)
    if unit_txt is None and not is_pct:
        after = v.simplify(text[end : end + 3])
        if after.startswith(r.date_after):
            return None
        if not is_cn and after[:1] in r.code_after:
            return None

    # the unit
    unit, currency, latin = "", None, False
    if m.group("pw") is not None:
        unit = r.percent_words[v.simplify(m.group("pw"))]
    elif is_frac:
        unit = "%"
    elif unit_txt is not None:
        u = unit_txt.strip()
        us = v.simplify(u)
        if us in r.units:
            unit, currency = r.units[us]
        elif u in r.latin:
            unit, latin = r.latin[u], True
        else:
            return None

    if unit and unit not in r.comparison_kept and lead.endswith(r.comparison_before):
        return None  # 面积相当于47个足球场: what an amount is compared with, no count

    # the value
    lo: Decimal | None = None
    hi: Decimal | None = None
    pair = r.digit_pair(m.group("c1")) if m.group("c1") and not is_range else None
    if pair is not None and not ((unit == "%" or latin) and len(m.group("c1")) == 2):
        # 两三条, 三四万人: a range of two rising digits; with % or a unit in Latin letters
        # the digits are read one by one (一九%, 四五MHz)
        mag = Decimal(r.mag_product(m.group("cm1") or ""))
        value, lo, hi = clean(pair[0] * mag), clean(pair[0] * mag), clean(pair[1] * mag)
        is_range = True
        has_mag = bool(m.group("cm1")) or any(
            ch in r.big_mags for ch in v.simplify(m.group("c1")))
    elif pair is not None:
        value, has_mag = clean(Decimal(10 * pair[0] + pair[1])), False
    elif is_range:
        rv = r.range_values(m)
        if rv is None:
            return None
        value, lo, hi = rv[0], rv[0], rv[1]
        has_mag = bool(m.group("am1") or m.group("cm1") or m.group("am2") or m.group("cm2"))
        for g in ("c1", "c2"):
            if m.group(g):
                has_mag = has_mag or any(ch in r.big_mags for ch in v.simplify(m.group(g)))
    else:
        val = r.numeral_value(m)
        if val is None:
            return None
        value = clean(val)
        has_mag = False if is_pct else r.body_value(m, "1")[1]

    # Chinese numerals are everywhere in ordinary words: stricter checks
    if is_cn and not is_pct:
        c = v.simplify(m.group("c1"))
        infix = m.group("ihc1") or mi
        if len(c) == 1 and (c in r.formal or c in r.unit_required or value == 0):
            # 大陆人, 伍家岭, 参加: a financial digit alone is a word, and so are a lone 兆
            # (方兆本) and a lone 零 (零部件, 零售)
            return None
        if (c[0] in r.mag_chars and c[0] not in ("十", "拾") and infix is None
                and pre is None and vague is None and (not unit or unit in r.scaled)):
            return None  # 千万 (the adverb), 百姓; 万亩, 百年, 近千人, 上千家 are counts
        if unit_txt is not None and v.simplify(unit_txt) in r.cn_excluded_units:
            return None  # 五期, 十二届, 三级医院, 三门峡
        exempt = latin or (
            unit in r.article_exempt and not head_s.endswith(r.exempt_blocked_after)
            and not _story_time(text, head_s, end, r))
        if (c in r.article and not exempt
                and not head_s.endswith(r.counting_before)
                and not (is_range or pre or post or infix or m.group("cm1"))
                and (unit_txt is None
                     or _unit_with_infix(text, end, v.simplify(unit_txt), r, v) is None)
                and _subunit_digits(text, end, unit, r, v) is None):
            return None  # 一名受助学生, 一个好头: the article, not a count (一个半月, 一米九 are)
    if unit in r.context_units:
        # 男子1500米 (an event), 今后的几十年 (the statement's time), 474次列车 (a train);
        # read after the hedge (85公斤以上级) and right after the unit (十天之内: the span's 之内)
        reach = r.context_reach
        tails = {v.simplify(text[i : i + reach]) for i in (end, m.start("post") if post else end)}
        if any(c.excludes(unit, lead, tail) for c in r.unit_contexts for tail in tails):
            return None
    years = r.durations.get(unit, {}).get("minguo_years", ()) if minguo else ()
    if not is_range and not (pre or post or mi or m.group("ihc1")) and within(value, years):
        return None  # 八十一年的11.32%: a Minguo year (1992), not eighty-one years
    if is_range and m.group("u1") and within(lo, years) and within(hi, years):
        return None  # 從八十一年到八十六年: two Minguo years, each with its 年
    if unit in r.durations and not is_duration(text, end, m, r, unit):
        return None  # 2017年, 十年来, 80年代: a date or a time, not an amount of years
    if unit in ("元", ""):  # a currency's sign: US$5亿, ￥500万元 before; 5034万＄ after
        sign = next((s for s in r.currency_signs if head.endswith(s)), None)
        if sign is not None and unit in ("", r.currency_signs[sign]):
            unit, currency = r.units[r.currency_signs[sign]]
            start -= len(sign)
        elif not unit and post is None and text.startswith(r.currency_signs_after, end):
            unit, currency = r.units[r.currency_signs[text[end]]]
            end += 1
    if not unit and not has_mag:
        return None  # a bare number (爱心100, 12582, 2000多) is a name or a code
    if not unit and any(ch in v.simplify(text[ns:ne]) for ch in r.unit_required):
        return None  # 2兆的专线: 兆 alone may be mega

    # a currency written before the number: 新台币5000亿元, 人民币3000万
    if unit in ("元", ""):
        named = next((w for w in r.currency_before if head_s.endswith(w)), None)
        if named is not None:
            unit, currency = r.units[named]
            start -= len(named)
        elif unit == "元" and post is None:
            # or right after its 元: 5000亿元新台币, 300万元港币 (Taiwan and Hong Kong news)
            tail = v.simplify(text[end : end + r.currency_name_chars])
            named = next((w for w in r.currency_before if tail.startswith(w)), None)
            if named is not None:
                unit, currency = r.units[named]
                end += len(named)
    unit_hedge = None  # 两个多月, 一年多: a hedge inside or right after the unit
    if (unit in r.article_exempt and post is None and not is_range
            and v.simplify(text[end : end + len(r.half)]) == r.half):
        value, end = clean(value + Decimal("0.5")), end + len(r.half)  # 一年半 = 1.5 年
    elif unit_txt is not None and post is None and not is_range:
        # 两个半月 = 2.5 个月, 两个多月 = more than 2: 半 or a hedge inside a unit that starts
        # with the measure word (个月, 个小时)
        split = _unit_with_infix(text, end, v.simplify(unit_txt), r, v)
        if split is not None:
            infix, whole, after_unit = split
            if whole in r.durations and not is_duration(text, after_unit, m, r, whole):
                return None  # 两个多月来, 一个多月后: a time, no amount of months
            if infix == r.half:
                value = clean(value + Decimal("0.5"))
            else:
                unit_hedge = infix
            unit, end = whole, after_unit
    if ((unit in r.durations or unit in r.hedge_after_units) and post is None
            and not is_range and unit_hedge is None):
        unit_hedge = _hedge_after_unit(text, end, r, v)  # 一年多, ５年多, 1倍多, 四成多
        if unit_hedge is not None:
            end += len(unit_hedge)
    subunit = None if post or is_range or has_mag else _subunit_digits(text, end, unit, r, v)
    if subunit is not None:  # 五米八〇 = 5.80 米
        value, end = clean(value + subunit[0]), subunit[1]
    if unit in r.scaled:  # 二成 = 20 %, 5‰ = 0.5 %
        unit, factor = r.scaled[unit]
        value = clean(value * factor)
        lo = None if lo is None else clean(lo * factor)
        hi = None if hi is None else clean(hi * factor)

    # hedges: the word before wins, then the one after, then an infix (100余万, 1700余个);
    # a vague prefix (数百万, 上千) last
    approx = None
    for word, table in ((pre, r.before), (post, r.after)):
        if word is not None and approx is None:
            approx = table.get(v.simplify(word))
    for word in (m.group("ih1"), m.group("ihc1"), mi, unit_hedge):
        if word is not None and approx is None:
            approx = r.infix.get(v.simplify(word))
    if vague is not None:
        start -= len(vague)
        approx = approx or r.vague[vague]
    if approx is None and pre is None:
        # 最高为5万元: the bound, outside the span (最高 is the predicate there)
        approx = next((a for w, a in r.bound_before.items() if head_s.endswith(w)), None)
    if not is_range and approx in ("more_than", "at_least"):
        lo = value
    elif not is_range and approx == "up_to":
        hi = value
    below = next((w for w in r.below_zero if head_s.endswith(w)), None)
    if below is not None and pre is None and vague is None:
        # 零下30多摄氏度 = below -30: the bounds swap sides (零下3至10度: -10 to -3)
        start -= len(below)
        value = -value
        lo, hi = (None if hi is None else -hi), (None if lo is None else -lo)
        if is_range:
            value = lo
    return Quantity(
        start=start,
        end=end,
        text=text[start:end],
        value=value,
        unit=unit,
        currency=currency,
        approx=approx,
        min_value=lo,
        max_value=hi,
        number_start=ns,
        number_end=ne,
        quoted=False,
    )


def _story_time(text: str, head_s: str, end: int, r: QuantityRules) -> bool:
    """Whether 一 + a unit of time ending at ``end`` is a story's "one day" (一天晚上, 一天下午;
    一天， opening its clause) rather than an amount of time."""
    tail = r.variants.simplify(text[end : end + 2])
    if tail.startswith(r.story_after):
        return True
    opening = not head_s or head_s.endswith(r.story_openers)
    return opening and tail.startswith(r.story_comma)


def _unit_with_infix(text: str, end: int, unit: str, r: QuantityRules, v: Variants
                     ) -> tuple[str, str, int] | None:
    """``(infix, unit, end)`` when ``unit`` is followed by 半 or a hedge of more (多, 余) and
    a rest that makes a longer unit with it (个 + 半 + 月 -> 个月, 个 + 多 + 小时 -> 个小时):
    the quantity is then one half more of that unit, or more than its number of it."""
    for infix in (r.half, *r.hedges_in_unit):
        if v.simplify(text[end : end + len(infix)]) != infix:
            continue
        rest_start = end + len(infix)
        for n in range(min(4, len(text) - rest_start), 0, -1):
            whole = unit + v.simplify(text[rest_start : rest_start + n])
            if whole in r.units:
                return infix, r.units[whole][0], rest_start + n
    return None


def _hedge_after_unit(text: str, end: int, r: QuantityRules, v: Variants) -> str | None:
    """The hedge of more right after a unit of time or a multiple (一年多, ５年多, 两天多,
    1倍多, 四成多), unless what follows makes it a word of its own (多数, 多少) or the count
    of the next unit (多次)."""
    tail = v.simplify(text[end : end + 4])
    hedge = next((h for h in r.hedges_in_unit if tail.startswith(h)), None)
    if hedge is None:
        return None
    rest = tail[len(hedge) :]
    if rest.startswith(r.hedge_after_blocked) or rest[:1] in r.units:
        return None
    return hedge


def _subunit_digits(text: str, end: int, unit: str, r: QuantityRules, v: Variants
                    ) -> tuple[Decimal, int] | None:
    """``(fraction, end)`` when ``unit`` is a length followed by the digits of its hundredths
    written without their unit (五米八〇, 1米72, 一米九: units.json ``subunit_digits``)."""
    if unit not in r.subunit_units:
        return None
    sub = r.subunit_re.match(text, end)
    if sub is None:
        return None
    digits = v.simplify(sub.group())
    whole = int("".join(str(r.digits.get(c, c)) for c in digits))
    return Decimal(whole).scaleb(-len(digits)), sub.end()
