"""Whether a number + 年 (or another unit of time) is an amount of time.

A number before 年 is as often a year (2017年, 一九九八年, 八十一年 in Taiwan's Minguo calendar,
89年北京民运), part of a time expression (十年来, 3年前, 80年代) or a word that names an age
(百年老店, 新千年) as it is a span of years (3年, 十几年, 经过了百年奋斗). The parser
(:mod:`.parser`) asks :func:`is_duration` once a candidate's unit is known to be one of
``units.json`` ``duration``; the words it reads are that entry's lists.
"""

from __future__ import annotations

import re

from .patterns import Variants
from .rules import QuantityRules


def is_duration(text: str, end: int, m: re.Match, r: QuantityRules, unit: str) -> bool:
    """Whether number + 年 is an amount of years (3年, 十几年, 百年) rather than a year
    (2017年, 一九九八年, 九七年) or part of a time expression (十年来, 3年前, 80年代)."""
    v = r.variants
    rule = r.durations[unit]  # the canonical unit: 个小时 is written for 小时
    after = v.simplify(text[end : end + 6])
    hedge = next((h for h, kind in r.infix.items()
                  if kind == "more_than" and after.startswith(h)), "")
    if after[len(hedge):].startswith(tuple(rule["not_before"])):
        return False  # 十年来, and 三年多来 as well
    if v.simplify(text[max(0, m.start() - 4) : m.start()]).endswith(tuple(rule["era_before"])):
        return False  # 民国八十三年
    if rule.get("month_after") and r.month_re.match(after):
        return False  # 八十六年九月, 87年3月: a date
    if _attributive(text, m, after, rule, r):
        return False  # 百年老店, 千年古刹, 新千年: an age or an era named, no amount of years
    a1 = m.group("a1")
    before = text[max(0, m.start() - 2) : m.start()]
    if (a1 is not None and "short_year_from" in rule and m.group("pre") is None
            and not before.endswith(tuple(rule["duration_before"]))
            and _short_year(a1, after, rule, v)):
        return False  # 89年北京民运, 07、08年「双普选」: a year written with two digits
    longest = int(rule["max_integer_digits"])
    for n in ("1", "2"):
        a, c = m.group(f"a{n}"), m.group(f"c{n}")
        if a is not None and len(re.split(r"[.．·‧﹒・]", a.replace(",", ""))[0]) > longest:
            return False
        if c is not None:
            cs = v.simplify(c)
            if all(ch in r.digits for ch in cs) and len(cs) >= 2 and cs not in r.approximate_pairs:
                return False  # read digit by digit: a year
    return True


def _attributive(text: str, m: re.Match, after: str, rule: dict, r: QuantityRules) -> bool:
    """A bare 百, 千 or 万 + 年 (no digit, no hedge, no 数 or 上 and no word of a span of time
    before it: 经过了百年奋斗 stays) right before a Han character that does not go with a duration
    (``duration_after``: 百年的, 千年之, 百年历史 stay) or a verb (百年开采) qualifies the noun
    after it (百年老店, 千年古刹, 百年耻辱, 千年首脑会议): no amount of years."""
    c = m.group("c1")
    if c is None or r.variants.simplify(c) not in rule.get("attributive_magnitudes", ()):
        return False
    if m.group("pre") is not None:
        return False
    lead = r.variants.simplify(text[max(0, m.start() - 2) : m.start()])
    if any(lead.endswith(w) for w in r.vague):
        return False  # 数百年, 上千年: a vague amount
    if lead.endswith(tuple(rule["duration_before"])):
        return False  # 经过了百年奋斗: after 了, 经过, 长达 … a span of time
    nxt = after[:1]
    if not ("\u4e00" <= nxt <= "\u9fff") or after.startswith(tuple(rule["duration_after"])):
        return False
    words = (after[:n] for n in (2, 3, 4) if len(after) >= n)
    return not any(w in r.verbs for w in words)  # 百年开采: a span of the action


def _short_year(digits: str, after: str, rule: dict, v: Variants) -> bool:
    """Two Arabic digits + 年 that name a year (89年北京民运, 47年演出话剧, 07、08年「双普选」)
    rather than as many years: with a leading 0 (09年的发展机会), or at least
    ``short_year_from`` and followed by a Han character that does not go with a duration
    (相交50年的好友) or by an opening quote (the caller has ruled out the words before a
    duration: 当了45年教师)."""
    d = v.simplify(digits)  # full-width digits read as ASCII
    if len(d) != 2 or not d.isdigit():
        return False
    if d[0] == "0":
        return True  # 09年的发展机会: nobody writes nine years with a leading zero
    if int(d) < rule["short_year_from"]:
        return False
    nxt = after[:1]
    if nxt and nxt in rule["short_year_openers"]:
        return True
    return "\u4e00" <= nxt <= "\u9fff" and not after.startswith(tuple(rule["duration_after"]))
