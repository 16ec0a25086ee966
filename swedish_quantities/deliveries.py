"""Deliveries a year, told as a home-delivery round's schedule: "en gång i veckan till 22
hushåll" is 22 × 52, "varannan vecka till 15 hushåll" 15 × 26, "vi körde 48 turer med i snitt
18 hushåll per tur" 48 × 18.

Hemsändningsbidrag counts deliveries to households (one household reached once is one), and a
shop owner knows the round better than the year's sum: the sum is what a careful caseworker
would work out. A schedule with no households in it ("en gång i veckan") is no count of
deliveries and is left to parse_count, so the question is asked again.
"""

import re
from decimal import Decimal

from .measures import Measure, measures_in, products
from .not_quantities import read_not_quantities, read_phone_numbers
from .quantity import ARTICLE_COUNT, Quantity
from .text import fold, tokenize

PER_YEAR = {"week": 52, "month": 12}
# A schedule said without a number: "varannan vecka", "varje torsdag", "var fjortonde dag".
WEEKDAYS = r"(?:mandag|tisdag|onsdag|torsdag|fredag|lordag|sondag)(?:ar)?"
EVERY = (
    (re.compile(rf"\bvar(?:annan| annan) (?:vecka|{WEEKDAYS})\b|\bvar fjortonde dag\b"), 26),
    (re.compile(rf"\bvarje (?:vecka|{WEEKDAYS})\b|\b(?:pa|om) {WEEKDAYS}\b|\bveckovis\b"), 52),
    (re.compile(r"\bvar(?:annan| annan) manad\b"), 6),
    (re.compile(r"\bvarje manad\b|\bmanadsvis\b"), 12),
)
RECIPIENTS = ("hushall", "kund", "adress", "mottagare", "hem")
TRIPS = ("tur", "runda", "rundor", "korning", "leveransdag", "utkorning")


def parse_deliveries(text: str) -> Quantity | None:
    """The deliveries a year a schedule adds up to, or None when the text is no schedule
    with households in it."""
    doc = tokenize(text)
    blocked = read_phone_numbers(doc, set(), ARTICLE_COUNT)[1]
    blocked |= read_not_quantities(doc, blocked, ARTICLE_COUNT)[1]
    measures = products(doc, measures_in(doc, blocked)[0])
    recipients = next((m for m in measures if _counts(doc, m, RECIPIENTS)), None)
    if recipients is None:
        return None
    per_year = _times_a_year(doc, measures, recipients)
    if per_year is None:
        return None
    value, approximate = per_year[0] * recipients.value, per_year[1] or recipients.approximate
    start = min(measure.start for measure in measures)
    span = doc[start:recipients.end]
    return Quantity(ARTICLE_COUNT, int(value), span.text, span.start_char, span.end_char, approximate)


def _counts(doc, measure: Measure, words: tuple[str, ...]) -> bool:
    """The word after the number says what it counts ("22 hushåll", "48 turer"): its unit, which
    a period may follow ("12 hushåll varje vecka"), or the word right after it."""
    said = doc[measure.start:measure.end] if measure.unit is not None else doc[measure.end:measure.end + 1]
    return any(fold(token.text).startswith(words) for token in said if not token.like_num)


def _times_a_year(doc, measures: list[Measure], recipients: Measure) -> tuple[Decimal, bool] | None:
    """How many rounds a year, and whether that was an estimate: "2 gånger i veckan", "48
    turer", or a schedule in words."""
    for measure in measures:
        if measure is recipients:
            continue
        if measure.period in PER_YEAR:
            return measure.value * PER_YEAR[measure.period], measure.approximate
        if _counts(doc, measure, TRIPS):
            return measure.value, measure.approximate
    folded = " ".join(fold(token.text) for token in doc)
    return next(((Decimal(times), False) for pattern, times in EVERY if pattern.search(folded)), None)
