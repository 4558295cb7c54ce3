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
  unit (二成 -> 20 %, 千分之五 and 5‰ -> 0.5 %) and plus 0.5 for 半 after a unit of time
  (一年半 -> 1.5 年).
* ``quoted`` is True when the quantity sits inside a *short* quoted phrase (at most
  ``max_quoted_chars``): names and slogans like “一个门户” “双75%”. Such Chinese-numeral
  names are returned (not skipped) so that the relation stage can decide; numbers inside
  long quoted speech are ordinary quantities.
"""

from __future__ import annotations

import bisect
import decimal
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from ..paths import RESOURCES, resolve_model_path

DEFAULT_RULES_DIR = RESOURCES / "quantities"

_CTX = decimal.Context(prec=60, Emax=999999, Emin=-999999)


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


# -- shared regex helpers -----------------------------------------------------------------


def load_json(rules_dir: Path, name: str) -> dict:
    """One rules file; a missing file in a custom dir falls back to the packaged one."""
    path = rules_dir / name
    if not path.exists():
        path = DEFAULT_RULES_DIR / name
    return json.loads(path.read_text(encoding="utf-8"))


class Variants:
    """Character variants (traditional, full-width) of simplified characters.

    Why: the text may be traditional; instead of listing 個/个 twice in every word list, each
    character of a word becomes a class of its variants in the regex, and matched text is
    translated back (one char for one char) before lookup.
    """

    def __init__(self, chars: dict[str, str]) -> None:
        self.to_simple = {k: v for k, v in chars.items() if len(k) == 1 and len(v) == 1}
        self.table = str.maketrans(self.to_simple)
        self.alts: dict[str, str] = {}
        for var, simple in self.to_simple.items():
            self.alts[simple] = self.alts.get(simple, simple) + var

    def simplify(self, s: str) -> str:
        return s.translate(self.table)

    def char(self, ch: str) -> str:
        """Regex for one character and its variants."""
        alts = self.alts.get(ch)
        if not alts:
            return re.escape(ch)
        return "[" + "".join(_class_escape(c) for c in alts) + "]"

    def chars(self, chars: str) -> str:
        """A character class for a set of characters and all their variants."""
        out = set()
        for ch in chars:
            out.add(ch)
            out.update(self.alts.get(ch, ""))
        return "[" + "".join(_class_escape(c) for c in sorted(out)) + "]"

    def words(self, words: object) -> str:
        """Regex for a word list as a trie: longest word wins, few branches per position."""
        return trie_regex(list(words), self.char)


def _class_escape(c: str) -> str:
    return "\\" + c if c in "\\]^-[" else c


def trie_regex(words: list[str], char: Callable[[str], str] = re.escape) -> str:
    """A non-capturing regex matching any of ``words``, preferring the longest.

    A flat alternation of hundreds of words costs one branch test per word at every text
    position; a trie costs one test per distinct first character.
    """
    trie: dict = {}
    for w in words:
        if not w:
            continue
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    if not trie:
        return "(?!)"

    def emit(node: dict) -> str:
        end = "" in node
        branches = [char(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            body = "(?:" + body + ")?"
        return body

    return "(?:" + emit(trie) + ")"


# -- rules --------------------------------------------------------------------------------

# One Arabic digit, ASCII or full-width: the regex piece every numeral and date pattern builds
# on (the time expressions in ``times.py`` too).
DIGIT = "[0-9０-９]"
_FW = "[０-９]"
_POINT = "[.．·‧﹒・]"  # decimal points, the middle dots of Taiwan and older texts included
# Thousands separators: "," anywhere; the full-width "，" between full-width digits
# (１，２３４．５), and between ASCII digits only before a group that opens with 0 (4，000元,
# 2，050吨): elsewhere it is as likely a list comma (分别为3，500), but no listed number is
# written with a leading zero.
_ARABIC = (
    rf"(?:{DIGIT}{{1,3}}(?:,{DIGIT}{{3}}(?!{DIGIT}))+(?:{_POINT}{DIGIT}+)?"
    rf"|{_FW}{{1,3}}(?:，{_FW}{{3}}(?!{DIGIT}))+(?:{_POINT}{DIGIT}+)?"
    rf"|[0-9]{{1,3}}(?:，0[0-9]{{2}}(?![0-9]))+(?:{_POINT}{DIGIT}+)?"
    rf"|{DIGIT}+(?:{_POINT}{DIGIT}+)?)"
)
_SIGN_CHARS = "-+－−＋﹣"
_DIGITS = "0123456789０１２３４５６７８９"


class QuantityRules:
    """Compiled regexes and lookup tables built from a rules directory (see :func:`load_rules`)."""

    def __init__(self, rules_dir: Path) -> None:
        self.rules_dir = rules_dir
        variants = Variants(load_json(rules_dir, "variants.json")["chars"])
        num = load_json(rules_dir, "numerals.json")
        units = load_json(rules_dir, "units.json")
        hedges = load_json(rules_dir, "hedges.json")
        excl = load_json(rules_dir, "exclusions.json")
        self.variants = variants
        v = variants

        # numerals
        self.digits: dict[str, int] = dict(num["digits"])
        self.small_mags: dict[str, int] = dict(num["small_magnitudes"])
        self.big_mags: dict[str, int] = dict(num["big_magnitudes"])
        self.points = tuple(num["decimal_points"])
        self.percent_words: dict[str, str] = dict(num["percent_words"])
        self.max_int_digits = int(num["max_integer_digits"])
        self.vague: dict[str, str] = dict(num["vague_prefixes"])
        self.tens: dict[str, str] = dict(num["tens"])
        self.approximate_pairs = frozenset(num["approximate_pairs"])
        self.unit_required = tuple(num["unit_required_magnitudes"])
        self.formal = frozenset(num["formal_digits"])
        # the 零 that fills a gap in a number (一万零一)
        self.zeros = "".join(c for c in num["plain_digits"] if self.digits[c] == 0)
        self.article = frozenset(excl["article_numerals"])
        self.counting_before = tuple(excl["counting_before"])
        self.mag_chars = frozenset(self.small_mags) | frozenset(self.big_mags)

        # units: written form -> (canonical unit, currency)
        self.units: dict[str, tuple[str, str | None]] = {}
        for w, u in units["measure"].items():
            self.units[w] = (u, None)
        for w, (u, cur) in units["currency"].items():
            self.units[w] = (u, cur)
        for w, u in units["percent"].items():
            self.units[v.simplify(w)] = (u, None)
        # 二成 = 20 %, 5‰ = 0.5 %: unit -> (unit, factor)
        self.scaled = {w: (u, Decimal(f)) for w, (u, f) in units["scaled"].items()}
        for w in self.scaled:
            self.units.setdefault(w, (w, None))
        self.currency_before = tuple(units["currency_before"])
        self.durations: dict[str, dict] = dict(units["duration"])
        self.article_exempt = frozenset(units["article_exempt"])
        self.exempt_blocked_after = tuple(units["article_exempt_blocked_after"])
        self.half = units["half_after"]
        self.numeral_chars = "".join(self.digits) + "".join(self.tens) + "".join(self.mag_chars)
        # unit words that begin with a magnitude character (千米, 千瓦, 百分点, 兆瓦): after
        # a bare magnitude (千米) they are the unit, not magnitude + unit
        self.mag_units = tuple(w for w in self.units if w[0] in self.mag_chars)
        self.latin: dict[str, str] = {w: u for w, u in units["latin"].items() if u}
        self.cn_excluded_units = frozenset(units["chinese_numeral_units_excluded"])

        # hedges
        self.before: dict[str, str] = dict(hedges["before"])
        self.infix: dict[str, str] = dict(hedges["infix"])
        self.after: dict[str, str] = dict(hedges["after"])

        # exclusions
        self.ordinal_before = tuple(excl["ordinal_before"])
        self.ordinal_exceptions = tuple(excl["ordinal_exceptions"])
        self.date_after = tuple(excl["date_after"])
        self.code_before = frozenset(_expand_ranges(excl["code_before"]))
        self.code_after = frozenset(_expand_ranges(excl["code_after"]))
        self.max_quoted = int(excl["max_quoted_chars"])
        quotes: dict[str, str] = excl["quotes"]
        self.quote_re = re.compile(
            "|".join(
                f"{re.escape(o)}[^{re.escape(o + c)}\n]{{0,{self.max_quoted}}}{re.escape(c)}"
                for o, c in quotes.items()
            )
        )

        self.pattern = re.compile(self._master(num, units, hedges, excl))
        # Positions where a match can start. Python's re only skips ahead quickly when a
        # pattern starts with a plain character class, which the master pattern cannot;
        # searching for these characters first and trying the master pattern only there is
        # several times faster on news text (about 5% of characters are candidates).
        firsts = set(_DIGITS) | set(_SIGN_CHARS) | set(quotes)
        firsts |= set(self.digits) | set(self.tens) | self.mag_chars
        for words in (self.before, self.percent_words, excl["idioms"]):
            firsts.update(w[0] for w in words if w)
        self.anchor = re.compile(v.chars("".join(sorted(firsts))))
        self.number_re = re.compile(self._number_only())
        self.month_re = re.compile(rf"(?:{DIGIT}{{1,2}}|{self.r_cn_digit}{{1,2}}|十[一二]?)月")
        self.range_re = re.compile(self._range_only())

    # the regex pieces ---------------------------------------------------------------------
    def _pieces(self, num: dict, units: dict, hedges: dict) -> None:
        v = self.variants
        digit_chars = "".join(self.digits) + "".join(self.tens)
        self.r_cn_digit = v.chars("".join(self.digits))

        def not_unit(chars: str) -> str:
            """Magnitude characters, except where one begins a unit word (5千米, 3千克,
            2兆瓦): there the unit wins."""
            tails = [w[1:] for w in self.units if w[0] in chars and len(w) > 1]
            return v.chars(chars) + (f"(?!{v.words(tails)})" if tails else "")

        def by_value(mags: dict[str, int]) -> list[str]:
            return [not_unit("".join(c for c, m in mags.items() if m == val))
                    for val in sorted(set(mags.values()))]

        smalls = by_value(self.small_mags)
        bigs = by_value(self.big_mags)
        self.r_cn_char = "(?:" + "|".join([v.chars(digit_chars), *smalls, *bigs]) + ")"
        point = v.words(num["decimal_points"])
        self.r_cn_run = rf"{self.r_cn_char}+(?:{point}{self.r_cn_digit}+)?"
        small = "(?:" + "|".join(smalls) + ")"
        tenk, hundredm, tera = bigs[0], bigs[1], bigs[2]
        self.r_amag = (
            f"(?:{small}(?:{tenk})?(?:{hundredm})?|{tenk}(?:{hundredm})?|{hundredm}|{tera})"
        )
        self.r_big = "(?:" + "|".join(bigs) + ")"
        self.r_infix = v.words(self.infix)
        self.r_pct = v.words(self.percent_words)
        self.r_sep = v.words(num["range_separators"])
        self.r_sign = "[" + re.escape(_SIGN_CHARS) + "]"
        cjk_units = v.words(self.units)
        latin = trie_regex(list(self.latin))
        self.r_unit = rf"(?:{cjk_units}|[ \u00a0]?{latin}(?![A-Za-z]))"
        blocked = hedges.get("blocked_after", {})
        plain = [w for w in self.before if w not in blocked]
        guarded = [
            (f"(?<!{v.chars(''.join(bs))})" if bs else "") + v.words([w])
            for w, bs in blocked.items()
            if w in self.before
        ]
        self.r_before = "(?:" + "|".join([v.words(plain), *guarded]) + ")"
        after_blocked = hedges.get("after_blocked_before", {})
        after_plain = [w for w in self.after if w not in after_blocked]
        after_guarded = [
            v.words([w]) + (f"(?!{v.chars(''.join(bs))})" if bs else "")
            for w, bs in after_blocked.items()
            if w in self.after
        ]
        self.r_after = "(?:" + "|".join([v.words(after_plain), *after_guarded]) + ")"

    def _body(self, n: str) -> str:
        return (
            rf"(?:(?P<a{n}>{_ARABIC})(?:(?P<ih{n}>{self.r_infix})?(?P<am{n}>{self.r_amag}))?"
            rf"|(?P<c{n}>{self.r_cn_run})(?:(?P<ihc{n}>{self.r_infix})?(?P<cm{n}>{self.r_big}+))?)"
        )

    def _fraction(self) -> str:
        """3/4, ９／１０ (a proper fraction of small integers, not part of a longer code or
        date) and 四分之三: read as a percentage."""
        return (
            rf"(?P<fn>{DIGIT}{{1,4}})[/／](?P<fd>{DIGIT}{{1,4}})(?![0-9０-９/／.．])"
            rf"|(?P<cfd>{self.r_cn_run})分之(?P<cfn>{_ARABIC}|{self.r_cn_run})"
        )

    def _numeral(self) -> str:
        pct = rf"(?P<pw>{self.r_pct})(?P<pn>{_ARABIC}|{self.r_cn_run})"
        rng = (
            rf"(?:(?P<u1>{self.r_unit})?(?P<sep>{self.r_sep})"
            rf"(?P<sign2>{self.r_sign}(?={DIGIT}))?{self._body('2')})?"
        )
        return (rf"(?:{pct}|{self._fraction()}"
                rf"|(?P<sign>{self.r_sign}(?={DIGIT}))?{self._body('1')}{rng})")

    def _master(self, num: dict, units: dict, hedges: dict, excl: dict) -> str:
        self._pieces(num, units, hedges)
        idioms = self.variants.words(excl["idioms"])
        skip = "|".join([idioms, *(f"(?:{p})" for p in excl["patterns"])])
        quantity = (
            rf"(?P<pre>{self.r_before})?(?P<num>{self._numeral()})"
            rf"(?P<mi>{self.r_infix})?(?P<unit>{self.r_unit})?(?P<post>{self.r_after})?"
        )
        return rf"(?P<skip>{skip})|{quantity}"

    def _number_only(self) -> str:
        pct = rf"(?P<pw>{self.r_pct})(?P<pn>{_ARABIC}|{self.r_cn_run})"
        return (rf"\s*(?:{pct}|{self._fraction()}"
                rf"|(?P<sign>{self.r_sign}(?={DIGIT}))?{self._body('1')})\s*")

    def _range_only(self) -> str:
        return (
            rf"\s*(?P<sign>{self.r_sign}(?={DIGIT}))?{self._body('1')}(?P<u1>{self.r_unit})?"
            rf"(?P<sep>{self.r_sep})(?P<sign2>{self.r_sign}(?={DIGIT}))?{self._body('2')}\s*"
        )

    # evaluation ---------------------------------------------------------------------------
    def arabic(self, s: str) -> Decimal | None:
        s = self.variants.simplify(s).replace(",", "")
        if len(s.split(".")[0]) > self.max_int_digits:
            return None
        try:
            return Decimal(s)
        except decimal.InvalidOperation:
            return None

    def mag_product(self, s: str) -> int:
        out = 1
        for ch in self.variants.simplify(s):
            out *= self.small_mags.get(ch) or self.big_mags.get(ch) or 1
        return out

    def chinese(self, s: str) -> Decimal | None:
        """Value of a Chinese numeral (三千一百, 一百零五, 十六, 两, 二〇一七, 三点五, 一万五)."""
        s = self.variants.simplify(s)
        for ch, expansion in self.tens.items():
            s = s.replace(ch, expansion)
        for p in self.points:
            if p in s:
                ip, fp = s.split(p, 1)
                if not fp or any(c not in self.digits for c in fp) or not ip:
                    return None
                iv = self._cn_int(ip)
                if iv is None and all(c in self.digits for c in ip):
                    iv = int("".join(str(self.digits[c]) for c in ip))  # 三四.九九八
                if iv is None:
                    return None
                frac = "".join(str(self.digits[c]) for c in fp)
                return Decimal(iv) + Decimal("0." + frac)
        iv = self._cn_int(s)
        return None if iv is None else Decimal(iv)

    def _cn_int(self, s: str) -> int | None:
        if not s:
            return None
        if all(c in self.digits for c in s):
            if len(s) == 1:
                return self.digits[s]
            # 二〇一七 and 七五 read digit by digit; 五六 is "five or six", not 56 (see
            # :meth:`digit_pair`)
            if s in self.approximate_pairs:
                return None
            return int("".join(str(self.digits[c]) for c in s))
        for ch, mag in sorted(self.big_mags.items(), key=lambda kv: -kv[1]):
            i = s.rfind(ch)
            if i < 0:
                continue
            left, right = s[:i], s[i + 1 :]
            lv = self._cn_int(left) if left else 1
            if lv is None or lv == 0:
                return None
            if len(right) == 1 and right in self.digits and self.digits[right] and left:
                rv = self.digits[right] * mag // 10  # 一万五 = 15000
            elif right:
                rest = right.lstrip(self.zeros)
                rv = self._cn_int(rest) if rest else 0
                if rv is None or rv >= mag:
                    return None
                if rest == right and rv < mag // 10:
                    return None  # 万一 is no number; 一万零一 is written with 零
            else:
                rv = 0
            return lv * mag + rv
        return self._cn_small(s)

    def _cn_small(self, s: str) -> int | None:
        """A numeral below 10000: digits, 十百千 and 零."""
        total = 0
        cur: int | None = None
        last_mag = 10**9
        prev = ""
        zero_since_mag = False
        for ch in s:
            if ch in self.digits:
                d = self.digits[ch]
                if prev == "digit" and cur is not None and cur != 0:
                    return None
                if d == 0:
                    zero_since_mag = True
                cur = d
                prev = "digit"
            elif ch in self.small_mags:
                m = self.small_mags[ch]
                if prev == "mag" or m >= last_mag or cur == 0:
                    return None
                total += (1 if cur is None else cur) * m
                cur, last_mag, prev, zero_since_mag = None, m, "mag", False
            else:
                return None
        if cur:
            if prev == "digit" and last_mag >= 100 and last_mag < 10**9 and not zero_since_mag:
                total += cur * last_mag // 10  # 三千五 = 3500
            else:
                total += cur
        return total

    def digit_pair(self, s: str) -> tuple[int, int] | None:
        """Two digits that say "two or three", maybe with magnitudes (两三, 五六, 三五, 三四万,
        两三千): a range (lo, hi); None otherwise."""
        s = self.variants.simplify(s)
        if s[:2] not in self.approximate_pairs:
            return None
        if any(c not in self.mag_chars for c in s[2:]):
            return None
        a, b = self.digits[s[0]], self.digits[s[1]]
        mag = self.mag_product(s[2:])
        return a * mag, b * mag

    def fraction_value(self, m: re.Match) -> Decimal | None:
        """A fraction as a percentage (3/4 -> 75, 三分之一 -> 33.33); None unless proper."""
        if m.group("fn") is not None:
            num, den = self.arabic(m.group("fn")), self.arabic(m.group("fd"))
        else:
            den = self.chinese(m.group("cfd"))
            cfn = m.group("cfn")
            num = self.arabic(cfn) if cfn[0] in _DIGITS else self.chinese(cfn)
        if num is None or den is None or not 0 < num < den:
            return None
        pct = _CTX.divide(num * 100, den)
        return clean(pct if pct == pct.quantize(Decimal("0.01"), context=_CTX)
                     else pct.quantize(Decimal("0.01"), context=_CTX))

    def body_value(self, m: re.Match, n: str) -> tuple[Decimal | None, bool]:
        """Value of numeral body ``n`` of a match, and whether it carries a magnitude."""
        a = m.group(f"a{n}")
        if a is not None:
            val = self.arabic(a)
            am = m.group(f"am{n}")
            if val is None:
                return None, False
            if am:
                val = _CTX.multiply(val, Decimal(self.mag_product(am)))
            return val, bool(am)
        c = m.group(f"c{n}")
        if c is None:
            return None, False
        cm = m.group(f"cm{n}")
        whole = self.chinese(c + cm) if cm and m.group(f"ihc{n}") else None
        if whole is not None:  # 一亿一千余万 = 一亿一千万, not (一亿一千) x 万
            return whole, True
        val = self.chinese(c)
        if val is None:
            return None, False
        if cm:
            val = _CTX.multiply(val, Decimal(self.mag_product(cm)))
        simple = self.variants.simplify(c)
        has_big = bool(cm) or any(ch in self.big_mags for ch in simple)
        return val, has_big

    def numeral_value(self, m: re.Match) -> Decimal | None:
        """Value of a single-number match of :attr:`number_re` or :attr:`pattern`."""
        if m.group("fn") is not None or m.group("cfd") is not None:
            return self.fraction_value(m)
        if m.group("pw") is not None:
            pn = m.group("pn")
            val = self.arabic(pn) if pn[0] in "0123456789０１２３４５６７８９" else self.chinese(pn)
            return val
        val, _ = self.body_value(m, "1")
        if val is not None and m.group("sign") and self.variants.simplify(m.group("sign")) == "-":
            val = -val
        return val

    def range_values(self, m: re.Match) -> tuple[Decimal, Decimal] | None:
        """(min, max) of a range match; the second magnitude applies to a bare first number."""
        v1, mag1 = self.body_value(m, "1")
        v2, _ = self.body_value(m, "2")
        if v1 is None or v2 is None:
            return None
        if m.group("sign") and self.variants.simplify(m.group("sign")) == "-":
            v1 = -v1
        if m.group("sign2") and self.variants.simplify(m.group("sign2")) == "-":
            v2 = -v2
        mag2 = m.group("am2") or m.group("cm2")
        if not mag1 and mag2 and not m.group("u1"):
            v1 = _CTX.multiply(v1, Decimal(self.mag_product(mag2)))
        elif not mag1 and m.group("c2") and not m.group("u1"):
            # 三至五万: the magnitude inside the second Chinese numeral (五万) scales the first
            simple = self.variants.simplify(m.group("c2"))
            for ch, mag in self.big_mags.items():
                if simple.endswith(ch) and self.variants.simplify(m.group("c1") or "") != "":
                    v1 = _CTX.multiply(v1, Decimal(mag))
                    break
        if v1 >= v2:
            return None
        return clean(v1), clean(v2)


def _expand_ranges(spec: str) -> set[str]:
    """'A-Za-z0-9_' -> the set of characters (a tiny subset of regex class syntax)."""
    out: set[str] = set()
    i = 0
    while i < len(spec):
        if i + 2 < len(spec) and spec[i + 1] == "-":
            out.update(chr(c) for c in range(ord(spec[i]), ord(spec[i + 2]) + 1))
            i += 3
        else:
            out.add(spec[i])
            i += 1
    return out


def clean(d: Decimal) -> Decimal:
    """Exact value without exponent or trailing zeros (Decimal('23000.0') -> 23000)."""
    if not d.is_finite():
        return d
    n = d.normalize(_CTX)
    if n.as_tuple().exponent > 0:
        n = n.quantize(Decimal(1), context=_CTX)
    return n


@lru_cache(maxsize=8)
def _load_rules(path: str) -> QuantityRules:
    return QuantityRules(Path(path))


def load_rules(rules_dir: str | Path | None = None) -> QuantityRules:
    """The rules from ``rules_dir`` (default: the packaged resources), compiled once."""
    path = DEFAULT_RULES_DIR if rules_dir is None else resolve_model_path(rules_dir)
    if not path.is_dir():  # a mistyped path must not fall back to the defaults unnoticed
        raise FileNotFoundError(f"quantity rules directory not found: {path}")
    return _load_rules(str(path))


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


def find_quantities(text: str, rules: QuantityRules | None = None) -> list[Quantity]:
    """Every quantity in ``text``, left to right, non-overlapping. Never raises."""
    if not text or not isinstance(text, str):
        return []
    r = rules or load_rules()
    out: list[Quantity] = []
    quotes: list[tuple[int, int]] | None = None
    for m in _matches(text, r):
        if m.group("skip") is not None:
            continue
        try:
            q = _candidate(text, m, r)
        except Exception:  # noqa: BLE001 - one odd candidate must not lose the others
            q = None
        if q is None:
            continue
        if quotes is None:
            quotes = [(qm.start(), qm.end()) for qm in r.quote_re.finditer(text)]
        out.append(_with_quoted(q, quotes))
    return out


def _matches(text: str, r: QuantityRules) -> Iterator[re.Match[str]]:
    """Same matches as ``r.pattern.finditer(text)``, trying only at anchor characters."""
    search, match = r.anchor.search, r.pattern.match
    pos, n = 0, len(text)
    while pos < n:
        a = search(text, pos)
        if a is None:
            return
        m = match(text, a.start())
        if m is None or m.end() == m.start():
            pos = a.start() + 1
            continue
        yield m
        pos = m.end()


def _with_quoted(q: Quantity, quotes: list[tuple[int, int]]) -> Quantity:
    """Mark ``q`` quoted when it lies inside a short quoted phrase (found once per text)."""
    i = bisect.bisect_left(quotes, (q.start, -1)) - 1
    if i >= 0:
        a, b = quotes[i]
        if a < q.start and q.end <= b - 1:
            return replace(q, quoted=True)
    return q


_ASCII_DIGITS = frozenset(_DIGITS)


def _candidate(text: str, m: re.Match, r: QuantityRules) -> Quantity | None:
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
    vague = None
    if is_cn and pre is None and not is_pct:
        vague = next((w for w in r.vague if head_s.endswith(w)), None)
        if vague is not None and v.simplify(m.group("c1"))[0] not in r.mag_chars:
            vague = None  # 几 or 上 before a digit (上三年级) says nothing of the amount
    if head and not is_cn and head[-1] in r.code_before:
        return None

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
        if len(c) == 1 and c in r.formal:
            return None  # 大陆人, 伍家岭, 参加: a financial digit alone is a word
        if (c[0] in r.mag_chars and c[0] not in ("十", "拾") and infix is None
                and pre is None and vague is None and (not unit or unit in r.scaled)):
            return None  # 千万 (the adverb), 百姓; 万亩, 百年, 近千人, 上千家 are counts
        if unit_txt is not None and v.simplify(unit_txt) in r.cn_excluded_units:
            return None  # 五期, 十二届, 三级医院, 三门峡
        exempt = latin or (
            unit in r.article_exempt and not head_s.endswith(r.exempt_blocked_after))
        if (c in r.article and not exempt
                and not head_s.endswith(r.counting_before)
                and not (is_range or pre or post or infix or m.group("cm1"))
                and (unit_txt is None
                     or _unit_after_half(text, end, v.simplify(unit_txt), r, v) is None)):
            return None  # 一名受助学生, 一个好头: the article, not a count (一个半月 is one)
    if unit in r.durations and not _is_duration(text, end, m, r):
        return None  # 2017年, 十年来, 80年代: a date or a time, not an amount of years
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
    if (unit in r.article_exempt and post is None and not is_range
            and v.simplify(text[end : end + len(r.half)]) == r.half):
        value, end = clean(value + Decimal("0.5")), end + len(r.half)  # 一年半 = 1.5 年
    elif unit_txt is not None and post is None and not is_range:
        # 两个半月 = 2.5 个月: 半 inside a unit that starts with the measure word (个月, 个小时)
        halved = _unit_after_half(text, end, v.simplify(unit_txt), r, v)
        if halved is not None:
            value, unit, end = clean(value + Decimal("0.5")), halved[0], halved[1]
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
    for word in (m.group("ih1"), m.group("ihc1"), mi):
        if word is not None and approx is None:
            approx = r.infix.get(v.simplify(word))
    if vague is not None:
        start -= len(vague)
        approx = approx or r.vague[vague]
    if not is_range and approx in ("more_than", "at_least"):
        lo = value
    elif not is_range and approx == "up_to":
        hi = value
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


def _is_duration(text: str, end: int, m: re.Match, r: QuantityRules) -> bool:
    """Whether number + 年 is an amount of years (3年, 十几年, 百年) rather than a year
    (2017年, 一九九八年, 九七年) or part of a time expression (十年来, 3年前, 80年代)."""
    v = r.variants
    rule = r.durations[v.simplify(m.group("unit") or "").strip()]
    after = v.simplify(text[end : end + 6])
    if after.startswith(tuple(rule["not_before"])):
        return False
    if v.simplify(text[max(0, m.start() - 4) : m.start()]).endswith(tuple(rule["era_before"])):
        return False  # 民国八十三年
    if rule.get("month_after") and r.month_re.match(after):
        return False  # 八十六年九月, 87年3月: a date
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


def _unit_after_half(text: str, end: int, unit: str, r: QuantityRules, v: Variants
                     ) -> tuple[str, int] | None:
    """``(unit, end)`` when ``unit`` is followed by 半 and a rest that makes a longer unit
    with it (个 + 半 + 月 -> 个月): the quantity is then one half more of that unit."""
    if v.simplify(text[end : end + len(r.half)]) != r.half:
        return None
    rest_start = end + len(r.half)
    for n in range(min(4, len(text) - rest_start), 0, -1):
        whole = unit + v.simplify(text[rest_start : rest_start + n])
        if whole in r.units:
            return r.units[whole][0], rest_start + n
    return None
