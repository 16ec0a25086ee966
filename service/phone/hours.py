"""The county's telephone hours (settings.phone_telephone_hours, Europe/Stockholm): a call is
put through to a person only while someone can answer; outside them it ends politely with the
number to call.

The setting reads "mon-fri 08:00-16:00" (days, a dash for a range, commas between; then the
hours). A public holiday, or an eve the agencies close on, is a Sunday here, as in the law
(service/phone/public_holidays.py): a line open on Sundays stays open on it, a weekday line is
closed.
"""

import re
from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from stodkollen.core.formatting import spoken_number
from stodkollen.core.i18n import N_, translate

from .public_holidays import is_closed_day

STOCKHOLM = ZoneInfo("Europe/Stockholm")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_RANGES = r"([a-z]{3}(?:-[a-z]{3})?(?:,[a-z]{3}(?:-[a-z]{3})?)*)"
HOURS = re.compile(rf"^\s*{DAY_RANGES}\s+(\d{{1,2}}):(\d{{2}})-(\d{{1,2}}):(\d{{2}})\s*$")
DAY_NAMES = dict(zip(DAYS, (N_("phone.day.mon"), N_("phone.day.tue"), N_("phone.day.wed"),
                            N_("phone.day.thu"), N_("phone.day.fri"), N_("phone.day.sat"),
                            N_("phone.day.sun")), strict=True))
WEEKDAYS = frozenset(range(5))
SUNDAY = 6


@dataclass(frozen=True)
class TelephoneHours:
    days: frozenset[int]  # Monday is 0
    opens: time
    closes: time

    def open_at(self, moment: datetime) -> bool:
        local = moment.astimezone(STOCKHOLM)
        return self.day_of(local) in self.days and self.opens <= local.time() < self.closes

    @staticmethod
    def day_of(local: datetime) -> int:
        """The weekday the hours apply to: a holiday's are Sunday's."""
        return SUNDAY if is_closed_day(local.date()) else local.weekday()

    def holiday_at(self, moment: datetime) -> bool:
        """Closed today for a holiday that falls on one of the line's days."""
        local = moment.astimezone(STOCKHOLM)
        return is_closed_day(local.date()) and local.weekday() in self.days and SUNDAY not in self.days

    def spoken(self, lang: str) -> str:
        """"vardagar åtta till sexton"."""
        return translate(N_("phone.hours.spoken"), lang, days=self._days(lang),
                         opens=_clock(self.opens, lang), closes=_clock(self.closes, lang))

    def _days(self, lang: str) -> str:
        if self.days == WEEKDAYS:
            return translate(N_("phone.hours.weekdays"), lang)
        return ", ".join(translate(DAY_NAMES[DAYS[day]], lang) for day in sorted(self.days))


    def written(self, lang: str) -> str:
        """"vardagar 08.00–16.00", for an sms."""
        closes = "24.00" if self.closes == time.max else f"{self.closes:%H.%M}"
        return f"{self._days(lang)} {self.opens:%H.%M}\N{EN DASH}{closes}"


def _clock(moment: time, lang: str) -> str:
    hour = spoken_number(24 if moment == time.max else moment.hour, lang)
    return f"{hour} {spoken_number(moment.minute, lang)}" if moment.minute and moment != time.max else hour


def telephone_hours(setting: str) -> TelephoneHours:
    """"mon-fri 08:00-16:00" → TelephoneHours; ValueError with a Swedish message otherwise."""
    problem = translate(N_("error.phone.telephone_hours"), "sv", value=setting)
    found = HOURS.match(setting.casefold())
    if not found:
        raise ValueError(problem)
    days: set[int] = set()
    for part in found[1].split(","):
        first, _, last = part.partition("-")
        if first not in DAYS or (last and last not in DAYS):
            raise ValueError(problem)
        days.update(range(DAYS.index(first), DAYS.index(last or first) + 1))
    try:
        opens = time(int(found[2]), int(found[3]))
        # "24:00" is the end of the day: open round the clock is "mon-sun 00:00-24:00".
        closes = time.max if (found[4], found[5]) == ("24", "00") else time(int(found[4]), int(found[5]))
    except ValueError:
        raise ValueError(problem) from None
    if opens >= closes:
        raise ValueError(problem)
    return TelephoneHours(frozenset(days), opens, closes)
