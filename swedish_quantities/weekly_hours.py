"""Hours a week said as days times hours: "fem dar i veckan, åtta timmar om dan" is 40.

Both halves must be there: "sex dagar i veckan" alone says nothing of the hours, and "8
timmar om dagen" alone nothing of the days.
"""

from decimal import Decimal

from spacy.tokens import Doc

from .numbers import read_number
from .quantity import HOURS_PER_WEEK, Quantity, normalised_value
from .units import unit_for

# "dar" is how "dagar" is said (and typed as said); it is compared as written, since "där"
# (there) folds into it.
DAY_COUNT_WORDS = {"dagar", "dar", "dagar/vecka"}
PER_DAY = {("om", "dagen"), ("om", "dan"), ("per", "dag"), ("varje", "dag"), ("/", "dag"),
           ("om", "dygnet"), ("/", "d"), ("per", "dygn")}
DAYS_IN_A_WEEK = 7
HOURS_IN_A_DAY = 24


def read_days_times_hours(doc: Doc, blocked: set[int]):
    days = hours = None
    position = 0
    while position < len(doc):
        reading = None if position in blocked else read_number(doc, position, blocked)
        if reading is None:
            position += 1
            continue
        end = reading.end
        word = doc[end].text.casefold() if end < len(doc) else ""
        unit = unit_for(doc[end]._.folded) if end < len(doc) else None
        if word in DAY_COUNT_WORDS and 0 < reading.value <= DAYS_IN_A_WEEK and days is None:
            days = (reading.value, reading.start, end + 1)
        elif unit is not None and unit.kind == HOURS_PER_WEEK and hours is None \
                and 0 < reading.value <= HOURS_IN_A_DAY and _per_day(doc, end + 1):
            hours = (reading.value, reading.start, end + 3)
        position = max(end, position + 1)
    if days is None or hours is None:
        return [], set()
    first, last = min(days[1], hours[1]), max(days[2], hours[2])
    start, end = doc[first].idx, doc[last - 1].idx + len(doc[last - 1])
    total: Decimal = days[0] * hours[0]
    quantity = Quantity(HOURS_PER_WEEK, normalised_value(HOURS_PER_WEEK, total),
                        doc.text[start:end], start, end)
    return [quantity], set(range(first, last))


def _per_day(doc: Doc, position: int) -> bool:
    words = tuple(token._.folded for token in doc[position:position + 2])
    return words in PER_DAY
