"""English text rewritten into the words and number formats the Swedish reader knows, with a
map from every rewritten character back to the English it came from.

"Mon–Fri 9 to 6, Sat 10–2" becomes "måndag–fredag 9 till 6, lördag 10–2", "SEK 2.5m" becomes
"SEK 2,5milj" and "about 5 miles" "ungefär 5 mil" (marked as English miles), so that there is
one schedule engine, one number reader and one set of place readers for both languages. What
the Swedish reader finds is mapped back, so every Quantity's text and offsets are the user's
own English.

Numbers are written the English way: "3,400,000" and "1,500" group thousands with commas and
"2.5" has a decimal point. People who live in Sweden also write "2,5 million" and "1.200
articles", which are read the Swedish way: a comma before one, two or more than three digits
is a decimal comma, and a dot before groups of three digits groups thousands.
"""

import re
from dataclasses import dataclass

from swedish_quantities.quantity import AMOUNT_SEK, DISTANCE_KM, HOURS_PER_WEEK
from swedish_quantities.text import fold

from .words import (
    AM,
    AND_INSIDE_AFTER,
    AT_A_PLACE,
    AT_A_TIME,
    CLOCK_FRACTIONS,
    DAYS,
    ENGLISH_MILES,
    HEDGES_BEFORE_A_NUMBER,
    HOUR_WORDS,
    LONGEST_MARKER,
    MAY,
    MIL_COUNTRIES,
    MILLION_OR_METRE,
    MILLION_OR_MIL,
    MONTHS,
    NO_AS_ANSWER_BEFORE,
    NUMBERS,
    ORDINAL_ENDINGS,
    PHRASES,
    PLURAL_DAYS,
    PM,
    SCALES,
    TENS,
    TIMES_A_DOZEN,
)

# A number with its separators, a word with its apostrophes ("don't"), or one other character.
TOKEN = re.compile(r"\d+(?:[.,:]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*|\S")
DIGITS = re.compile(r"^\d+(?:[.,:]\d+)*$")
COMMA_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")
DOT_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")
DOT_DECIMAL = re.compile(r"^\d+\.\d+$")
CLOCK_SHAPED = re.compile(r"^\d{1,2}[.:][0-5]\d$")
YEAR = re.compile(r"^(19|20)\d\d$")
HOUR = re.compile(r"^(\d{1,2})(?:[.:]([0-5]\d))?$")
WORDS = {**NUMBERS, **SCALES, **DAYS, **PLURAL_DAYS, **MONTHS, **PHRASES}
LONGEST_PHRASE = max(len(phrase.split()) for phrase in WORDS)
# Words after which a number's dot is a decimal point even where it looks like a clock time.
SCALE_AND_UNIT_WORDS = set(SCALES) | ENGLISH_MILES | MILLION_OR_MIL | MILLION_OR_METRE | {
    "k", "km", "kms", "sek", "kr", "kronor", "crowns", "msek", "mkr", "hours", "hrs", "h",
    "percent", "%", "euros", "euro", "dollars"}
NOON, MIDNIGHT = 12, 24


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def key(self) -> str:
        return fold(self.text).replace("’", "'")


@dataclass(frozen=True)
class Piece:
    """A stretch of the rewritten text and the English it stands for."""

    source_start: int
    source_end: int
    start: int
    end: int
    as_written: bool  # copied unchanged, so each character maps to one character
    english_miles: bool = False


@dataclass(frozen=True)
class Rewritten:
    original: str
    text: str
    pieces: tuple[Piece, ...]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The English characters that the rewritten characters start…end came from."""
        first = self._piece_at(start)
        last = self._piece_at(end - 1)
        source_start = first.source_start + (start - first.start if first.as_written else 0)
        source_end = last.source_start + (end - last.start) if last.as_written else last.source_end
        return source_start, source_end

    def has_english_miles(self, start: int, end: int) -> bool:
        return any(piece.english_miles and piece.start < end and start < piece.end
                   for piece in self.pieces)

    def _piece_at(self, position: int) -> Piece:
        return next(piece for piece in self.pieces if piece.start <= position < piece.end)


def rewrite(text: str, expected: str | None = None) -> Rewritten:
    tokens = [Token(match.group(), match.start(), match.end()) for match in TOKEN.finditer(text)]
    written, pieces, source, index = [], [], 0, 0

    def add(source_end: int, said: str, as_written: bool, english_miles: bool = False) -> None:
        if said:
            start = pieces[-1].end if pieces else 0
            pieces.append(Piece(source, source_end, start, start + len(said), as_written, english_miles))
            written.append(said)

    while index < len(tokens):
        token = tokens[index]
        add(token.start, text[source:token.start], True)
        source = token.start
        said, count = _translation(tokens, index, expected)
        end = tokens[index + count - 1].end
        if said is None:
            add(end, text[source:end], True)
        else:
            keys = _keys(tokens, index, count)
            english_miles = bool(ENGLISH_MILES & set(keys)) and not set(MIL_COUNTRIES) & set(keys)
            add(end, said, False, english_miles)
        source, index = end, index + count
        if said == "" and index < len(tokens):
            source = tokens[index].start  # a word left out takes its space with it
    add(len(text), text[source:], True)
    return Rewritten(text, "".join(written), tuple(pieces))


def _translation(tokens: list[Token], index: int, expected: str | None) -> tuple[str | None, int]:
    """What tokens[index:] start with in the Swedish reader's words, and how many tokens that
    took; None for a token passed on as written."""
    for rule in RULES:
        found = rule(tokens, index, expected)
        if found is not None:
            return found
    return None, 1


def _keys(tokens: list[Token], index: int, count: int) -> tuple[str, ...]:
    return tuple(token.key for token in tokens[index:index + count])


def _is_number(tokens: list[Token], index: int) -> bool:
    return 0 <= index < len(tokens) and (
        bool(DIGITS.match(tokens[index].text)) or tokens[index].key in NUMBERS
        or tokens[index].key in ("a", "an", "half"))


def _hour(token: Token) -> tuple[int, int] | None:
    """(hour, minutes) of "9", "9.30", "7:15" or "nine"."""
    if token.key in HOUR_WORDS:
        return HOUR_WORDS[token.key], 0
    match = HOUR.match(token.text)
    return (int(match[1]), int(match[2] or 0)) if match else None


def _clock_time(tokens: list[Token], index: int, expected: str | None):
    """ "7pm", "7.30 p.m.", "10am", "half past nine", "quarter to six" as a time of the
    24-hour clock written with its minutes, so the schedule reader takes it as said."""
    fraction = CLOCK_FRACTIONS.get(_keys(tokens, index, 2))
    if fraction is not None and index + 2 < len(tokens):
        time = _hour(tokens[index + 2])
        if time is None or not 0 < time[0] <= NOON:
            return None
        hour, minutes = divmod(time[0] * 60 + fraction, 60)
        return f"{hour}:{minutes:02d}", 3
    time = _hour(tokens[index])
    if time is None or not 0 < time[0] <= NOON:
        return None
    for count in range(LONGEST_MARKER, 0, -1):
        marker = _keys(tokens, index + 1, count)
        if len(marker) == count and (marker in AM or marker in PM):
            hour, minutes = time
            if marker in PM and hour < NOON:
                hour += NOON
            elif marker in AM and hour == NOON:
                hour = MIDNIGHT
            return f"{hour}:{minutes:02d}", 1 + count
    return None


def _numeral(tokens: list[Token], index: int, expected: str | None):
    token = tokens[index]
    if not DIGITS.match(token.text):
        return None
    after = tokens[index + 1] if index + 1 < len(tokens) else None
    if after is not None and after.key in ORDINAL_ENDINGS and after.start == token.end:
        return f"{token.text}:e", 2  # "5th" as the Swedish "5:e", so "5th May" is a date
    text = token.text
    scaled = after is not None and after.key in SCALE_AND_UNIT_WORDS
    if COMMA_GROUPED.match(text):
        return text.replace(",", "").replace(".", ","), 1
    if DOT_GROUPED.match(text) and not scaled:
        return None  # "1.200 articles": the Swedish reader groups these thousands itself
    if DOT_DECIMAL.match(text):
        clock = CLOCK_SHAPED.match(text) and expected in (None, HOURS_PER_WEEK) and not scaled
        return None if clock else (text.replace(".", ","), 1)
    return None


def _joined_tens(tokens: list[Token], index: int, expected: str | None):
    """ "twenty-five" as the one word "tjugofem": apart, its hyphen would read as a range."""
    keys = _keys(tokens, index, 3)
    if len(keys) == 3 and keys[0] in TENS and keys[1] == "-" and HOUR_WORDS.get(keys[2], 10) < 10:
        return NUMBERS[keys[0]] + NUMBERS[keys[2]], 3
    return None


def _in_a_year(tokens: list[Token], index: int, expected: str | None):
    """ "in 2023" is "året 2023" (the year 2023), so that the number is read as the year it
    is; not "år 2023", which after "3 million" would be three million years."""
    if tokens[index].key == "in" and index + 1 < len(tokens) and YEAR.match(tokens[index + 1].text):
        return "året", 1
    return None


def _and_inside_a_number(tokens: list[Token], index: int, expected: str | None):
    """ "two hundred and fifty": the English "and" inside a number is left out, as Swedish
    writes "tvåhundrafemtio"; "three and a half" keeps it (the Swedish "och en halv")."""
    if tokens[index].key == "and" and index > 0 and tokens[index - 1].key in AND_INSIDE_AFTER \
            and _is_number(tokens, index + 1) and tokens[index + 1].key not in ("a", "an", "half"):
        return "", 1
    return None


def _phrase(tokens: list[Token], index: int, expected: str | None):
    for count in range(min(LONGEST_PHRASE, len(tokens) - index), 0, -1):
        said = WORDS.get(" ".join(_keys(tokens, index, count)))
        if said is not None:
            return said, count
    return None


def _by_neighbours(tokens: list[Token], index: int, expected: str | None):
    """Words whose meaning the words beside them decide."""
    key = tokens[index].key
    before = index > 0 and _is_number(tokens, index - 1)
    after = tokens[index + 1].key if index + 1 < len(tokens) else None
    if key in MILLION_OR_MIL and before:
        return ("milj" if expected == AMOUNT_SEK or key == "mill" and expected != DISTANCE_KM
                else "mil"), 1
    if key in MILLION_OR_METRE and before:
        return ("meter" if expected == DISTANCE_KM else "milj"), 1
    if key == "dozen" and before:
        return TIMES_A_DOZEN, 1
    if key in HEDGES_BEFORE_A_NUMBER and _is_number(tokens, index + 1):
        return HEDGES_BEFORE_A_NUMBER[key], 1
    if key == "no":
        answers = after is None or not after.isalpha() or after in NO_AS_ANSWER_BEFORE
        return ("nej" if answers else "inga"), 1
    if key == "at":
        return (AT_A_TIME if _is_number(tokens, index + 1) else AT_A_PLACE), 1
    if key == "may" and (before or (after or "").isdigit()):
        return MAY, 1
    if key in ENGLISH_MILES:
        return "mil", 1
    return None


# Each rule: (tokens, index, expected) -> (Swedish words, tokens taken) or None. Times and
# numerals first, as their digits decide alone; the "and" of "two hundred and fifty" and the
# "in" of "in 2023" before the phrase table has them as "och" and "i"; the words that need
# their neighbours last, so that a phrase containing them ("no idea") wins.
RULES = (_clock_time, _numeral, _joined_tens, _in_a_year, _and_inside_a_number, _phrase,
         _by_neighbours)
