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

from contextvars import ContextVar

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
           "LANGUAGES", "Quantity", "parse", "parse_count", "parse_daily_hours", "parse_deliveries",
           "readings_kept"]


# The action server reads one message several times a turn, in the light of each question it
# might answer (the one asked, a correction, what else it gives): half of its CPU a turn was
# reading the same text again. Within one request (`readings_kept()`), each reading of a text is
# made once; the readings are pure, given the day ("i fjol"), which a request does not outlive.
_KEPT: ContextVar[dict | None] = ContextVar("quantities_kept", default=None)


def readings_kept() -> None:
    """From here to the end of the current context (one request), each reading is made once."""
    _KEPT.set({})


def _read(how: str, text: str, *arguments, lang: str):
    reader = getattr(_READERS.get(lang, swedish_quantities), how)
    kept = _KEPT.get()
    if kept is None:
        return reader(text, *arguments)
    key = (how, text, arguments, lang)
    if key not in kept:
        kept[key] = reader(text, *arguments)
    return kept[key]


def parse(text: str, expected: str | None = None, lang: str = "sv") -> list[Quantity]:
    """Quantities in `text`, in the order they were written. `expected` is the kind the
    question asked for (e.g. "distance_km"): a bare number is then read as that kind."""
    return list(_read("parse", text, expected, lang=lang))  # (a list of its own: callers add to it)


def parse_count(text: str, lang: str = "sv") -> Quantity | None:
    """How many, whatever is counted ("3 år", "ca 200 hushåll", "never" → 0)."""
    return _read("parse_count", text, lang=lang)


def parse_deliveries(text: str, lang: str = "sv") -> Quantity | None:
    """Deliveries a year told as a round's schedule ("en gång i veckan till 22 hushåll" →
    1144); None when the text is no schedule with households in it."""
    return _read("parse_deliveries", text, lang=lang)


# "nio till arton", "from 9 to 6": a day's opening times said without the days they hold on.
# The hours a week need the days, so the dialogue asks for them ("Vilka dagar har ni öppet nio
# till arton?"); the times alone give the hours of one day.
EVERY_DAY = {"sv": "alla dagar", "en": "every day"}
DAYS_A_WEEK = 7


def parse_daily_hours(text: str, lang: str = "sv") -> float | None:
    """The hours of one day when `text` gives opening times without days ("halv nio till sex"
    → 9.5); None when it gives the hours a week itself, or no opening times."""
    if any(quantity.kind == "hours_per_week" for quantity in parse(text, "hours_per_week", lang)):
        return None
    every_day = EVERY_DAY.get(lang, EVERY_DAY["sv"])
    weekly = [quantity.value for quantity in parse(f"{every_day} {text}", "hours_per_week", lang)
              if quantity.kind == "hours_per_week"]
    return round(weekly[0] / DAYS_A_WEEK, 2) if weekly else None
