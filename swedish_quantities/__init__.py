"""Stödkollen's Swedish understanding layer: amounts, distances, opening hours, counts,
years, places and yes/no read from free text as typed, normalised values.

    >>> [q.value for q in parse("omsättningen är runt två och en halv miljon")]
    [2500000]
"""

from .counts import parse_count
from .deliveries import parse_deliveries
from .parser import parse
from .quantity import KINDS, Quantity

__all__ = ["KINDS", "Quantity", "parse", "parse_count", "parse_deliveries"]
