"""The days Länsstyrelsen's telephone is closed although they fall on a working day: Swedish
public holidays (lagen 1989:253 om allmänna helgdagar) and the three eves that state agencies
close on (midsommarafton, julafton, nyårsafton, which the working-time agreements treat as
holidays). Computed, with no network and no package: Easter by the Gregorian computus
(the anonymous algorithm of Meeus/Jones/Butcher), the others fixed or from Easter, midsummer
and All Saints' Day as the Saturday in their week.

The law treats a public holiday as a Sunday, and so do the telephone hours
(service/phone/hours.py): a line open on Sundays is open on them too. Those on a Saturday or
Sunday are kept (a county open on Saturdays is still closed on midsommardagen).
"""

from datetime import date, timedelta
from functools import cache


def easter_sunday(year: int) -> date:
    """Påskdagen (Gregorian calendar)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 (the algorithm's own letters)
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _saturday_from(first: date) -> date:
    """The Saturday of the seven days starting at `first` (midsommardagen: 20–26 June)."""
    return first + timedelta(days=(5 - first.weekday()) % 7)


@cache
def closed_days(year: int) -> frozenset[date]:
    """The days of `year` the telephone is closed for a holiday or an eve."""
    easter = easter_sunday(year)
    midsummer_day = _saturday_from(date(year, 6, 20))
    return frozenset({
        date(year, 1, 1),  # nyårsdagen
        date(year, 1, 6),  # trettondedag jul
        easter - timedelta(days=2),  # långfredagen
        easter,  # påskdagen
        easter + timedelta(days=1),  # annandag påsk
        date(year, 5, 1),  # första maj
        easter + timedelta(days=39),  # Kristi himmelsfärdsdag
        easter + timedelta(days=49),  # pingstdagen
        date(year, 6, 6),  # Sveriges nationaldag
        midsummer_day - timedelta(days=1),  # midsommarafton
        midsummer_day,  # midsommardagen
        _saturday_from(date(year, 10, 31)),  # alla helgons dag
        date(year, 12, 24),  # julafton
        date(year, 12, 25),  # juldagen
        date(year, 12, 26),  # annandag jul
        date(year, 12, 31),  # nyårsafton
    })


def is_closed_day(day: date) -> bool:
    return day in closed_days(day.year)
