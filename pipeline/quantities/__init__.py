"""Quantities (869万元, 23.6%, 100余万元) and time expressions (2017年以来, 截至8月底).

Pure functions in :mod:`.parser` (on the rules of :mod:`.rules`, the numerals of
:mod:`.numerals` and the regex pieces of :mod:`.patterns`) and :mod:`.times`; the spaCy
component in :mod:`.component`.
All word lists are data in ``pipeline/resources/quantities/``.
"""

from .parser import Quantity, find_quantities, parse_number, parse_range
from .rules import load_rules
from .times import TimeExpr, find_times, load_time_rules

__all__ = [
    "Quantity",
    "TimeExpr",
    "find_quantities",
    "find_times",
    "load_rules",
    "load_time_rules",
    "parse_number",
    "parse_range",
]
