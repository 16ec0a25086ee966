"""English miles, and the Swedish mil the speaker may have meant.

The development corpus's rule (english.yml, in its header): "Miles: "mile(s)" in English is read
as the English mile (1,609 km) and converted, rounded to 0,1 km; "mil", "Swedish mile(s)" or
"Scandinavian mile(s)" is 10 km. Where the two readings would change the outcome, the note
says so and the bot should confirm." Which outcome changes depends on the store's thresholds
(10, 15, 20 km), which this layer does not know: it hands back both readings, the English one
as the value and the Swedish one in `swedish_mil_km`, flagged CONFIRM_MILES, and the dialogue
judges (actions/form.py).

    >>> from swedish_quantities.quantity import Quantity
    >>> as_english_miles(Quantity("distance_km", 20, "2 miles", 0, 7)).value
    3.2
"""

from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

from swedish_quantities.quantity import CONFIRM_MILES, DISTANCE_KM, Quantity, normalised_value

# The international mile; rounded to 0,1 km the corpus's 1,609 gives the same figures.
MILE_KM = Decimal("1.609344")
SWEDISH_MIL_KM = Decimal(10)
TENTH = Decimal("0.1")


def as_english_miles(quantity: Quantity) -> Quantity:
    """A distance read with "miles" written as the Swedish mil (so its value is the Swedish
    reading, 10 km a mile) turned into English miles, keeping the Swedish reading beside it.
    A range of miles ("2-3 miles") is read as its middle like any range, and flagged for the
    miles rather than the range: asking which mile was meant reads the figure back anyway."""
    miles = Decimal(str(quantity.value)) / SWEDISH_MIL_KM
    km = (miles * MILE_KM).quantize(TENTH, rounding=ROUND_HALF_UP)
    return replace(quantity, value=normalised_value(DISTANCE_KM, km), confirm=CONFIRM_MILES,
                   swedish_mil_km=quantity.value)
