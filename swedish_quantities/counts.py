"""How many, whatever is counted: the answer to "Hur många år …?", "… hushåll?", "… hemsändningar?".

parse() reads counts of articles only ("3 anställda" is no article count). A question that
counts years, households or deliveries takes any number whose unit measures nothing else
("3 år", "ca 200 hushåll", "ja, två gånger"), and words that mean none ("inga", "aldrig",
"ingen gång") as 0. A bare "ja" or "nej" is no count (see actions/answers.py).
"""

from functools import cache

from spacy.matcher import Matcher
from spacy.tokens import Doc

from .measures import Measure, has_year_cue, measure_quantity, measures_in, products, whole_answer
from .not_quantities import read_not_quantities, read_phone_numbers
from .opening_hours import read_schedules
from .parser import parse
from .quantity import AMOUNT_SEK, ARTICLE_COUNT, DISTANCE_KM, HOURS_PER_WEEK, YEAR, Quantity
from .text import tokenize, typed_form_pattern, vocab
from .years import read_relative_years

NOT_COUNT_KINDS = (AMOUNT_SEK, DISTANCE_KM, HOURS_PER_WEEK, YEAR)
# Read first, so that phone numbers, clock times, dates and "i fjol" are never counted.
NOT_COUNTS = (read_phone_numbers, read_schedules, read_not_quantities, read_relative_years)
NONE_PHRASES = [
    "inga", "ingen", "inget", "ingenting", "aldrig", "inga alls", "ingen alls", "ingen gång",
    "inte någon", "inte något", "inte några", "inte en enda", "inte ett enda", "inte ens en",
    "inte en gång", "aldrig någonsin",
]
# "inte fått något", and Norrland speech typed as said: "vi ha int fått nå" (one verb between).
NEGATIONS, NOTHING = ["inte", "int", "ej"], ["nå", "nåt", "något", "några", "någon", "nånting", "nåting"]


@cache
def _none_matcher() -> Matcher:
    matcher = Matcher(vocab())
    patterns = [[typed_form_pattern(word) for word in phrase.split()]
                for phrase in NONE_PHRASES]
    patterns.append([{"LOWER": {"IN": NEGATIONS}}, {"IS_ALPHA": True, "OP": "?"}, {"LOWER": {"IN": NOTHING}}])
    matcher.add("none", patterns, greedy="LONGEST")
    return matcher


def parse_count(text: str) -> Quantity | None:
    """The count in an answer to "how many …?" (kind article_count, the layer's kind for a
    number of things), the first number if there is one, else 0 for a word meaning none."""
    doc = tokenize(text)
    blocked: set[int] = set()
    for reader in NOT_COUNTS:
        blocked |= reader(doc, blocked, ARTICLE_COUNT)[1]
    # What the words around a number make of it ("omsättningen är 3000", "3 miljoner") wins.
    other_kinds = [(q.start, q.end) for q in parse(text, ARTICLE_COUNT) if q.kind in NOT_COUNT_KINDS]
    measures = products(doc, measures_in(doc, blocked)[0])
    counted = next((measure for measure in measures if _is_count(doc, measure)
                    and not any(_overlaps(doc, measure, span) for span in other_kinds)), None)
    if counted is not None:
        return measure_quantity(doc, counted, ARTICLE_COUNT)
    said_none = [(start, end) for _, start, end in _none_matcher()(doc)
                 if not any(index in blocked for index in range(start, end))]
    if not said_none:
        return None
    start, end = min(said_none)
    span = doc[start:end]
    return Quantity(ARTICLE_COUNT, 0, span.text, span.start_char, span.end_char)


def _overlaps(doc: Doc, measure: Measure, span: tuple[int, int]) -> bool:
    start, end = doc[measure.start].idx, doc[measure.end - 1].idx + len(doc[measure.end - 1])
    return start < span[1] and span[0] < end


def _is_count(doc: Doc, measure: Measure) -> bool:
    """Not "12 km", "5 %", "3 gånger i veckan" (a period other than a year), "sedan
    2019"; "en" only alone or before what it counts ("ett år"), not in "en bit"."""
    unit, reading = measure.unit, measure.reading
    if unit is not None and not (unit.counted or unit.kind == ARTICLE_COUNT):
        return False
    if measure.period not in (None, "year"):  # the count questions that name a period ask per year
        return False
    if reading.year_shaped and has_year_cue(doc, measure):
        return False
    return not reading.weak or unit is not None or whole_answer(doc, measure)
