"""The value of a written number: Arabic digits (full-width too), Chinese numerals (三千一百,
一百零五, 二〇一七, 三点五, 一万五), magnitudes (万, 亿) and the "two or three" digit pairs (两三,
三四万). Every character and magnitude is data (``numerals.json``); traditional characters are
read through :class:`~.patterns.Variants`. Values are exact ``Decimal``s (:func:`clean`)."""

from __future__ import annotations

import decimal
import re
from decimal import Decimal

from .patterns import Variants

CTX = decimal.Context(prec=60, Emax=999999, Emin=-999999)


def clean(d: Decimal) -> Decimal:
    """Exact value without exponent or trailing zeros (Decimal('23000.0') -> 23000)."""
    if not d.is_finite():
        return d
    n = d.normalize(CTX)
    if n.as_tuple().exponent > 0:
        n = n.quantize(Decimal(1), context=CTX)
    return n


def within(n: Decimal | int | None, ranges: list | tuple) -> bool:
    """Whether ``n`` lies in one of the inclusive ``(low, high)`` ranges (the Minguo years that
    the parser and the time reader both test)."""
    return n is not None and any(a <= n <= z for a, z in ranges)


class Numerals:
    """Reads numerals with the tables of ``numerals.json`` (``num``)."""

    def __init__(self, variants: Variants, num: dict) -> None:
        self.variants = variants
        self.digits: dict[str, int] = dict(num["digits"])
        self.small_mags: dict[str, int] = dict(num["small_magnitudes"])
        self.big_mags: dict[str, int] = dict(num["big_magnitudes"])
        self.mag_chars = frozenset(self.small_mags) | frozenset(self.big_mags)
        self.points = tuple(num["decimal_points"])
        self.tens: dict[str, str] = dict(num["tens"])
        self.max_int_digits = int(num["max_integer_digits"])
        self.approximate_pairs = frozenset(num["approximate_pairs"])
        self.pair_separators = frozenset(num["pair_separators"])
        # the 零 that fills a gap in a number (一万零一)
        self.zeros = "".join(c for c in num["plain_digits"] if self.digits[c] == 0)
        # a run of everyday Chinese digits holding the full-width digit zero (一九四０, 六五０),
        # a decimal part included (０．四五: the zero before the point of Chinese decimals),
        # no Arabic digit on either side (１０．五 stays Arabic)
        plain = re.escape(num["plain_digits"])
        points = "|".join(variants.char(p) for p in self.points)
        self._zero_run = re.compile(
            f"(?<![0-9０-９])[{plain}０]*０[{plain}０]*(?:(?:{points})[{plain}０]+)?(?![0-9０-９])")
        self._plain_nonzero = frozenset(c for c in num["plain_digits"] if self.digits[c])

    def chinese_zeros(self, text: str) -> str:
        """``text`` with the full-width digit zero read as 〇 inside a run of Chinese digits:
        Taiwan's Big5-era text writes it so (一九四０, 六五０萬瓩, 一０％: 8 numbers of the AS
        test text), which had read as a bare 0 (一|０％), and before the point of Chinese
        decimals (０．四五％ had read as 四五％, 45 %). Same length, so offsets hold; a run of
        Arabic digits (２００５, １０萬, １０．五) is left alone."""
        if "０" not in text:
            return text
        return self._zero_run.sub(
            lambda m: m.group().replace("０", "〇")
            if any(c in self._plain_nonzero for c in m.group()) else m.group(),
            text,
        )

    def arabic(self, s: str) -> Decimal | None:
        """An Arabic number (full-width digits, separators and Taiwan's middle-dot points
        too); None past ``max_integer_digits``, where digits are a code, not an amount."""
        s = self.variants.simplify(s).replace(",", "")
        if len(s.split(".")[0]) > self.max_int_digits:
            return None
        try:
            return Decimal(s)
        except decimal.InvalidOperation:
            return None

    def mag_product(self, s: str) -> int:
        """The factor of a run of magnitudes (万 = 10^4, 千万 = 10^7, 万亿 = 10^12)."""
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
        s = "".join(c for c in s if c not in self.pair_separators)  # 四、五百 = 四五百
        if s[:2] not in self.approximate_pairs:
            return None
        if any(c not in self.mag_chars for c in s[2:]):
            return None
        a, b = self.digits[s[0]], self.digits[s[1]]
        mag = self.mag_product(s[2:])
        return a * mag, b * mag
