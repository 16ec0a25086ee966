"""Reading one number from tokens, written in digits the Swedish way or in words.

Digits go through Babel's Swedish locale ("3,2", "2 500 000"); Babel does not know the dot
grouping people also type ("3.400.000"), which is handled first. Words go through
number_words, and both can mix ("1,8 milj", "3 miljoner 400 tusen").
"""

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from babel.numbers import NumberFormatError, parse_decimal
from spacy.tokens import Doc

from .number_words import (
    APPROXIMATE_ROUND_NUMBERS,
    ARTICLES,
    DECIMAL_COMMA,
    DIGIT_WORDS,
    FRACTION,
    HALF,
    HALF_WORDS,
    HUNDRED,
    QUARTERS,
    SCALE_ABBREVIATIONS,
    THOUSANDS_MARKS,
    VAGUE_MULTIPLIERS,
    VAGUE_SCALE_WORDS,
    NumberBuilder,
    number_word_value,
    word_pieces,
)

NUMERAL = re.compile(r"^\d+([.,]\d+)*$")
DOT_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")
FIRST_GROUP = re.compile(r"^\d{1,3}$")
NEXT_GROUP = re.compile(r"^\d{3}(,\d+)?$")
YEAR_SHAPED = re.compile(r"^(19|20)\d\d$")
MILLION = 10**6
# A speech recogniser may cut one number word in two or three ("mil joner", "milli oner").
MOST_PARTS_OF_A_SPLIT_WORD = 3
ROUND_NUMBER_TAL = re.compile(r"^(\d+)-?tal$")  # "ett 50-tal", "ett 100tal"


@dataclass(frozen=True)
class NumberReading:
    value: Decimal
    start: int  # token index
    end: int  # token index after the last token read
    scale: int | None  # the largest scale word read ("miljoner" → 10**6)
    year_shaped: bool  # four plain digits 1900–2099, as a year is written
    has_fraction: bool
    # Only "en", "ett" or "halv": the article in "en butik" is no number unless a unit follows.
    weak: bool
    approximate: bool = False  # said as "about so many": "ett femtiotal", "ett par hundra"


class Step(NamedTuple):
    """What one or a few tokens add to the number being read."""

    pieces: list
    end: int  # token index after them
    from_digits: bool
    weak: bool
    approximate: bool = False


def numeral_value(text: str) -> Decimal | None:
    if DOT_GROUPED.match(text):
        return Decimal(text.replace(".", ""))
    try:
        return parse_decimal(text, locale="sv_SE")
    except NumberFormatError:
        return None


def _numeral_end(doc: Doc, start: int) -> int:
    """Digit groups separated by single spaces are one number: "2 500 000"."""
    end = start + 1
    if not FIRST_GROUP.match(doc[start].text):
        return end
    while (
        end < len(doc) and doc[end - 1].whitespace_ == " " and NEXT_GROUP.match(doc[end].text)
        and "," not in doc[end - 1].text
    ):
        end += 1
    return end


def read_number(doc: Doc, start: int, blocked: set[int]) -> NumberReading | None:
    builder, position, scale, weak, approximate = NumberBuilder(), start, None, True, False
    before_digits = None  # where to go back to if digits after a scale word do not fit
    tenths_of = None  # the scale a lone digit word after it would be tenths of (see below)
    while position < len(doc) and position not in blocked:
        step = _next_step(doc, position, builder)
        if step is None or any(index in blocked for index in range(position, step.end)):
            break
        extended = builder.plus_all(step.pieces, step.from_digits)
        if extended is None:
            break
        if step.from_digits and builder.last_scale:
            before_digits = (builder, position)
        tenths_of = _tenths_of(builder, step)
        builder, position, weak = extended, step.end, weak and step.weak
        approximate = approximate or step.approximate
        # Scales only fall ("3 miljoner 400 tusen"), so the first one read is the largest.
        scale = scale or next((p[1] for p in step.pieces if p[0] == "scale"), None)
    if before_digits and builder.group_is_digits and builder.group < builder.last_scale // 1000:
        # "2 miljoner 14 km" is two quantities; "3 miljoner 400 000" is one.
        builder, position = before_digits
    if builder.value is None:
        return None
    value = builder.value
    if tenths_of is not None:
        # "en miljon åtta", "två miljoner tre": spoken shorthand for 1,8 and 2,3 miljoner.
        value = builder.total + builder.group * tenths_of / 10
    rest = _and_more(doc, position, blocked, builder.last_scale)
    if rest is not None:
        value, position = value + rest.value, rest.end
    first = doc[start].text
    return NumberReading(
        value=value, start=start, end=position, scale=scale,
        year_shaped=position == start + 1 and bool(YEAR_SHAPED.match(first)),
        has_fraction=value != value.to_integral_value(), weak=weak, approximate=approximate,
    )


def _tenths_of(before: NumberBuilder, step: Step) -> int | None:
    """The scale of millions or more when `step` is one digit word said on its own after it
    ("en miljon | åtta"); None otherwise. Written as one word ("miljonåtta") or followed by
    more ("en miljon åtta hundra") the digit is read literally."""
    if step.from_digits or before.group != 0 or (before.last_scale or 0) < MILLION:
        return None
    if len(step.pieces) != 1 or step.pieces[0][0] != "add" or not 1 <= step.pieces[0][1] <= 9:
        return None
    return before.last_scale


def _and_more(doc: Doc, position: int, blocked: set[int], last_scale: int | None):
    """ "3 miljoner och 200 tusen": the part after "och" belongs to the number only when it
    ends in a smaller scale word, so that "2 miljoner och 14 km" stays two quantities."""
    if last_scale is None or position + 1 >= len(doc) or doc[position]._.folded != "och":
        return None
    rest = read_number(doc, position + 1, blocked)
    if rest is None or rest.scale is None or rest.scale >= last_scale or rest.value >= last_scale:
        return None
    return rest


def _next_step(doc: Doc, position: int, builder: NumberBuilder) -> Step | None:
    words = [token._.folded for token in doc[position:position + 3]]
    empty = builder.value is None
    round_number = _approximate_round_number(words) if empty else None
    if round_number is not None:
        return Step([("add", Decimal(round_number[0]))], position + round_number[1], False, False, True)
    if NUMERAL.match(doc[position].text):
        end = _numeral_end(doc, position)
        value = numeral_value(doc[position:end].text)
        return None if value is None else Step([("add", value)], end, True, False)
    if words[0] == "och" and len(words) == 3 and words[1] in ARTICLES and words[2] in HALF_WORDS:
        return Step([(HALF,)], position + 3, False, False)
    if words[0] == DECIMAL_COMMA and not empty:
        return _spoken_decimals(doc, position)
    if empty and tuple(words[:2]) in QUARTERS:
        # Weak like "en halv": a number only before what it measures ("tre kvarts mil").
        return Step([("add", Decimal(QUARTERS[tuple(words[:2])]))], position + 2, False, True)
    if empty and words[0] in ARTICLES and words[1:2] and words[1] in HALF_WORDS:
        return Step([("add", Decimal("0.5"))], position + 2, False, True)
    if empty and words[0] in HALF_WORDS:
        return Step([("add", Decimal("0.5"))], position + 1, False, True)
    abbreviation = words[0].rstrip(".")
    if not empty and abbreviation in SCALE_ABBREVIATIONS:
        return Step([("scale", SCALE_ABBREVIATIONS[abbreviation])], position + 1, False, False)
    if not empty and _thousands_mark(doc, position):
        return Step([("scale", 1000)], position + 1, False, False)
    split = _split_number_word(doc, position)
    if split is not None:
        return split
    pieces = word_pieces(words[0])
    if pieces:
        return Step(list(pieces), position + 1, False, words[0] in ARTICLES)
    return None


def _split_number_word(doc: Doc, position: int) -> Step | None:
    """ "mil joner", "milli oner", "hun dra": one number word the speech recogniser cut up.
    Joined only when the last part alone is no number word, and the first is none either
    unless the join names a scale: "fem ton" (five tonnes) stays apart, "mil joner" joins."""
    for count in range(MOST_PARTS_OF_A_SPLIT_WORD, 1, -1):
        parts = doc[position:position + count]
        if len(parts) < count or not all(token.is_alpha for token in parts):
            continue
        if any(token.whitespace_ != " " for token in parts[:-1]) or word_pieces(parts[-1]._.folded):
            continue
        pieces = word_pieces("".join(token._.folded for token in parts))
        if pieces is None:
            continue
        names_a_scale = any(piece[0] in ("scale", HUNDRED) for piece in pieces)
        if names_a_scale or word_pieces(parts[0]._.folded) is None:
            return Step(list(pieces), position + count, False, False)
    return None


def _thousands_mark(doc: Doc, position: int) -> bool:
    """ "180'": an apostrophe on the figure, which is no quoted number ("'180'")."""
    figure = position - 1
    return (doc[position].text in THOUSANDS_MARKS and not doc[figure].whitespace_
            and (figure == 0 or doc[figure - 1].text not in THOUSANDS_MARKS))


def _approximate_round_number(words: list[str]) -> tuple[int, int] | None:
    """ "ett femtiotal", "ett 50-tal", "ett par hundra", "några tusen" → (the round number, how
    many words said it). The scale word of "ett par hundra" is left for the builder, so that
    "ett par hundra tusen" is 200 000."""
    article = 1 if words[0] in ARTICLES else 0
    said = words[article] if len(words) > article else ""
    if said in APPROXIMATE_ROUND_NUMBERS:
        return APPROXIMATE_ROUND_NUMBERS[said], article + 1
    if said.endswith("tal") and (about := number_word_value(said[:-3])) is not None and about >= 10:
        return about, article + 1  # "ett femtontal", "ett tjugofemtal": any number of ten or more
    tal = ROUND_NUMBER_TAL.match(said)
    if tal:
        return int(tal.group(1)), article + 1
    for multiplier, value in VAGUE_MULTIPLIERS.items():
        length = len(multiplier)
        if tuple(words[:length]) == multiplier and words[length:length + 1] \
                and words[length] in VAGUE_SCALE_WORDS:
            return value, length
    return None


def _spoken_decimals(doc: Doc, position: int) -> Step | None:
    """ "komma två fem" → 0.25, read one digit word at a time; "2 komma 4" → 2.4, digits
    after the word as written."""
    after = doc[position + 1] if position + 1 < len(doc) else None
    if after is not None and after.text.isdigit():
        return Step([(FRACTION, Decimal("0." + after.text))], position + 2, False, False)
    digits = ""
    for token in doc[position + 1:]:
        if token._.folded not in DIGIT_WORDS:
            break
        digits += str(DIGIT_WORDS[token._.folded])
    if not digits:
        return None
    return Step([(FRACTION, Decimal("0." + digits))], position + 1 + len(digits), False, False)
