"""Stödkollen's English understanding: the same quantities as swedish_quantities, read from
English as newer Swedes and seasonal operators write it, Swedish words, decimal commas and
the Swedish "mil" mixed in (see quantities/, and rewrite for how).

    >>> [q.value for q in parse("about three and a half million crowns")]
    [3500000]
"""

from .parser import parse, parse_count, parse_deliveries

__all__ = ["parse", "parse_count", "parse_deliveries"]
