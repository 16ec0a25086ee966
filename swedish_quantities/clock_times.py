"""One clock time as people type and say it: "9", "9.30", "18:00", "1830", "nio", "arton",
"tjugotvå", "halv tio" (9.30), "kvart över nio" (9.15), "kvart i sex" (5.45).

Spoken Swedish counts the half hour towards the next hour: "halv tio" is 9.30, never 10.30.
Whether "sex" means 6 or 18 is not decided here but by the range it closes (see
opening_hours), since only the opening time beside it tells.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from spacy.tokens import Doc

from .number_words import ARTICLES, word_pieces

CLOCK_DIGITS = re.compile(r"^(\d{1,2})(?:[.:](\d\d))?$")
# "1830" for 18.30, as typed without a separator; only three or four digits.
CLOCK_GLUED = re.compile(r"^(\d{1,2})(\d\d)$")
LAST_HOUR = 24
HALF = "halv"
QUARTER = "kvart"
# "kvart över nio" is 9.15, "kvart i sex" 5.45; "kvart över" is also typed "kvart efter".
QUARTER_LINKS = {"over": Decimal("0.25"), "efter": Decimal("0.25"), "i": Decimal("-0.25")}


@dataclass(frozen=True)
class ClockTime:
    hour: Decimal  # 9.5 for half past nine
    end: int  # token index after the time
    in_words: bool  # "nio", "halv tio": said, not typed as a time
    with_minutes: bool  # "9.30", "1830", "halv tio": a time, never a plain number


def clock_time(doc: Doc, position: int, closing: bool = False) -> ClockTime | None:
    """The clock time that starts at token `position`, if one does. A closing time may be
    "ett" ("tio till ett"), which is only an article where a range has not begun."""
    if position >= len(doc):
        return None
    word = doc[position]._.folded
    if word == HALF:  # "halv ett" is 12.30
        hour = _hour_in_words(doc, position + 1, articles=True)
        return None if hour is None else ClockTime(hour - Decimal("0.5"), position + 2, True, True)
    if word == QUARTER and position + 1 < len(doc):
        shift = QUARTER_LINKS.get(doc[position + 1]._.folded)
        hour = _hour_in_words(doc, position + 2, articles=True)
        hour = _hour_in_digits(doc, position + 2) if hour is None else hour
        if shift is None or hour is None:
            return None
        return ClockTime(hour + shift, position + 3, True, True)
    hour = _hour_in_words(doc, position, articles=closing)
    if hour is not None:
        return ClockTime(hour, position + 1, True, False)
    return _digits(doc[position].text, position)


def _hour_in_words(doc: Doc, position: int, articles: bool = False) -> Decimal | None:
    """ "nio", "arton", "tjugotvå": one word naming a whole hour. "en" and "ett" are an hour
    only after "halv" or "kvart": alone they are far more often an article."""
    if position >= len(doc) or (not articles and doc[position]._.folded in ARTICLES):
        return None
    pieces = word_pieces(doc[position]._.folded)
    if not pieces or any(piece[0] != "add" for piece in pieces):
        return None
    hour = sum(piece[1] for piece in pieces)
    return hour if hour == hour.to_integral_value() and 0 < hour <= LAST_HOUR else None


def _hour_in_digits(doc: Doc, position: int) -> Decimal | None:
    time = _digits(doc[position].text, position) if position < len(doc) else None
    return time.hour if time and not time.with_minutes else None


def _digits(text: str, position: int) -> ClockTime | None:
    match = CLOCK_DIGITS.match(text)
    glued = match is None and CLOCK_GLUED.match(text)
    match = match or glued
    if not match or int(match[1]) > LAST_HOUR or int(match[2] or 0) >= 60:
        return None
    hour = Decimal(match[1]) + Decimal(match[2] or 0) / 60
    # "1200" is as likely a number as noon: glued, it is a time only beside a day.
    return ClockTime(hour, position + 1, False, match[2] is not None and not glued)
