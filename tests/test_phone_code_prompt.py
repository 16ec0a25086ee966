"""Words at the resume code prompt count (service/phone/resume.py): a code said in words is the
code, "jag minns inte" is offered a fresh start or a person, a person asked for is put
through, a repeat or a question about the code is answered; none of it is a wrong code."""

import asyncio
from datetime import datetime, timezone

import pytest

from service.phone.callers import caller_hash
from service.phone.calls import CallState, CallStore
from service.phone.resume import CodeAnswer, CodeRequest, code_answer
from service.routers.phone import PhoneTurn, PhoneTurns
from stodkollen.core.settings import Settings

CALLER = "070-555 12 34"
NOW = datetime(2026, 12, 7, 10, tzinfo=timezone.utc)  # a Monday, in telephone hours
ASKED = ["Hej, det här är Stödkollen. Har du en kod från ett tidigare samtal, säg den eller knappa in "
         "den nu. Annars säg ny, så börjar vi från början."]


@pytest.mark.parametrize(("speech", "code"), [
    ("fyra sju ett noll", "4710"), ("koden är fyra sju ett noll", "4710"), ("noll noll sju tre", "0073"),
    ("fyra, sju, ett, noll.", "4710"), ("fyrtiosju tio", "4710"), ("fyra sju en noll", "4710")])
def test_digits_said_as_words_are_the_code(speech, code):
    assert code_answer(speech, None) == CodeAnswer(code=code)


@pytest.mark.parametrize(("heard", "wanted"), [
    ("jag minns inte", CodeRequest.FORGOTTEN), ("vet inte", CodeRequest.FORGOTTEN),
    ("jag har glömt koden", CodeRequest.FORGOTTEN), ("ingen aning", CodeRequest.FORGOTTEN),
    ("nej jag vet inte vad koden är", CodeRequest.FORGOTTEN),
    ("jag kommer inte ihåg den", CodeRequest.FORGOTTEN),
    ("prata med en person", CodeRequest.PERSON), ("kan jag få prata med en handläggare", CodeRequest.PERSON),
    ("jag vill prata med en människa", CodeRequest.PERSON), ("*#", CodeRequest.PERSON),
    ("upprepa", CodeRequest.REPEAT), ("vad sa du", CodeRequest.REPEAT), ("**", CodeRequest.REPEAT),
    ("vad är det för kod", CodeRequest.QUESTION), ("vilken kod", CodeRequest.QUESTION),
    ("hjälp", CodeRequest.QUESTION)])
def test_words_that_are_no_code_say_what_the_caller_wants(heard, wanted):
    keyed = heard.startswith("*")
    assert code_answer(None if keyed else heard, heard if keyed else None) == CodeAnswer(request=wanted)


def test_a_wish_to_start_afresh_is_still_one():
    for speech in ("ny", "jag har ingen kod", "nej", "börja om", "new"):
        assert code_answer(speech, None) == CodeAnswer(afresh=True), speech


def _at_the_prompt(tmp_path, heard: str, state: CallState | None = None):
    config = Settings(data_dir=tmp_path, phone_telephone_hours="mon-fri 08:00-16:00",
                      phone_caller_salt_setting="salt")
    calls = CallStore(tmp_path / "calls.sqlite", 30)
    call = calls.call("c1") or calls.start("c1", "phone-new", caller_hash(CALLER, "salt"), NOW)
    if state is not None:
        calls.save_state("c1", state)
    keyed = heard.startswith("*")
    turn = PhoneTurn(call_id="c1", caller=CALLER, **({"digits": heard} if keyed else {"speech": heard}))
    # These answers never reach Rasa: None stands in for it, and would fail if asked.
    turns = PhoneTurns(turn, None, calls, config, NOW)
    return asyncio.run(turns.code(call, calls.state("c1"))), calls


PROMPT = CallState(awaiting_code=True, last_reply={"texts": ASKED, "expected_input": "digits"})


@pytest.mark.parametrize("heard", ["jag vill prata med en person", "*#"])
def test_a_person_asked_for_at_the_prompt_is_put_through_with_nothing_of_the_earlier_call(tmp_path, heard):
    reply, calls = _at_the_prompt(tmp_path, heard, PROMPT)
    assert reply["transfer"] and reply["text"].startswith("Jag kopplar dig nu till Länsstyrelsen")
    assert not calls.state("c1").awaiting_code and calls.code_failures(caller_hash(CALLER, "salt"), NOW) == 0


def test_a_forgotten_code_is_offered_a_fresh_start_or_a_person_and_then_either_works(tmp_path):
    reply, calls = _at_the_prompt(tmp_path, "jag minns inte", PROMPT)
    assert reply["text"] == ("Då kan vi börja från början, eller så kopplar jag dig till en handläggare. "
                             "Säg ny eller person.")
    assert reply["expected_input"] == "speech" and not reply["transfer"] and not reply["hang_up"]
    assert calls.state("c1").awaiting_code and calls.code_failures(caller_hash(CALLER, "salt"), NOW) == 0
    reply, _ = _at_the_prompt(tmp_path, "person")
    assert reply["transfer"]


def test_a_repeat_says_the_prompt_again_and_a_question_is_answered_neither_counted(tmp_path):
    reply, calls = _at_the_prompt(tmp_path, "vad sa du", PROMPT)
    assert reply["text"] == ASKED[0] and reply["expected_input"] == "digits"
    reply, calls = _at_the_prompt(tmp_path, "vad är det för kod")
    assert reply["text"].startswith("Koden är fyra siffror som du fick höra i ett tidigare samtal")
    assert reply["expected_input"] == "digits"
    state = calls.state("c1")
    assert state.awaiting_code and state.code_prompts == 0
