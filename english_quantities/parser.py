"""parse() and parse_count() for English: the text rewritten into the Swedish reader's words
(see rewrite), read by the Swedish readers, and mapped back onto the English.

Two things are English only. A sum in euros or dollars is set aside before any amount is read
(foreign_money). A distance in English miles is converted, with the Swedish mil kept as the
other reading (miles). And the schedule engine is told that English tells the time on the
twelve-hour clock ("open 8 till 10" is 8 am to 10 pm).
"""

from dataclasses import replace

from swedish_quantities.counts import parse_count as swedish_parse_count
from swedish_quantities.deliveries import parse_deliveries as swedish_parse_deliveries
from swedish_quantities.opening_hours import TWELVE_HOUR_CLOCK
from swedish_quantities.parser import READERS as SWEDISH_READERS
from swedish_quantities.parser import read_doc
from swedish_quantities.quantity import ARTICLE_COUNT, DISTANCE_KM, Quantity
from swedish_quantities.text import tokenize

from .foreign_money import read_foreign_money
from .miles import as_english_miles
from .rewrite import Rewritten, rewrite

# Foreign money first, so that no later reader (not even the expectation of an amount) reads
# a sum in euros as kronor.
READERS = (read_foreign_money, *SWEDISH_READERS)


def parse(text: str, expected: str | None = None) -> list[Quantity]:
    """Quantities in English `text`, in the order they were written. `expected` is the kind
    the question asked for: a bare number is then read as that kind, and "4.2 mil" after a
    money question is 4,2 million.

        >>> [(q.kind, q.value) for q in parse("Mon-Fri 9 to 6, Sat 10-2")]
        [('hours_per_week', 49)]
        >>> [(q.value, q.swedish_mil_km) for q in parse("about 5 miles", "distance_km")]
        [(8, 50)]
    """
    rewritten = rewrite(text, expected)
    doc = tokenize(rewritten.text)
    doc.user_data[TWELVE_HOUR_CLOCK] = True
    return [_in_english(rewritten, quantity) for quantity in read_doc(doc, expected, READERS)]


def parse_count(text: str) -> Quantity | None:
    """How many, whatever is counted ("three years", "about 200 households", "twice",
    "never" → 0); None for a sum in a foreign currency.

        >>> parse_count("never").value
        0
    """
    rewritten = rewrite(text, ARTICLE_COUNT)
    count = swedish_parse_count(rewritten.text)
    if count is None:
        return None
    doc = tokenize(rewritten.text)
    foreign = read_foreign_money(doc, set(), ARTICLE_COUNT)[1]
    if any(count.start < doc[index].idx + len(doc[index]) and doc[index].idx < count.end
           for index in foreign):
        return None
    return _in_english(rewritten, count)


def _in_english(rewritten: Rewritten, quantity: Quantity) -> Quantity:
    start, end = rewritten.source_span(quantity.start, quantity.end)
    english = replace(quantity, text=rewritten.original[start:end], start=start, end=end)
    if quantity.kind == DISTANCE_KM and rewritten.has_english_miles(quantity.start, quantity.end):
        return as_english_miles(english)
    return english


def parse_deliveries(text: str) -> Quantity | None:
    """Deliveries a year told as a round's schedule ("once a week to 20 households" → 1040)."""
    rewritten = rewrite(text, ARTICLE_COUNT)
    found = swedish_parse_deliveries(rewritten.text)
    return None if found is None else _in_english(rewritten, found)
