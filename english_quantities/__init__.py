"""Stödkollen's English understanding: the same quantities as swedish_quantities, read from
English as newer Swedes and seasonal operators write and say it (see quantities/)."""

from swedish_quantities import parse, parse_count

__all__ = ["parse", "parse_count"]
