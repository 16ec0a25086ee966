"""Years named in words: "i fjol", "förra året", "i år", and years said aloud the way Swedes say
this century's ("tjugo tjugotvå", "tjugotjugotre"). Years in digits ("2017") are read with the
other numbers (see measures)."""

from datetime import date
from functools import cache

from spacy.matcher import Matcher
from spacy.tokens import Doc

from .number_words import number_word_value
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


# "tjugo tjugotvå" is 2022 said aloud: "tjugo" (the century's twenty) and the year's two digits
# as one number word. Said as a number it would be 20 and 22, so it is a year only where a
# year is asked for or cued ("sedan tjugo nitton").
CENTURY_WORDS = ("tjugo", "tjugu")
SPOKEN_YEAR_CUES = {"sedan", "sen", "fran", "ar", "aret", "i"}


def read_spoken_years(doc: Doc, blocked: set[int], expected: str | None):
    quantities, taken = [], set()
    for index in range(len(doc)):
        if index in blocked | taken:
            continue
        cued = expected == YEAR or (index > 0 and doc[index - 1]._.folded in SPOKEN_YEAR_CUES
                                    and expected is None)
        if not cued:
            continue
        said = _spoken_year(doc, index)
        if said is None:
            continue
        year, end = said
        if any(position in blocked for position in range(index, end)):
            continue
        span = doc[index:end]
        quantities.append(Quantity(YEAR, year, span.text, span.start_char, span.end_char))
        taken.update(range(index, end))
    return quantities, taken


def _spoken_year(doc: Doc, index: int) -> tuple[int, int] | None:
    """(the year, the token after it) for "tjugo tjugotvå" or "tjugotjugotvå" at `index`."""
    word = doc[index]._.folded
    century = next((prefix for prefix in CENTURY_WORDS if word.startswith(prefix)), None)
    if century is None:
        return None
    if word == century and index + 1 < len(doc):
        digits, end = _two_digits(doc[index + 1]._.folded), index + 2
    else:
        digits, end = _two_digits(word[len(century):]), index + 1
    return (2000 + digits, end) if digits is not None else None


def _two_digits(word: str) -> int | None:
    """10–99 said as one number word ("tjugotvå", "nitton"), else None."""
    value = number_word_value(word)
    return value if value is not None and 10 <= value <= 99 else None
