"""Numbers as a Swedish (or English) reader or listener expects them.

Written numbers go through Babel's locale data (Swedish grouping is a no-break space,
the decimal sign a comma: "166 667 kr", "12,5 km"). Babel cannot spell numbers out, so the
phone channel's spoken form comes from num2words.
"""

from decimal import ROUND_HALF_UP, Context, Decimal
from functools import cache

from babel.numbers import get_decimal_symbol, get_group_symbol
from num2words import num2words

BABEL_LOCALES = {"sv": "sv_SE", "en": "en_GB"}
UNITS = {
    "sek": {"sv": "kr", "en": "SEK"},
    "km": {"sv": "km", "en": "km"},
    "hours_per_week": {"sv": "timmar per vecka", "en": "hours a week"},
    "articles": {"sv": "artiklar", "en": "items"},
}


@cache
def _separators(lang: str) -> dict:
    """Python's "1,234.5" → the locale's grouping and decimal signs from Babel's CLDR data
    (sv: "1 234,5" with a no-break space)."""
    locale = BABEL_LOCALES[lang]
    return str.maketrans({",": get_group_symbol(locale=locale), ".": get_decimal_symbol(locale=locale)})


# Python refuses to write an int of more than 4 300 digits; past about 4 000 we write 1,0E+5000.
LONGEST_GROUPED_BITS = 13_000


def format_number(value: float, lang: str = "sv", decimals: int = 1) -> str:
    """Group thousands and show at most `decimals` decimals, none when the value is whole.

    The engine formats tens of numbers per answer, so this uses the locale's symbols with
    Python's own grouping rather than parsing a Babel pattern each time.
    """
    if type(value) is int and value.bit_length() > LONGEST_GROUPED_BITS:
        return f"{Decimal(value):.{decimals}E}".translate(_separators(lang))
    if type(value) is not int:
        exact = Decimal(str(value))
        if not exact.is_finite():
            return str(value)  # inf, nan: not a quantity, but no reason to fail a whole answer
        # Enough digits for the whole part and the decimals: the default context's 28 would
        # make quantize raise on 1e27 (any finite float fits; the engine caps its facts lower).
        digits = Context(prec=max(28, exact.adjusted() + decimals + 2))
        rounded = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP, context=digits)
        if rounded != rounded.to_integral_value():
            return f"{rounded:,f}".translate(_separators(lang))
        value = int(rounded)
    return f"{value:,}".translate(_separators(lang))


def format_quantity(value: float, unit: str, lang: str = "sv") -> str:
    return f"{format_number(value, lang)}\N{NO-BREAK SPACE}{UNITS[unit][lang]}"


def format_sek(amount: int, lang: str = "sv") -> str:
    """166667 → "166 667 kr" (Swedish grouping with a no-break space)."""
    return format_quantity(amount, "sek", lang)


def format_km(distance: float, lang: str = "sv") -> str:
    """12.5 → "12,5 km"."""
    return format_quantity(distance, "km", lang)


def format_hours(hours: float, lang: str = "sv") -> str:
    return format_quantity(hours, "hours_per_week", lang)


def format_percent(fraction: float, lang: str = "sv") -> str:
    return f"{format_number(fraction * 100, lang)}\N{NO-BREAK SPACE}%"


# num2words spells a few Swedish numbers the old way ("förtio", "etttusen"); a listener
# expects today's spelling, which speech synthesis also pronounces right.
SWEDISH_SPELLING = (("förtio", "fyrtio"), ("etttusen", "ettusen"))
# Round amounts of a million or more are said the short way: "tre komma två miljoner kronor".
SHORT_MILLIONS_STEP = 100_000


def _words(number: int, lang: str) -> str:
    words = num2words(number, lang=lang)
    if lang == "sv":
        for old, new in SWEDISH_SPELLING:
            words = words.replace(old, new)
    return words


def spoken_number(value: float, lang: str = "sv") -> str:
    """12.5 → "tolv komma fem" — as the phone assistant should say it."""
    if float(value).is_integer():
        return _words(int(value), lang)
    whole, _, decimals = format(Decimal(str(value)).normalize(), "f").partition(".")
    comma = {"sv": "komma", "en": "point"}[lang]
    return f"{_words(int(whole), lang)} {comma} " + " ".join(_words(int(digit), lang) for digit in decimals)


def spoken_sek(amount: int, lang: str = "sv") -> str:
    """166667 → "etthundrasextiosextusen sexhundrasextiosju kronor"; 3200000 → "tre komma två
    miljoner kronor" (from two million: "en komma fem miljoner" would not sound right)."""
    if amount >= 2_000_000 and amount % SHORT_MILLIONS_STEP == 0:
        millions = {"sv": "miljoner", "en": "million"}[lang]
        return f"{spoken_number(amount / 1_000_000, lang)} {millions} kronor"
    return f"{spoken_number(amount, lang)} kronor"


def spoken_km(distance: float, lang: str = "sv") -> str:
    return f"{spoken_number(distance, lang)} {'kilometer' if lang == 'sv' else 'kilometres'}"
