"""Values as people read them: grouped digits (30,000,000,000), the hedge as a word (超过),
and, where room is short (the graph view), Chinese number units (300亿).

The words and units are data (``resources/show/numbers.json``); the graph keeps the exact
decimal and the approximation code, so nothing here changes what the page links to.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from ..paths import RESOURCES


@lru_cache(maxsize=1)
def _table() -> dict:
    return json.loads((RESOURCES / "show" / "numbers.json").read_text(encoding="utf-8"))


def _decimal(value: str) -> Decimal | None:
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _plain(number: Decimal) -> str:
    """Grouped digits, no exponent, no trailing zeros after the point."""
    text = f"{number:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def approximation_word(code: str) -> str:
    """``more_than`` -> ``超过``; an unknown code is shown as it is."""
    return _table()["approximation"].get(code, code) if code else ""


def grouped(value: str, approximation: str = "") -> str:
    """``"30000000000", "more_than"`` -> ``超过 30,000,000,000``."""
    number = _decimal(value)
    text = _plain(number) if number is not None else value
    word = approximation_word(approximation)
    return f"{word} {text}" if word else text


def compact(value: str, approximation: str = "") -> str:
    """A short form for tight spaces: ``8690000`` -> ``869万``, ``23000`` -> ``2.3万``."""
    number = _decimal(value)
    if number is None:
        return grouped(value, approximation)
    text = _plain(number)
    for unit, size in _table()["scales"]:
        if abs(number) >= size:
            text = _plain((number / size).quantize(Decimal("0.01"))) + unit
            break
    return approximation_word(approximation) + text
