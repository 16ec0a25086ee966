"""Years named in words: "i fjol", "förra året", "i år". Years in digits ("2017") are read
with the other numbers (see measures)."""

from datetime import date
from functools import cache

from spacy.matcher import Matcher
from spacy.tokens import Doc

from .quantity import YEAR, Quantity
from .text import vocab

YEARS_AGO = {
    -1: [["i", "fjol"], ["ifjol"], ["forra", "aret"], ["forra", "ar"], ["fjolaret"]],
    -2: [["i", "forrfjol"], ["forrfjol"], ["forrforra", "aret"]],
    0: [["i", "ar"], ["detta", "ar"], ["det", "här", "aret"], ["det", "har", "aret"], ["innevarande", "ar"]],
}


@cache
def _matcher() -> Matcher:
    matcher = Matcher(vocab())
    for offset, phrases in YEARS_AGO.items():
        patterns = [[{"_": {"folded": word}} for word in phrase] for phrase in phrases]
        matcher.add(str(offset), patterns, greedy="LONGEST")
    return matcher


def read_relative_years(doc: Doc, blocked: set[int], expected: str | None):
    this_year = date.today().year
    quantities, taken = [], set()
    for match_id, start, end in sorted(_matcher()(doc), key=lambda match: match[1]):
        if any(index in blocked | taken for index in range(start, end)):
            continue
        span = doc[start:end]
        offset = int(vocab().strings[match_id])
        quantities.append(Quantity(YEAR, this_year + offset, span.text, span.start_char,
                                   span.end_char))
        taken.update(range(start, end))
    return quantities, taken
