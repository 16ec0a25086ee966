"""Swedish public holidays close Länsstyrelsen's telephone: the call that would be put through
says so and offers the number and hours by sms instead (service/phone/public_holidays.py)."""

import asyncio
from datetime import date, datetime

import pytest

from service.phone.callers import caller_hash
from service.phone.calls import CallState, CallStore
from service.phone.hours import STOCKHOLM, telephone_hours
from service.phone.public_holidays import closed_days, easter_sunday, is_closed_day
from service.routers.phone import PhoneTurn, PhoneTurns
from stodkollen.core.settings import Settings

# From the almanac (Svenska Akademiens almanacka; kalender.se), 2026 and 2027.
KNOWN = {
    2026: ["2026-01-01", "2026-01-06", "2026-04-03", "2026-04-05", "2026-04-06", "2026-05-01",
           "2026-05-14", "2026-05-24", "2026-06-06", "2026-06-19", "2026-06-20", "2026-10-31",
           "2026-12-24", "2026-12-25", "2026-12-26", "2026-12-31"],
    2027: ["2027-01-01", "2027-01-06", "2027-03-26", "2027-03-28", "2027-03-29", "2027-05-01",
           "2027-05-06", "2027-05-16", "2027-06-06", "2027-06-25", "2027-06-26", "2027-11-06",
           "2027-12-24", "2027-12-25", "2027-12-26", "2027-12-31"],
}
CALLER = "070-555 12 34"


@pytest.mark.parametrize("year", sorted(KNOWN))
def test_the_closed_days_are_the_almanacs(year):
    assert sorted(closed_days(year)) == [date.fromisoformat(day) for day in KNOWN[year]]


def test_easter_by_the_computus():
    assert [easter_sunday(year) for year in (2024, 2025, 2026, 2027, 2038, 2285)] == [
        date(2024, 3, 31), date(2025, 4, 20), date(2026, 4, 5), date(2027, 3, 28), date(2038, 4, 25),
        date(2285, 3, 22)]  # 2285: the earliest Easter can be
    assert not is_closed_day(date(2026, 4, 2)) and is_closed_day(date(2026, 4, 3))  # skärtorsdag, långfredag


def at(day: str, clock: str = "10:00") -> datetime:
    """A moment in Stockholm."""
    return datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=STOCKHOLM)


def test_a_holiday_is_a_sunday_to_the_telephone_hours():
    weekdays, always = telephone_hours("mon-fri 08:00-16:00"), telephone_hours("mon-sun 00:00-24:00")
    for holiday in ("2026-12-24", "2026-12-25", "2027-01-06", "2026-05-14", "2026-06-19", "2026-04-06"):
        assert not weekdays.open_at(at(holiday)) and weekdays.holiday_at(at(holiday)), holiday
        assert always.open_at(at(holiday)) and not always.holiday_at(at(holiday)), holiday
    assert weekdays.open_at(at("2026-12-23")) and not weekdays.holiday_at(at("2026-12-23"))
    assert not weekdays.holiday_at(at("2026-12-26"))  # a Saturday: closed anyway, no holiday to name
    assert telephone_hours("mon-sat 09:00-12:00").holiday_at(at("2026-06-20"))  # midsommardagen
    assert weekdays.written("sv") == "vardagar 08.00\N{EN DASH}16.00"


def _turns(tmp_path, now: datetime, caller: str | None, speech: str | None = None):
    config = Settings(data_dir=tmp_path, phone_telephone_hours="mon-fri 08:00-16:00",
                      phone_caller_salt_setting="salt")
    calls = CallStore(tmp_path / "calls.sqlite", 30)
    hashed = caller_hash(caller, "salt") if caller else None
    call = calls.call("c1") or calls.start("c1", "phone-test", hashed, now)
    turn = PhoneTurn(call_id="c1", caller=caller, **({"speech": speech} if speech else {"event": "no_input"}))
    # Rasa is never asked: the transfer and the sms offer are the route's own.
    return PhoneTurns(turn, None, calls, config, now), calls, call


def test_on_a_holiday_a_person_asked_for_is_not_put_through_and_the_number_is_offered_by_sms(tmp_path):
    christmas = at("2026-12-25", "10:30")
    turns, calls, call = _turns(tmp_path, christmas, CALLER)
    handoff = "Jag kopplar dig nu till Länsstyrelsen Västerbotten."
    reply = turns.put_through(call, CallState(), [handoff], {handoff})
    assert not reply["transfer"] and not reply["hang_up"] and reply["expected_input"] == "yes_no"
    assert reply["text"].startswith("I dag är det helgdag, och då har Länsstyrelsen Västerbotten stängt.")
    assert "vardagar åtta till sexton" in reply["text"] and "jag kopplar dig" not in reply["text"].casefold()
    assert reply["text"].endswith("Vill du få numret och telefontiderna i ett sms? Säg ja eller nej.")
    assert calls.state("c1").closed_sms_offered

    turns, calls, call = _turns(tmp_path, christmas, CALLER, "ja tack")
    reply = asyncio.run(turns.closed_sms(call, calls.state("c1")))
    assert reply["hang_up"] and reply["text"] == "Numret kommer med sms. Hej då!"
    sms = "Länsstyrelsen Västerbotten: 010-225 40 00, vardagar 08.00\N{EN DASH}16.00."
    assert reply["sms"] == {"to": "+46705551234", "text": sms}
    assert not calls.state("c1").closed_sms_offered


def test_no_to_the_sms_is_goodbye_with_the_code_and_a_withheld_number_gets_no_offer(tmp_path):
    midsummer_eve = at("2026-06-19")
    turns, calls, call = _turns(tmp_path, midsummer_eve, CALLER)
    calls.keep_code(call.conversation_id, call.caller_hash, "4719", midsummer_eve)
    turns.put_through(call, CallState(), [])
    turns, calls, call = _turns(tmp_path, midsummer_eve, CALLER, "nej")
    reply = asyncio.run(turns.closed_sms(call, calls.state("c1")))
    assert reply["hang_up"] and reply["sms"] is None
    assert reply["text"].startswith("Din kod är fyra, sju, ett, nio.") and reply["text"].endswith("Hej då!")

    withheld, _, call = _turns(tmp_path / "withheld", midsummer_eve, None)
    reply = withheld.put_through(call, CallState(), [])
    assert reply["hang_up"] and "sms" not in reply["text"] and reply["text"].endswith("Hej då!")
    assert "helgdag" in reply["text"]
    # A working day outside the hours: closed, with no holiday named.
    evening, _, call = _turns(tmp_path / "evening", at("2026-12-23", "18:00"), None)
    reply = evening.put_through(call, CallState(), [])
    assert reply["hang_up"] and "helgdag" not in reply["text"]
