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

    def to_dict(self) -> dict:
        """The contract's keys; "locality" only where a locality was named."""
        found = asdict(self)
        if found["locality"] is None:
            del found["locality"]
        return found


def normalised_value(kind: str, value: Decimal) -> int | float:
    """An int whenever the value is whole (JSON and slots stay clean), else a float."""
    if kind in WHOLE_NUMBER_KINDS or value == value.to_integral_value():
        return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return float(value)
