"""The quantity rules: the tables of ``pipeline/resources/quantities/`` (units, hedges,
exclusions, numerals) compiled into one quantity pattern, and the evaluation of its matches
(:class:`QuantityRules`, cached per rules directory by :func:`load_rules`). The context checks
that decide whether a match is a quantity are in :mod:`.parser`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from ..ner.features import read_word_list
from ..paths import VERBS_FILE, resolve_model_path
from ..punctuation import quote_pattern
from .numerals import CTX, Numerals, clean
from .patterns import (
    ARABIC,
    ARABIC_DIGITS,
    DEFAULT_RULES_DIR,
    DIGIT,
    POINT,
    SIGN_CHARS,
    Variants,
    expand_ranges,
    load_json,
    trie_regex,
)


@dataclass(frozen=True)
class UnitContext:
    """Words around a number in one of ``units`` that make it no amount (男子|1500米: an event;
    今后|3年: the statement's time; 474次|列车: a train): ``before`` right before the number
    (or before its 的 when ``possessive``: 过去的5年), ``after`` right after the unit."""

    units: frozenset[str]
    before: tuple[str, ...]
    after: tuple[str, ...]

    @classmethod
    def from_dict(cls, data: dict) -> UnitContext:
        before = tuple(data.get("before", ()))
        if data.get("possessive"):
            before += tuple(w + "的" for w in before)
        return cls(frozenset(data["units"]), before, tuple(data.get("after", ())))

    def excludes(self, unit: str, head: str, tail: str) -> bool:
        """Whether a number in ``unit`` with ``head`` before it and ``tail`` after its unit
        (both simplified) is no amount."""
        return unit in self.units and (head.endswith(self.before) or tail.startswith(self.after))


class QuantityRules(Numerals):
    """Compiled regexes and lookup tables built from a rules directory (see :func:`load_rules`):
    the numerals (:class:`~.numerals.Numerals`), units, hedges and exclusions, the quantity
    pattern built from them, and the evaluation of its matches."""

    def __init__(self, rules_dir: Path) -> None:
        self.rules_dir = rules_dir
        variants = Variants(load_json(rules_dir, "variants.json")["chars"])
        num = load_json(rules_dir, "numerals.json")
        units = load_json(rules_dir, "units.json")
        hedges = load_json(rules_dir, "hedges.json")
        excl = load_json(rules_dir, "exclusions.json")
        super().__init__(variants, num)
        v = variants

        # numerals: the words around them
        self.percent_words: dict[str, str] = dict(num["percent_words"])
        self.vague: dict[str, str] = dict(num["vague_prefixes"])
        self.unit_required = tuple(num["unit_required_magnitudes"])
        self.formal = frozenset(num["formal_digits"])
        self.article = frozenset(excl["article_numerals"])
        self.counting_before = tuple(excl["counting_before"])
        self.reference_before = tuple(excl["reference_before"])
        self.below_zero = tuple(num["below_zero"])

        # units: written form -> (canonical unit, currency)
        self.units: dict[str, tuple[str, str | None]] = {}
        for w, u in units["measure"].items():
            self.units[w] = (u, None)
        for w, (u, cur) in units["currency"].items():
            self.units[w] = (u, cur)
        self.currency_units = frozenset(u for u, _ in units["currency"].values())
        for w, u in units["percent"].items():
            self.units[v.simplify(w)] = (u, None)
        # 二成 = 20 %, 5‰ = 0.5 %: unit -> (unit, factor)
        self.scaled = {w: (u, Decimal(f)) for w, (u, f) in units["scaled"].items()}
        self.shared_joiners = "".join(units["shared_unit"]["joiners"])
        self.respective = tuple(units["shared_unit"]["respective"])
        for w in self.scaled:
            self.units.setdefault(w, (w, None))
        self.currency_before = tuple(units["currency_before"])
        signs = units["currency_signs"]
        self.currency_signs = {s: signs[s] for s in sorted(signs, key=len, reverse=True)}
        self.currency_signs_after = tuple(units["currency_signs_after"])
        self.currency_name_chars = max(map(len, self.currency_before), default=0)
        self.durations: dict[str, dict] = dict(units["duration"])
        self.article_exempt = frozenset(units["article_exempt"])
        self.exempt_blocked_after = tuple(units["article_exempt_blocked_after"])
        story = units["article_story"]
        self.story_after = tuple(story["after"])
        self.story_openers = tuple(story["opening_marks"])
        self.story_comma = tuple(story["comma"])
        self.half = units["half_after"]
        self.hedges_in_unit = tuple(units["hedges_in_unit"])  # 两个多月, 一年多
        self.hedge_after_blocked = tuple(units["hedge_after_blocked"])
        self.hedge_after_units = frozenset(units["hedge_after_units"])  # 1倍多, 四成多
        # words that act as verbs (People's Daily 1998, pipeline.train.verbs): a bare 百年 before
        # one is a span of the action (百年开采), before any other word it qualifies a noun
        self.verbs = frozenset(read_word_list(VERBS_FILE))
        sub = units["subunit_digits"]
        self.subunit_units = frozenset(sub["units"])
        cn_digit, n = v.chars("".join(self.digits)), int(sub["max_digits"])
        self.subunit_re = re.compile(
            rf"(?:{DIGIT}{{1,{n}}}(?!{DIGIT})|{cn_digit}{{1,{n}}}(?!{cn_digit}))"
            rf"(?=$|[^\u4e00-\u9fffA-Za-z]|{v.words(sub['followers'])})"
        )
        # one-character measure words (not of time), and the nouns they begin that count
        self.word_measures = frozenset(
            u for w, u in units["measure"].items() if len(w) == 1 and w not in self.durations
        )
        self.noun_units: dict[str, str] = dict(units["noun_units"])
        self.numeral_chars = "".join(self.digits) + "".join(self.tens) + "".join(self.mag_chars)
        self.latin: dict[str, str] = {w: u for w, u in units["latin"].items() if u}
        self.cn_excluded_units = frozenset(units["chinese_numeral_units_excluded"])

        # hedges
        self.before: dict[str, str] = dict(hedges["before"])
        self.infix: dict[str, str] = dict(hedges["infix"])
        self.after: dict[str, str] = dict(hedges["after"])
        self.bound_before: dict[str, str] = dict(hedges["bound_before"])

        # exclusions
        self.ordinal_before = tuple(excl["ordinal_before"])
        self.ordinal_exceptions = tuple(excl["ordinal_exceptions"])
        self.ordinal_list_joiners = "".join(excl["ordinal_list_joiners"])
        self.date_after = tuple(excl["date_after"])
        self.rate_base_before = tuple(excl["rate_base_before"])
        self.rate_base_reach = int(excl["rate_base_reach"])
        self.exchange_joiners = tuple(sorted(excl["exchange_rate_joiners"], key=len, reverse=True))
        self.comparison_before = tuple(excl["comparison_before"])
        self.comparison_kept = self.currency_units | frozenset(excl["comparison_kept_units"])
        self.unit_contexts = [UnitContext.from_dict(c) for c in excl["unit_contexts"]]
        self.context_units = frozenset().union(*(c.units for c in self.unit_contexts))
        # how far after a unit its contexts read: the longest word listed (个人混合泳)
        self.context_reach = max(len(w) for c in self.unit_contexts for w in c.after)
        self.code_before = frozenset(expand_ranges(excl["code_before"]))
        self.code_after = frozenset(expand_ranges(excl["code_after"]))
        self.max_quoted = int(excl["max_quoted_chars"])
        quotes: dict[str, str] = excl["quotes"]
        self.quote_re = quote_pattern((o + c for o, c in quotes.items()), self.max_quoted)

        self.pattern = re.compile(self._master(num, units, hedges, excl))
        # Positions where a match can start. Python's re only skips ahead quickly when a
        # pattern starts with a plain character class, which the master pattern cannot;
        # searching for these characters first and trying the master pattern only there is
        # several times faster on news text (about 5% of characters are candidates).
        firsts = set(ARABIC_DIGITS) | set(SIGN_CHARS) | set(quotes)
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
            return [
                not_unit("".join(c for c, m in mags.items() if m == val))
                for val in sorted(set(mags.values()))
            ]

        smalls = by_value(self.small_mags)
        bigs = by_value(self.big_mags)
        self.r_cn_char = "(?:" + "|".join([v.chars(digit_chars), *smalls, *bigs]) + ")"
        point = v.words(num["decimal_points"])
        # 四、五百, 六、七萬: two digits of an approximate pair may stand apart by 、 before
        # their magnitude (Taiwan's and Hong Kong's news), read as 四五百 is
        sep, mag = v.chars(num["pair_separators"]), "|".join(smalls + bigs)
        pair_comma = "(?:" + "|".join(
            rf"{v.char(p[0])}{sep}(?={v.char(p[1])}(?:{mag}))" for p in num["approximate_pairs"]
        ) + ")"
        self.r_cn_run = rf"{pair_comma}?{self.r_cn_char}+(?:{point}{self.r_cn_digit}+)?"
        small = "(?:" + "|".join(smalls) + ")"
        tenk, hundredm, tera = bigs[0], bigs[1], bigs[2]
        self.r_amag = (
            f"(?:{small}(?:{tenk})?(?:{hundredm})?|{tenk}(?:{hundredm})?|{hundredm}|{tera})"
        )
        self.r_big = "(?:" + "|".join(bigs) + ")"
        # the sections of an Arabic amount after its big magnitude (3萬5000人, 2万3千元,
        # 1億2000萬元, 3亿5千万, 2兆8000億元): each one below the magnitude before it
        d, qian, bai = DIGIT, v.chars("千仟"), v.chars("百佰")
        wan, yi, zhao = v.chars("万"), v.chars("亿"), v.chars("兆")
        self.r_atail = (
            rf"(?:(?<={wan})(?:{d}{{4}}|{d}{qian}(?:{d}{bai}|{d}{{3}})?)(?!{d}|{POINT})"
            rf"|(?<={yi})(?:{d}{{1,4}}|{d}{qian}){wan}"
            rf"|(?<={zhao}){d}{{1,4}}{yi})"
        )
        self.r_infix = v.words(self.infix)
        self.r_pct = v.words(self.percent_words)
        self.r_sep = v.words(num["range_separators"])
        self.r_sign = "[" + re.escape(SIGN_CHARS) + "]"
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
            rf"(?:(?P<a{n}>{ARABIC})"
            rf"(?:(?P<ih{n}>{self.r_infix})?(?P<am{n}>{self.r_amag})(?P<at{n}>{self.r_atail})?)?"
            rf"|(?P<c{n}>{self.r_cn_run})(?:(?P<ihc{n}>{self.r_infix})?(?P<cm{n}>{self.r_big}+))?)"
        )

    def _fraction(self) -> str:
        """3/4, ９／１０ (a proper fraction of small integers, not part of a longer code or
        date) and 四分之三: read as a percentage."""
        return (
            rf"(?P<fn>{DIGIT}{{1,4}})[/／](?P<fd>{DIGIT}{{1,4}})(?![0-9０-９/／.．])"
            rf"|(?P<cfd>{self.r_cn_run})分之(?P<cfn>{ARABIC}|{self.r_cn_run})"
        )

    def _numeral(self) -> str:
        pct = rf"(?P<pw>{self.r_pct})(?P<pn>{ARABIC}|{self.r_cn_run})"
        rng = (
            rf"(?:(?P<u1>{self.r_unit})?(?P<sep>{self.r_sep})"
            rf"(?P<sign2>{self.r_sign}(?={DIGIT}))?{self._body('2')})?"
        )
        return (
            rf"(?:{pct}|{self._fraction()}"
            rf"|(?P<sign>{self.r_sign}(?={DIGIT}))?{self._body('1')}{rng})"
        )

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
        pct = rf"(?P<pw>{self.r_pct})(?P<pn>{ARABIC}|{self.r_cn_run})"
        return (
            rf"\s*(?:{pct}|{self._fraction()}"
            rf"|(?P<sign>{self.r_sign}(?={DIGIT}))?{self._body('1')})\s*"
        )

    def _range_only(self) -> str:
        return (
            rf"\s*(?P<sign>{self.r_sign}(?={DIGIT}))?{self._body('1')}(?P<u1>{self.r_unit})?"
            rf"(?P<sep>{self.r_sep})(?P<sign2>{self.r_sign}(?={DIGIT}))?{self._body('2')}\s*"
        )

    # evaluation of matches -------------------------------------------------------------
    def fraction_value(self, m: re.Match) -> Decimal | None:
        """A fraction as a percentage (3/4 -> 75, 三分之一 -> 33.33); None unless proper."""
        if m.group("fn") is not None:
            num, den = self.arabic(m.group("fn")), self.arabic(m.group("fd"))
        else:
            den = self.chinese(m.group("cfd"))
            cfn = m.group("cfn")
            num = self.arabic(cfn) if cfn[0] in ARABIC_DIGITS else self.chinese(cfn)
        if num is None or den is None or not 0 < num < den:
            return None
        pct = CTX.divide(num * 100, den)
        # two decimals (三分之一 -> 33.33), but two significant digits where that would round a
        # small share to nothing (百万分之一 -> 0.0001, 三百万分之一 -> 0.000033)
        step = Decimal("0.01") if pct >= Decimal("0.01") else Decimal(1).scaleb(pct.adjusted() - 1)
        return clean(pct.quantize(step, context=CTX))

    def body_value(self, m: re.Match, n: str) -> tuple[Decimal | None, bool]:
        """Value of numeral body ``n`` of a match, and whether it carries a magnitude."""
        a = m.group(f"a{n}")
        if a is not None:
            val = self.arabic(a)
            am = m.group(f"am{n}")
            if val is None:
                return None, False
            if am:
                val = CTX.multiply(val, Decimal(self.mag_product(am)))
            tail = m.group(f"at{n}")
            if tail:
                val += self.sections(tail)
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
            val = CTX.multiply(val, Decimal(self.mag_product(cm)))
        simple = self.variants.simplify(c)
        has_big = bool(cm) or any(ch in self.big_mags for ch in simple)
        return val, has_big

    def numeral_value(self, m: re.Match) -> Decimal | None:
        """Value of a single-number match of :attr:`number_re` or :attr:`pattern`."""
        if m.group("fn") is not None or m.group("cfd") is not None:
            return self.fraction_value(m)
        if m.group("pw") is not None:
            pn = m.group("pn")
            val = self.arabic(pn) if pn[0] in ARABIC_DIGITS else self.chinese(pn)
            return val
        val, _ = self.body_value(m, "1")
        if val is not None and m.group("sign") and self.variants.simplify(m.group("sign")) == "-":
            val = -val
        return val

    def sections(self, s: str) -> Decimal:
        """The value of the Arabic sections after a big magnitude (5000 -> 5000, 3千5百 ->
        3500, 2000万 -> 20000000, 5千万 -> 50000000)."""
        total = section = 0
        digits = ""
        for ch in self.variants.simplify(s):
            if ch.isdigit():
                digits += ch
            elif ch in self.small_mags:
                section += int(digits or 1) * self.small_mags[ch]
                digits = ""
            elif ch in self.big_mags:
                total += (section + int(digits or 0)) * self.big_mags[ch]
                section, digits = 0, ""
        return Decimal(total + section + int(digits or 0))

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
            v1 = CTX.multiply(v1, Decimal(self.mag_product(mag2)))
        elif not mag1 and m.group("c2") and not m.group("u1"):
            # 三至五万: the magnitude inside the second Chinese numeral (五万) scales the first
            simple = self.variants.simplify(m.group("c2"))
            for ch, mag in self.big_mags.items():
                if simple.endswith(ch) and self.variants.simplify(m.group("c1") or "") != "":
                    v1 = CTX.multiply(v1, Decimal(mag))
                    break
        if v1 >= v2:
            return None
        return clean(v1), clean(v2)


@lru_cache(maxsize=8)
def _load_rules(path: str) -> QuantityRules:
    return QuantityRules(Path(path))


def load_rules(rules_dir: str | Path | None = None) -> QuantityRules:
    """The rules from ``rules_dir`` (default: the packaged resources), compiled once."""
    path = DEFAULT_RULES_DIR if rules_dir is None else resolve_model_path(rules_dir)
    if not path.is_dir():  # a mistyped path must not fall back to the defaults unnoticed
        raise FileNotFoundError(f"quantity rules directory not found: {path}")
    return _load_rules(str(path))
