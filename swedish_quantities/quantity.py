"""What the understanding layer hands back: one typed, normalised value per thing understood."""

from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal

AMOUNT_SEK = "amount_sek"
DISTANCE_KM = "distance_km"
HOURS_PER_WEEK = "hours_per_week"
ARTICLE_COUNT = "article_count"
YEAR = "year"
MUNICIPALITY = "municipality"
YES_NO = "yes_no"

NUMERIC_KINDS = (AMOUNT_SEK, DISTANCE_KM, HOURS_PER_WEEK, ARTICLE_COUNT, YEAR)
KINDS = NUMERIC_KINDS + (MUNICIPALITY, YES_NO)
# A range ("2–3 miljoner", "mellan 40 och 60 tusen") read as its middle.
CONFIRM_RANGE = "range"
# A turnover said with sales that do not count in it, with no grocery part given ("8 miljoner,
# men då är bensinen med").
CONFIRM_TOTAL = "total"
# "knappt 11 miljoner", "drygt 1 000 artiklar": a little under or over the figure said. Recorded
# as the figure, unless it sits on a rule's threshold, where the side it lies on decides.
CONFIRM_BELOW = "below"
CONFIRM_ABOVE = "above"
# English "miles": read as the English mile (1,609 km), though a speaker used to Swedish may
# mean the Swedish mil of 10 km; `swedish_mil_km` holds that other reading (english_quantities).
CONFIRM_MILES = "miles"
# Kronor, articles and years are counted in whole units; kilometres and hours may be "12,5".
WHOLE_NUMBER_KINDS = (AMOUNT_SEK, ARTICLE_COUNT, YEAR)


@dataclass(frozen=True)
class Quantity:
    kind: str
    value: int | float | str
    text: str
    start: int
    end: int
    approximate: bool = False
    # A municipality named by one of its localities ("Åmsele" → Vindeln): the locality's
    # proper name. The value stays the municipality, so every reader of municipalities works.
    locality: str | None = None
    # Why a careful person would read this value back before recording it (CONFIRM_RANGE,
    # CONFIRM_TOTAL, CONFIRM_BELOW, CONFIRM_ABOVE), or None. Whether it matters (a range
    # across a rule's threshold, "knappt" a threshold) is for the caller to judge: this layer
    # knows no thresholds.
    confirm: str | None = None
    # With CONFIRM_MILES: the distance if the speaker meant Swedish mil ("2 miles" → 20).
    swedish_mil_km: float | None = None
    # With CONFIRM_RANGE: the range's two ends ("mellan 3 och 4 miljoner" → 3 000 000, 4 000 000).
    low: int | float | None = None
    high: int | float | None = None

    def to_dict(self) -> dict:
        """The contract's keys; "locality", "confirm", "swedish_mil_km" and a range's "low" and
        "high" only where they say something."""
        found = asdict(self)
        for optional in ("locality", "confirm", "swedish_mil_km", "low", "high"):
            if found[optional] is None:
                del found[optional]
        return found


def normalised_value(kind: str, value: Decimal) -> int | float:
    """An int whenever the value is whole (JSON and slots stay clean), else a float."""
    if kind in WHOLE_NUMBER_KINDS or value == value.to_integral_value():
        # to_integral_value, not quantize: a number typed with more digits than Decimal's
        # precision ("1e309") is still a number, if an absurd one.
        return int(value.to_integral_value(rounding=ROUND_HALF_UP))
    return float(value)
