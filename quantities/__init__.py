"""Stödkollen's understanding layer: amounts, distances, opening hours, counts, years, places
and yes/no read from free text as typed, normalised values, in the conversation's language.

The language is known from the conversation (the widget's and the phone's `lang`), never
guessed from the text: "2 mil" is 20 km in both languages, while "2 miles" and "4.2 mil" after
a money question are read the English way only in English. Each language has its own reader
(swedish_quantities, english_quantities); both hand back the same Quantity.

    >>> [q.value for q in parse("omsättningen är runt två och en halv miljon")]
    [2500000]
    >>> [q.value for q in parse("about three and a half million crowns", lang="en")]
    [3500000]
"""

import english_quantities
import swedish_quantities
from swedish_quantities.quantity import (
    CONFIRM_ABOVE,
    CONFIRM_BELOW,
    CONFIRM_MILES,
    CONFIRM_RANGE,
    CONFIRM_TOTAL,
    KINDS,
    Quantity,
)

LANGUAGES = ("sv", "en")
_READERS = {"sv": swedish_quantities, "en": english_quantities}

__all__ = ["CONFIRM_ABOVE", "CONFIRM_BELOW", "CONFIRM_MILES", "CONFIRM_RANGE", "CONFIRM_TOTAL", "KINDS",
           "LANGUAGES", "Quantity", "parse", "parse_count", "parse_deliveries"]


def parse(text: str, expected: str | None = None, lang: str = "sv") -> list[Quantity]:
    """Quantities in `text`, in the order they were written. `expected` is the kind the
    question asked for (e.g. "distance_km"): a bare number is then read as that kind."""
    return _READERS.get(lang, swedish_quantities).parse(text, expected)


def parse_count(text: str, lang: str = "sv") -> Quantity | None:
    """How many, whatever is counted ("3 år", "ca 200 hushåll", "never" → 0)."""
    return _READERS.get(lang, swedish_quantities).parse_count(text)


def parse_deliveries(text: str, lang: str = "sv") -> Quantity | None:
    """Deliveries a year told as a round's schedule ("en gång i veckan till 22 hushåll" →
    1144); None when the text is no schedule with households in it."""
    return _READERS.get(lang, swedish_quantities).parse_deliveries(text)
