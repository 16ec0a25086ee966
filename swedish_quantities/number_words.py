"""Swedish number words: "tvåhundrafemtio", "en miljon tvåhundratusen", "två och en halv".

Swedish writes numbers below a million as one word ("etthundrasextiosextusen"), so a word is
split into known parts first; `NumberBuilder` then adds the parts up the way a reader does
and refuses what no one would say ("femfem", "tusen miljoner"), which is how a list like
"fem sex" stays two numbers. All words are in folded form (see text.fold).
"""

from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

HUNDRED = "hundred"
HALF = "half"
FRACTION = "fraction"
# A piece is ("add", value), ("scale", factor), (HUNDRED,), (HALF,) or (FRACTION, value).
Piece = tuple

SMALL_NUMBERS = {
    "noll": 0, "en": 1, "ett": 1, "tva": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6,
    "sju": 7, "atta": 8, "nio": 9, "tio": 10, "elva": 11, "tolv": 12, "tretton": 13,
    "fjorton": 14, "femton": 15, "sexton": 16, "sjutton": 17, "arton": 18, "aderton": 18,
    "nitton": 19,
    # Tens, with the spoken forms people also type ("trettifem", "femti").
    "tjugo": 20, "tjugu": 20, "tju": 20, "trettio": 30, "tretti": 30, "fyrtio": 40,
    "fyrti": 40, "fortio": 40, "forti": 40, "femtio": 50, "femti": 50, "sextio": 60,
    "sexti": 60, "sjuttio": 70, "sjutti": 70, "attio": 80, "atti": 80, "nittio": 90,
    "nitti": 90,
}
SCALES = {
    "tusen": 1000, "miljon": 10**6, "miljoner": 10**6, "miljonen": 10**6,
    # The spelling a speech recogniser trained on other Nordic languages may deliver ("milli
    # oner"); not the singular, which would read the English "million" alone as one.
    "millioner": 10**6,
    "miljard": 10**9, "miljarder": 10**9,
    "dussin": 12,  # "ett dussin hushåll", "två dussin"
}
# Abbreviations and slang that only scale a number already written ("1,8 milj", "250k",
# "1,7 mille": "mille" is everyday speech for a million kronor).
SCALE_ABBREVIATIONS = {"milj": 10**6, "mn": 10**6, "mille": 10**6, "k": 1000}
# "kostnad 180' exkl moms": the bookkeeper's thousands, an apostrophe right after the figure.
THOUSANDS_MARKS = {"'", "’"}
MORPHEMES: dict[str, list[Piece]] = {
    **{word: [("add", Decimal(value))] for word, value in SMALL_NUMBERS.items()},
    **{word: [("scale", factor)] for word, factor in SCALES.items()},
    "hundra": [(HUNDRED,)],
    # "ettusen" is the dictionary spelling of "ett tusen" (one t is dropped).
    "ettusen": [("add", Decimal(1)), ("scale", 1000)],
    "halvannan": [("add", Decimal("1.5"))],
    "halvannat": [("add", Decimal("1.5"))],
}
ARTICLES = ("en", "ett")
# Round numbers said as "about so many": "ett femtiotal" (about fifty), "ett hundratal". They
# are read as the round number with the approximate flag, never as the article's 1.
APPROXIMATE_ROUND_NUMBERS = {
    "tiotal": 10, "tjugotal": 20, "trettiotal": 30, "fyrtiotal": 40, "femtiotal": 50,
    "sextiotal": 60, "sjuttiotal": 70, "attiotal": 80, "nittiotal": 90, "hundratal": 100,
    "tusental": 1000,
}
# "ett par hundra" (about 200), "några tusen": a vague multiplier before a scale word. "Några"
# is taken as three, the middle of what people mean by it (two to five).
VAGUE_MULTIPLIERS = {("ett", "par"): 2, ("nagra",): 3}
VAGUE_SCALE_WORDS = ("hundra", "tusen", "dussin")
HALF_WORDS = ("halv", "halvt")
# "en kvarts miljon" (250 000), "tre kvarts mil" (7,5 km): quarters said before a scale or unit.
QUARTERS = {("en", "kvarts"): "0.25", ("ett", "kvarts"): "0.25", ("tre", "kvarts"): "0.75",
            ("en", "kvart"): "0.25", ("tre", "kvart"): "0.75"}
DECIMAL_COMMA = "komma"  # "tre komma två miljoner"
DIGIT_WORDS = {word: value for word, value in SMALL_NUMBERS.items() if value < 10}


@lru_cache(maxsize=4096)
def word_pieces(word: str) -> tuple[Piece, ...] | None:
    """The parts of one folded word, or None when it is not (only) a number word."""
    for pieces in _splits(word):
        if NumberBuilder().plus_all(pieces) is not None:
            return pieces
    return None


def _splits(word: str):
    """Every way to cut `word` into known parts, longest first part first."""
    if not word:
        yield ()
        return
    for length in range(len(word), 0, -1):
        head = MORPHEMES.get(word[:length])
        if head is not None:
            for rest in _splits(word[length:]):
                yield tuple(head) + rest


@dataclass(frozen=True)
class NumberBuilder:
    """Adds up pieces left to right: `total` holds what is complete up to the last scale
    word ("två miljoner"), `group` the part still being built ("femhundra" …)."""

    total: Decimal = Decimal(0)
    group: Decimal = Decimal(0)
    group_is_digits: bool = False
    last_scale: int | None = None
    pieces_read: int = 0

    @property
    def value(self) -> Decimal | None:
        return self.total + self.group if self.pieces_read else None

    def plus_all(self, pieces, from_digits: bool = False) -> "NumberBuilder | None":
        builder = self
        for piece in pieces:
            builder = builder and builder.plus(piece, from_digits)
        return builder

    def plus(self, piece: Piece, from_digits: bool = False) -> "NumberBuilder | None":
        added = self._plus(piece, from_digits)
        return added and replace(added, pieces_read=self.pieces_read + 1)

    def _plus(self, piece: Piece, from_digits: bool) -> "NumberBuilder | None":
        kind = piece[0]
        group_is_whole = self.group == self.group.to_integral_value()
        if kind == "add":
            value = piece[1]
            if self.group == 0:
                if self.last_scale is not None and value >= self.last_scale:
                    return None  # "två miljoner tre miljoner" is two numbers
                return replace(self, group=value, group_is_digits=from_digits)
            # Digits never add up with what is before them: "20 5" is not 25.
            if from_digits or self.group_is_digits or not _fits_after(self.group, value):
                return None
            return replace(self, group=self.group + value)
        if kind == HUNDRED:
            if not group_is_whole or self.group >= 100:
                return None
            return replace(self, group=(self.group or Decimal(1)) * 100)
        if kind in (HALF, FRACTION):
            # "två och en halv", "tre komma två": only after a whole number.
            if self.group == 0 or not group_is_whole:
                return None
            return replace(self, group=self.group + (piece[1] if kind == FRACTION else Decimal("0.5")))
        factor = piece[1]
        if self.last_scale is not None and factor >= self.last_scale:
            return None
        return replace(
            self, total=self.total + (self.group or Decimal(1)) * factor, group=Decimal(0),
            group_is_digits=False, last_scale=factor,
        )


def _fits_after(group: Decimal, value: Decimal) -> bool:
    """"tjugo" + "fem" fits, "tolv" + "fem" does not: the new part must fill the zeros."""
    if group != group.to_integral_value() or value != value.to_integral_value():
        return False
    trailing_zeros = len(str(int(group))) - len(str(int(group)).rstrip("0"))
    return value < 10**trailing_zeros


def number_word_value(word: str) -> int | None:
    """The whole number one folded word says ("tjugotvå" → 22), or None."""
    pieces = word_pieces(word) if word.isalpha() else None
    value = NumberBuilder().plus_all(list(pieces)).value if pieces else None
    return int(value) if value is not None and value == int(value) else None
