"""The phone assistant's parts that need no running stack: the channel's protocol, the
caller's salted hash and the call store, the route's checks, the NLG's phone replies and the
form's read-back. Whole calls are in tests/e2e/test_phone_calls.py."""

import asyncio
from datetime import datetime, timedelta, timezone

import pytest
from fastapi.testclient import TestClient
from test_actions import STORE, tracker, validate

from actions.form import CONFIRMATION, ValidateFactsForm
from phone_channel.protocol import Turn, keyed_number, phone_reply, rasa_message, ssml
from service.app import create_app
from service.phone.callers import caller_hash, normalised_number
from service.phone.calls import CallState, CallStore
from service.phone.delivery import email_heard, swedish_number
from service.phone.result_sms import result_sms
from service.phone.resume import (
    CodeAnswer,
    code_answer,
    code_sentence,
    new_code,
    spoken_code,
    wants_to_continue_later,
)
from stodkollen.call import turn_for
from stodkollen.core.settings import Settings

NOW = datetime(2026, 11, 27, 12, tzinfo=timezone.utc)
PHONE = {"channel": "phone"}


# --- the channel's protocol -------------------------------------------------------------

def test_keyed_digits_are_a_bare_number_with_star_as_the_decimal_comma():
    assert keyed_number("35#") == "35"
    assert keyed_number("12*5#") == "12,5"
    assert keyed_number("#") == ""
    with pytest.raises(ValueError):
        keyed_number("12a#")


def test_each_turn_becomes_one_rasa_message_with_the_phone_in_its_metadata():
    assert rasa_message(Turn("c", speech="  tre komma  två miljoner ")) == (
        "tre komma två miljoner", {"channel": "phone", "lang": "sv", "input": "speech"})
    assert rasa_message(Turn("c", speech="/restart"))[0] == "restart"  # speech is never an intent payload
    assert rasa_message(Turn("c", digits="35#"))[0] == "35"
    assert rasa_message(Turn("c", digits="#"))[0] == "/silence"  # only "#": nothing was keyed
    assert rasa_message(Turn("c", event="call_started"))[0] == "/greet"
    assert rasa_message(Turn("c", event="call_resumed"))[0] == "/call_again"
    assert rasa_message(Turn("c", event="no_input", lang="en")) == (
        "/silence", {"channel": "phone", "lang": "en", "input": "event"})


def _said(text: str, **phone) -> list[dict]:
    """A reply as Rasa's collecting channel has it: the text, then its custom part."""
    return [{"text": text}] + ([{"custom": {"phone": phone}}] if phone else [])


def test_the_reply_is_one_text_with_what_to_listen_for_next():
    reply = phone_reply(_said("Tack.") + _said("Har ni öppet året runt?", expect="yes_no",
                                               response="utter_ask_store_open_year_round"), "sv")
    assert reply["texts"] == ["Tack.", "Har ni öppet året runt?"]
    assert reply["responses"] == [None, "utter_ask_store_open_year_round"]
    assert reply["expected_input"] == "yes_no" and not reply["transfer"] and not reply["hang_up"]
    assert phone_reply(_said("Hej då!", hang_up=True), "sv")["hang_up"]


def test_the_keypad_stays_offered_while_the_question_is_asked_again():
    reply = phone_reply(_said("Jag förstod inte. Knappa in avståndet.", expect="digits")
                        + _said("Hur långt är det?", expect="speech"), "sv")
    assert reply["expected_input"] == "digits"


def test_after_a_transfer_the_next_question_is_left_unsaid():
    reply = phone_reply(_said("Jag kopplar dig nu.", transfer=True) + _said("Referensen är SK-1.")
                        + _said("Hur långt är det?", expect="speech"), "sv")
    assert reply["transfer"] and reply["texts"] == ["Jag kopplar dig nu.", "Referensen är SK-1."]


def test_after_a_goodbye_that_hangs_up_the_form_question_is_left_unsaid():
    reply = phone_reply(_said("Tack för i dag!", hang_up=True)
                        + _said("Har ni öppet året runt?", expect="yes_no"), "sv")
    assert reply["hang_up"] and reply["texts"] == ["Tack för i dag!"]


def test_ssml_has_a_sentence_per_sentence_and_escapes_what_it_speaks():
    spoken = "<p><s>Hej!</s><s>Är du &lt;kvar&gt; &amp; redo?</s></p>"
    expected = f'<speak version="1.1" xml:lang="sv-SE">{spoken}</speak>'
    assert ssml(["Hej! Är du <kvar> & redo?"], "sv") == expected



# --- who is calling, and which conversation -----------------------------------------------

def test_one_caller_however_the_number_is_written():
    assert {normalised_number(n) for n in ("070-123 45 67", "+46 70 123 45 67", "0046701234567")} == {
        "+46701234567"}
    assert caller_hash("070-123 45 67", "salt") == caller_hash("+46701234567", "salt")
    assert caller_hash("070-123 45 67", "salt") != caller_hash("070-123 45 67", "another salt")


def test_the_call_store_keeps_a_hash_and_forgets_old_calls_and_codes(tmp_path):
    store = CallStore(tmp_path / "calls.sqlite", retention_days=30)
    hashed = caller_hash("070-123 45 67", "salt")
    call = store.start("call-1", "phone-abc", hashed, NOW)
    assert not store.has_codes(hashed)  # a number alone finds nothing
    store.keep_code("phone-abc", hashed, "4719", NOW)
    assert store.has_codes(hashed) and store.code_of("phone-abc") == "4719"
    assert store.conversation_with_code(hashed, "4719") == "phone-abc"
    assert store.conversation_with_code(hashed, "4710") is None
    assert store.conversation_with_code(caller_hash("070-123 45 68", "salt"), "4719") is None
    assert store.switch_conversation(call, "phone-xyz").conversation_id == "phone-xyz"
    store.end("call-1", NOW)
    assert store.call("call-1").ended and store.call("call-1").conversation_id == "phone-xyz"
    assert b"1234567" not in (tmp_path / "calls.sqlite").read_bytes()
    store.start("call-2", "phone-def", None, NOW + timedelta(days=31))  # a withheld number, later
    assert not store.has_codes(hashed) and store.call("call-1") is None


def test_wrong_codes_are_counted_per_number_across_calls(tmp_path):
    store = CallStore(tmp_path / "calls.sqlite", retention_days=30)
    owner, other = caller_hash("070-123 45 67", "salt"), caller_hash("070-765 43 21", "salt")
    for minutes in (0, 10, 20):
        store.record_code_failure(owner, NOW + timedelta(minutes=minutes))
    assert store.code_failures(owner, since=NOW - timedelta(hours=1)) == 3
    assert store.code_failures(owner, since=NOW + timedelta(minutes=5)) == 2  # the window moves on
    assert store.code_failures(other, since=NOW - timedelta(hours=1)) == 0
    store.clear_code_failures(owner)
    assert store.code_failures(owner, since=NOW - timedelta(hours=1)) == 0


def test_a_calls_bookkeeping_is_kept_until_it_ends(tmp_path):
    store = CallStore(tmp_path / "calls.sqlite", retention_days=30)
    store.start("call-1", "phone-abc", None, NOW)
    assert store.state("call-1") == CallState()
    store.save_state("call-1", CallState(awaiting_code=True, last_reply={"texts": ["Hej."]}))
    assert store.state("call-1").awaiting_code and store.state("call-1").last_reply == {"texts": ["Hej."]}
    store.end("call-1", NOW)
    assert store.state("call-1") == CallState()


# --- the resume code ---------------------------------------------------------------------------

@pytest.mark.parametrize("speech", ["fyra sju ett nio", "4719", "47 19", "fyrtiosju nitton",
                                    "koden är fyra sju ett nio"])
def test_a_code_is_heard_however_speech_recognition_writes_it(speech):
    assert code_answer(speech, None) == CodeAnswer(code="4719")


def test_a_code_is_keyed_or_declined():
    assert code_answer(None, "4719#") == CodeAnswer(code="4719")
    assert code_answer(None, "47#") == CodeAnswer()
    for speech in ("ny", "jag har ingen kod", "nej", "börja om"):
        assert code_answer(speech, None) == CodeAnswer(afresh=True), speech
    for speech in ("tre", "hallå", None):
        assert code_answer(speech, None) == CodeAnswer(), speech


def test_a_code_is_said_digit_by_digit_and_is_four_random_digits():
    assert spoken_code("0107", "sv") == "noll, ett, noll, sju"
    assert code_sentence("0107", "sv").startswith("Din kod är noll, ett, noll, sju.")
    codes = {new_code() for _ in range(50)}
    assert all(len(code) == 4 and code.isdigit() for code in codes) and len(codes) > 40


def test_the_caller_saying_they_will_go_on_later_is_understood():
    for speech in ("jag fortsätter senare", "jag ringer tillbaka lite senare", "jag återkommer"):
        assert wants_to_continue_later(speech), speech
    for speech in ("vi fortsätter", "ja", None):
        assert not wants_to_continue_later(speech), speech


# --- contact details on the phone --------------------------------------------------------------

def test_an_email_address_is_taken_only_without_markup():
    assert email_heard("anna punkt berg snabel-a exempel punkt se") == "anna.berg@exempel.se"
    for spoken in ("a&b<break time='10s'/>@x.se", "a&b snabel-a x punkt se", '"a"@x.se', "a..b@x.se",
                   "a@x.s", "ab@x.se.", "anna snabel-a exempel"):
        assert email_heard(spoken) is None, spoken


def test_only_swedish_phone_numbers_are_taken():
    assert swedish_number("0701234567") == swedish_number("+46701234567") == "0701234567"
    assert swedish_number("0046 90 12 34 56") == "090123456"
    for number in ("070123", "07012345678901", "1234567890", "+4412345678", "0101234"):
        assert swedish_number(number) is None, number


# --- the route, without Rasa ---------------------------------------------------------------

@pytest.fixture
def client(tmp_path):
    # Nothing listens on the Rasa port: the route's answer when the assistant is down is real.
    config = Settings(data_dir=tmp_path, rasa_port=1, internal_token_setting="secret",
                      phone_platform_token_setting="platform")
    # Only Rasa asks the NLG for responses, showing the internal token; only the telephony
    # platform sends turns of calls, showing its own.
    with TestClient(create_app(config), headers={"X-Internal-Token": "secret",
                                                 "X-Phone-Platform-Token": "platform"}) as client:
        yield client


def test_only_the_telephony_platform_may_say_who_is_calling(client):
    turn = {"call_id": "c0", "caller": "070-123 45 67", "event": "call_started"}
    for token in ("", "guess"):
        response = client.post("/api/v1/phone", json=turn, headers={"X-Phone-Platform-Token": token})
        assert response.status_code == 401
        assert response.json()["detail"] == "Bara telefonitjänsten får skicka samtal hit."


def test_a_turn_carries_exactly_one_input(client):
    response = client.post("/api/v1/phone", json={"call_id": "c1", "speech": "ja", "digits": "1#"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"] == "Skicka precis ett av fälten speech, digits och event."
    for digits in ("12a", "1#2", ""):
        assert client.post("/api/v1/phone", json={"call_id": "c1", "digits": digits}).status_code == 422


def test_a_hang_up_ends_the_call_and_the_line_says_nothing(client):
    reply = client.post("/api/v1/phone", json={"call_id": "c2", "event": "hang_up"}).json()
    assert reply["hang_up"] and reply["text"] == "" and not reply["transfer"]


def test_when_the_assistant_is_down_the_caller_is_put_through_to_a_person(client):
    reply = client.post("/api/v1/phone", json={"call_id": "c3", "caller": "070-123 45 67",
                                               "event": "call_started"}).json()
    assert reply["transfer"] and "noll ett noll, två två fem" in reply["text"]
    assert client.post("/api/v1/phone", json={"call_id": "c3", "event": "hang_up"}).json()["hang_up"]
    assert client.post("/api/v1/phone", json={"call_id": "c3", "speech": "hallå"}).status_code == 409


# --- the NLG's phone replies ---------------------------------------------------------------

def nlg(client, response: str, slots: dict, events: list | None = None) -> dict:
    tracker = {"slots": slots, "events": events or [], "latest_message": {}}
    return client.post("/nlg", json={"response": response, "tracker": tracker}).json()


def test_a_number_is_read_back_the_way_it_is_said(client):
    slots = {**PHONE, "value_to_confirm": ["store_grocery_net_turnover_sek", 3_200_000]}
    reply = nlg(client, "utter_ask_value_confirmation", slots)
    assert reply["text"] == "Jag uppfattade tre komma två miljoner kronor. Stämmer det?"
    assert reply["custom"]["phone"] == {"expect": "yes_no", "response": "utter_ask_value_confirmation"}
    years = nlg(client, "utter_ask_value_confirmation",
                {**PHONE, "value_to_confirm": ["service_grant_years_already_received", 2]})
    assert years["text"] == "Jag uppfattade att antalet år med servicebidrag är två. Stämmer det?"


def test_phone_replies_say_what_comes_next_and_the_web_gets_no_such_hints(client):
    assert nlg(client, "utter_ask_store_open_year_round", PHONE)["custom"]["phone"] == {
        "expect": "yes_no", "response": "utter_ask_store_open_year_round"}
    assert nlg(client, "utter_handoff", PHONE)["custom"]["phone"] == {
        "transfer": True, "response": "utter_handoff"}
    assert nlg(client, "utter_goodbye", PHONE)["custom"]["phone"] == {
        "hang_up": True, "response": "utter_goodbye"}
    assert "phone" not in nlg(client, "utter_handoff", {"channel": "web"})["custom"]
    invalid = nlg(client, "utter_invalid_answer",
                  {**PHONE, "requested_slot": "store_distance_to_nearest_grocery_store_km"})
    assert "knappa in avståndet i kilometer och avsluta med fyrkant" in invalid["text"]
    assert invalid["custom"]["phone"] == {"expect": "digits", "response": "utter_invalid_answer"}


def test_silence_is_asked_about_then_explained_then_a_person_is_offered(client):
    slots = {**PHONE, "requested_slot": "municipality"}
    silence = {"event": "user", "text": "/silence", "parse_data": {"intent": {"name": "silence"}}}
    spoken = {"event": "user", "text": "butik", "parse_data": {"intent": {"name": "inform"}}}
    bot = {"event": "bot", "text": "Vilken kommun?"}
    assert "Är du kvar?" in nlg(client, "utter_silence", slots, [spoken, bot, silence])["text"]
    explained = nlg(client, "utter_silence", slots, [silence, bot, silence])["text"]
    assert "Jag hör inget." in explained and "till exempel" in explained
    assert "prata med en person" in nlg(client, "utter_silence", slots, [silence, silence, silence])["text"]


# --- the form's read-back --------------------------------------------------------------------

def test_on_the_phone_a_number_waits_for_a_yes():
    slot = "store_distance_to_nearest_grocery_store_km"
    updates, _ = validate({**STORE, **PHONE, "requested_slot": slot}, {slot: "två och en halv mil"})
    assert updates[slot] is None and updates["value_to_confirm"] == [slot, 25]
    asked = asyncio.run(ValidateFactsForm().required_slots([], None, tracker(
        {**STORE, **PHONE, "value_to_confirm": [slot, 25]}), {}))
    assert asked[0] == CONFIRMATION
    pending = {**STORE, **PHONE, "requested_slot": CONFIRMATION, "value_to_confirm": [slot, 25]}
    yes, _ = validate(pending, {CONFIRMATION: "ja det stämmer"})
    assert yes[slot] == 25 and yes["value_to_confirm"] is None and yes["confirmed_values"] == {slot: 25}
    no, _ = validate(pending, {CONFIRMATION: "nej"})
    assert no[slot] is None and no["value_to_confirm"] is None
    other, _ = validate(pending, {CONFIRMATION: "nej tre mil"})
    assert other["value_to_confirm"] == [slot, 30]


def test_on_the_web_a_number_is_taken_at_once():
    slot = "store_distance_to_nearest_grocery_store_km"
    updates, _ = validate({**STORE, "channel": "web", "requested_slot": slot}, {slot: "2,5 mil"})
    assert updates[slot] == 25 and "value_to_confirm" not in updates



def test_the_terminal_telephone_reads_typed_lines_as_a_platform_would_send_them():
    assert turn_for("ja det stämmer") == {"speech": "ja det stämmer"}
    assert turn_for("#35") == {"digits": "35#"}
    assert turn_for("#12*5#") == {"digits": "12*5#"}
    assert turn_for("   ") == {"event": "no_input"}


def test_the_estimate_by_sms_has_the_exact_amounts():
    slots = {**STORE, "store_sells_fuel": False, "store_open_year_round": True,
             "store_opening_hours_per_week": 45, "store_article_count": 1500,
             "store_has_all_product_groups": True, "store_distance_to_nearest_grocery_store_km": 25,
             "municipality_has_service_plan": True, "store_grocery_net_turnover_sek": 3_000_000,
             "store_services": ["post", "parcel"], "store_service_strategic": False,
             "service_grant_years_already_received": 0, "investment_planned": False,
             "payment_services_interested": False}
    text = result_sms(slots, "sv")
    assert text.startswith("Stödkollen: en uppskattning, inte ett beslut.")
    assert "Särskilt driftstöd: Du kan troligen få 166\N{NO-BREAK SPACE}667\N{NO-BREAK SPACE}kr per år" in text
    assert "**" not in text and "010-225 40 00" in text
