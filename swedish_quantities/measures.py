"""Numbers with what they measure: "3,2 miljoner", "ca 40 tim/vecka", "1 200 olika artiklar".

The kind comes from, in this order: a unit word after the number; a scale word of a million or
more (people say "3 miljoner" about money); a context word in the same sentence
("omsättningen är 3 200 000"); the question being asked; the shape of a year ("2017").
"""

from dataclasses import dataclass, replace
from decimal import Decimal

from spacy.tokens import Doc

from .numbers import NumberReading, read_number
from .quantity import (
    AMOUNT_SEK,
    ARTICLE_COUNT,
    CONFIRM_ABOVE,
    CONFIRM_BELOW,
    CONFIRM_RANGE,
    NUMERIC_KINDS,
    YEAR,
    Quantity,
    normalised_value,
)
from .units import (
    ABOVE_WORDS,
    APPROXIMATE_AFTER,
    APPROXIMATE_AFTER_OR,
    APPROXIMATE_BEFORE,
    APPROXIMATE_BEFORE_AS_WRITTEN,
    APPROXIMATE_LINKS,
    BELOW_WORDS,
    FILLERS,
    MARKERS_BEFORE_THE_UNIT,
    NATURAL_PERIODS,
    PERIOD_LINKS,
    PERIOD_WORDS,
    STANDALONE_PERIODS,
    Unit,
    context_kind,
    unit_for,
)
from .what_counts import is_total, what_counts

RANGE_LINKS = {"-", "–", "—", "till", "a", "à"}
SENTENCE_ENDS = {".", "!", "?", ";", "\n"}
CONTEXT_REACH = 8  # tokens: far enough for "omsättningen var förra året ungefär 3 200 000"
YEAR_CUES = {"sedan", "sen", "ar", "aret", "fran", "startade", "oppnade", "grundade",
             "grundades", "tog", "kopte", "byggde", "byggdes", "etablerades", "renoverade"}
MILLION = 10**6
SMALLEST_BARE_AMOUNT = 1000
TIMES_UNITS = {"ganger", "ggr"}  # "3 gånger 40 000"
TIMES_LINKS = (["x"], ["×"], ["*"], ["ganger"], ["ggr"])  # "2 x 25 000", "52 veckor gånger 12"
AMOUNT_UNIT = Unit(AMOUNT_SEK)
LARGEST_BARE_MILLIONS = 100


@dataclass(frozen=True)
class Measure:
    """A number read with its unit (if any) before its kind is decided."""

    reading: NumberReading
    value: Decimal
    start: int
    end: int
    unit: Unit | None
    period: str | None  # "week" for "i veckan", "day" for "om dagen"
    approximate: bool
    confirm: str | None = None  # see Quantity.confirm: "2-3 miljoner", "knappt 3 miljoner"
    # A range's half-width as a share of its middle ("2-3 miljoner": 0,2): it stays true when the
    # value is scaled afterwards (a unit, "miljoner" understood), so the ends follow the value.
    spread: Decimal | None = None


def read_measures(doc: Doc, blocked: set[int], expected: str | None):
    measures, used = measures_in(doc, blocked)
    read = [(measure.start, measure.end, _quantity(doc, measure, used, expected))
            for measure in _parts_in_scale(doc, products(doc, measures))]
    counted = what_counts(doc, [value for value in read if value[2] is not None])
    return [quantity for _, _, quantity in counted], used - blocked


def products(doc: Doc, measures: list[Measure]) -> list[Measure]:
    """ "2 x 25 000", "3 gånger 40 000", "52 veckor gånger 12 hushåll": one value, the
    product, measured in what the second counts."""
    found: list[Measure] = []
    for measure in measures:
        before = found[-1] if found else None
        if before is None or not _times(doc, before, measure):
            found.append(measure)
            continue
        found[-1] = replace(measure, value=before.value * measure.value, start=before.start,
                            approximate=before.approximate or measure.approximate)
    return found


def _parts_in_scale(doc: Doc, measures: list[Measure]) -> list[Measure]:
    """ "totalt 5,1 mkr … så ca 4,8": a bare number after a total is a part of it, said in the
    total's scale."""
    found: list[Measure] = []
    total: tuple[Measure, Decimal] | None = None
    for measure in measures:
        scale = _scale(measure)
        if scale is not None and is_total(doc, measure.start, measure.end):
            total = (measure, scale)
        elif total is not None and measure.unit is None and measure.reading.scale is None \
                and measure.value * total[1] < total[0].value:
            measure = replace(measure, value=measure.value * total[1], unit=AMOUNT_UNIT)
        found.append(measure)
    return found


def _scale(measure: Measure) -> Decimal | None:
    """The scale an amount was said in: millions for "3 mkr" and "3 miljoner"."""
    unit = measure.unit
    if unit is not None and unit.kind == AMOUNT_SEK and unit.factor > 1:
        return unit.factor
    if (unit is None or unit.kind == AMOUNT_SEK) and measure.reading.scale:
        return Decimal(measure.reading.scale)
    return None


def _times(doc: Doc, first: Measure, second: Measure) -> bool:
    between = [token._.folded for token in doc[first.end:second.start]]
    if first.period is not None:
        return False
    if first.unit is None or first.unit.counted and first.unit.kind is None:
        if between in TIMES_LINKS:
            return True
    return doc[first.end - 1]._.folded in TIMES_UNITS and not between


def measures_in(doc: Doc, blocked: set[int]) -> tuple[list[Measure], set[int]]:
    """Every number outside `blocked` with its unit, and the tokens read (with `blocked`)."""
    measures, used, position = [], set(blocked), 0
    while position < len(doc):
        reading = None if position in used else read_number(doc, position, used)
        if reading is None:
            position += 1
            continue
        measure = _measure(doc, reading, used)
        used.update(range(measure.start, measure.end))
        measures.append(measure)
        position = measure.end
    return measures, used


def _measure(doc: Doc, first: NumberReading, used: set[int]) -> Measure:
    reading, value = first, first.value
    marker = _marker_before(doc, first.start)
    approximate = first.approximate or marker is not None
    bound = CONFIRM_BELOW if marker in BELOW_WORDS else CONFIRM_ABOVE if marker in ABOVE_WORDS else None
    second = _range_end(doc, first, used)
    is_range, spread = False, None
    if second is not None:
        # "2-3 miljoner": the scale written once belongs to both ends; we take the middle.
        low = first.value * (second.scale or 1) if first.scale is None else first.value
        if low < second.value:
            reading, value, approximate, is_range = second, (low + second.value) / 2, True, True
            spread = (second.value - low) / (second.value + low)
    end = reading.end
    unit_at = _skip(doc, end, FILLERS)
    if unit_at + 1 < len(doc) and doc[unit_at]._.folded in MARKERS_BEFORE_THE_UNIT \
            and unit_for(doc[unit_at + 1]._.folded) is not None:
        marker = MARKERS_BEFORE_THE_UNIT[doc[unit_at]._.folded]
        approximate = True
        bound = bound or (CONFIRM_BELOW if marker in BELOW_WORDS else CONFIRM_ABOVE)
        unit_at += 1
    unit = unit_for(doc[unit_at]._.folded) if unit_at < len(doc) else None
    if unit is not None and unit_at not in used:
        end, value = unit_at + 1, value * unit.factor
    period, end = _period(doc, end, used)
    approximate = approximate or _marked_after(doc, end)
    return Measure(reading, value, first.start, end, unit, period, approximate,
                   CONFIRM_RANGE if is_range else bound, spread)


def _quantity(doc: Doc, measure: Measure, used: set[int], expected: str | None):
    reading, unit = measure.reading, measure.unit
    if unit is not None:
        kind = unit.kind
    elif reading.weak and not whole_answer(doc, measure):
        kind = None  # "en butik"; but "en" alone answers "how many?"
    elif (reading.scale or 0) >= MILLION:
        kind = AMOUNT_SEK
    elif reading.year_shaped and not measure.approximate and _year_is_meant(doc, measure, used, expected):
        kind = YEAR
    else:
        kind = _context(doc, measure, used) or (expected if expected in NUMERIC_KINDS else None)
        if kind == YEAR and not reading.year_shaped:
            kind = None
        if kind == AMOUNT_SEK and reading.scale is None:
            measure = _bare_amount(measure)
            kind = None if measure is None else kind
    if kind is None or measure.period not in (None, NATURAL_PERIODS.get(kind)):
        return None
    return measure_quantity(doc, measure, kind)


def _bare_amount(measure: Measure) -> Measure | None:
    """An amount written without its scale. People leave out "miljoner", not "kronor": a
    decimal under a hundred ("3,4", "omsättningen va 2,6") is millions, as no one gives a
    shop's money to the öre. A whole number under a thousand ("omsättningen är 3") may be
    millions or thousands, and reading it either way would be a guess."""
    if measure.reading.has_fraction and measure.value < LARGEST_BARE_MILLIONS:
        return replace(measure, value=measure.value * MILLION)
    if measure.reading.has_fraction or measure.value < SMALLEST_BARE_AMOUNT:
        return None
    return measure


def measure_quantity(doc: Doc, measure: Measure, kind: str) -> Quantity:
    start, end = doc[measure.start].idx, doc[measure.end - 1].idx + len(doc[measure.end - 1])
    ends = {} if measure.spread is None else {
        "low": normalised_value(kind, measure.value * (1 - measure.spread)),
        "high": normalised_value(kind, measure.value * (1 + measure.spread))}
    return Quantity(
        # The span's own text: doc.text is built anew on each use, too slow for every number.
        kind, normalised_value(kind, measure.value), doc[measure.start:measure.end].text, start, end,
        measure.approximate, confirm=measure.confirm, **ends,
    )


def whole_answer(doc: Doc, measure: Measure) -> bool:
    outside = list(doc[:measure.start]) + list(doc[measure.end:])
    return all(token.is_punct for token in outside)


def _year_is_meant(doc: Doc, measure: Measure, used: set[int], expected: str | None) -> bool:
    """ "sedan 2017"; a bare "2017" when the question asks for nothing else, unless the words
    around it count articles ("antalet artiklar är 2000"). Other context words do not count:
    a year is often named beside a turnover ("omsättningen 2023 var 3 miljoner")."""
    if has_year_cue(doc, measure) or expected == YEAR:
        return True
    return expected not in NUMERIC_KINDS and _context(doc, measure, used) != ARTICLE_COUNT


def has_year_cue(doc: Doc, measure: Measure) -> bool:
    cues = {token._.folded for token in doc[max(0, measure.start - 2):measure.start]}
    return bool(cues & YEAR_CUES)


def _context(doc: Doc, measure: Measure, used: set[int]) -> str | None:
    """The kind named by the nearest free context word in the same sentence."""
    for distance in range(1, CONTEXT_REACH + 1):
        for index, step in ((measure.start - distance, -1), (measure.end - 1 + distance, 1)):
            if not 0 <= index < len(doc) or _sentence_break(doc, measure, index, step):
                continue
            kind = None if index in used else context_kind(doc[index]._.folded)
            if kind is not None:
                return kind
    return None


def _sentence_break(doc: Doc, measure: Measure, index: int, step: int) -> bool:
    between = range(index, measure.start) if step < 0 else range(measure.end, index + 1)
    return any(doc[i].text in SENTENCE_ENDS for i in between)


def _range_end(doc: Doc, first: NumberReading, used: set[int]) -> NumberReading | None:
    if first.end >= len(doc):
        return None
    link = doc[first.end]._.folded
    after_mellan = first.start > 0 and doc[first.start - 1]._.folded == "mellan"
    if link in RANGE_LINKS or (link == "och" and after_mellan):
        return read_number(doc, first.end + 1, used)
    return None


def _period(doc: Doc, position: int, used: set[int]) -> tuple[str | None, int]:
    """ "i veckan", "/v", "per år", "om dagen" → the period and the position after it."""
    words = []
    for token in doc[position:position + 2]:
        if token.i in used or _is_man(token):
            break
        words.append(token._.folded)
    if words and words[0] in STANDALONE_PERIODS:
        return STANDALONE_PERIODS[words[0]], position + 1
    if len(words) == 2 and words[0] in PERIOD_LINKS and words[1].rstrip(".") in PERIOD_WORDS:
        return PERIOD_WORDS[words[1].rstrip(".")], position + 2
    return None, position


def _is_man(token) -> bool:
    """ "man" (one, as in "om man räknar allt") folds like "mån", the month's abbreviation."""
    return token._.folded == "man" and not token.text.casefold().startswith("mån")


def _marker_before(doc: Doc, start: int) -> str | None:
    """The word marking "ca 40", "c:a 40", "på runt 40", "mer än 40" as approximate."""
    for token in reversed(doc[:start]):
        word = token._.folded.rstrip(".") or token.text
        if word in APPROXIMATE_BEFORE or token.text.casefold() in APPROXIMATE_BEFORE_AS_WRITTEN:
            return word
        if word not in APPROXIMATE_LINKS:
            return None
    return None


def _marked_after(doc: Doc, end: int) -> bool:
    words = [token._.folded for token in doc[end:end + 2]]
    return bool(words) and (
        words[0] in APPROXIMATE_AFTER or words[:1] == ["eller"] and words[1:] and
        words[1] in APPROXIMATE_AFTER_OR
    )


def _skip(doc: Doc, position: int, words: set[str]) -> int:
    while position < len(doc) and doc[position]._.folded.rstrip(".") in words:
        position += 1
    return position
