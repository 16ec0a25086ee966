"""parse(): free Swedish text in, typed quantities out, in the order they were written.

Readers run from the most specific to the most general, and each sets aside the tokens it
took so that no later reader reads them again: phone numbers before opening schedules (an
"08-" number is no clock time), schedules before dates ("24/7" is no date) and before
numbers ("nio till arton" is a time of day, never a range of 13,5 hours), and everything
that only looks like a number before amounts, distances and counts; villages before
municipalities ("Åmsele" is no typo of Åsele). The last reader, measures, also decides which
of several values of one kind a careful person records (see what_counts).
"""

from spacy.tokens import Doc

from .localities import read_localities
from .measures import read_measures
from .municipalities import read_municipalities
from .not_quantities import read_not_quantities, read_phone_numbers
from .opening_hours import read_schedules
from .quantity import KINDS, Quantity
from .text import tokenize
from .years import read_relative_years, read_spoken_years
from .yes_no import read_yes_no

# Each reader: (doc, blocked token indexes, expected kind) -> (quantities, tokens taken).
READERS = (
    read_phone_numbers,
    read_schedules,
    read_not_quantities,
    read_relative_years,
    read_spoken_years,
    read_localities,
    read_municipalities,
    read_yes_no,
    read_measures,
)


def parse(text: str, expected: str | None = None) -> list[Quantity]:
    """Quantities in `text`. `expected` is the kind the question asked for (e.g.
    "distance_km"): a bare number ("1200", "tolvhundra") is then read as that kind."""
    return read_doc(tokenize(text), expected)


def read_doc(doc: Doc, expected: str | None, readers=READERS) -> list[Quantity]:
    """parse() on tokens already made; english_quantities adds its own readers to `readers`."""
    expected = expected if expected in KINDS else None
    quantities, blocked = [], set()
    for reader in readers:
        found, taken = reader(doc, blocked, expected)
        quantities += found
        blocked |= taken
    return sorted(quantities, key=lambda quantity: quantity.start)
