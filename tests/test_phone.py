"""The phone assistant's parts that need no running stack: the channel's protocol, the
caller's salted hash and the call store, the route's checks, the NLG's phone replies and the
form's read-back. Whole calls are in tests/e2e/test_phone_calls.py."""

import asyncio
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from xml.etree import ElementTree

import pytest
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient
from test_actions import STORE, tracker, validate

from actions.form import ValidateFactsForm
from phone_channel.ear import for_the_ear, heard_badly
from phone_channel.protocol import Turn, keyed_number, phone_reply, rasa_message, ssml
from service.app import create_app
from service.nlg.values import spoken_rounded_sek
from service.phone.callers import caller_hash, normalised_number
from service.phone.calls import CallState, CallStore
from service.phone.commands import KEYS, Command, command, help_texts, yes_no_key
from service.phone.delivery import KEYED_CHOICES, email_heard, swedish_number
from service.phone.hours import DAYS, STOCKHOLM, telephone_hours
from service.phone.reprompts import Count, counted, shortened, with_person_offered
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
from stodkollen.dialogue_slots import VALUE_CONFIRMATION
from workbench.scenario import load_library

ROOT = Path(__file__).resolve().parents[1]
LOCALES, SCENARIOS = ROOT / "locales", ROOT / "scenarios"
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
    expected = (f'<speak version="1.1" xmlns="http://www.w3.org/2001/10/synthesis" xml:lang="sv-SE">'
                f'{spoken}</speak>')
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
                      phone_platform_token_setting="platform", phone_telephone_hours="mon-sun 00:00-24:00")
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


def test_outside_telephone_hours_the_call_ends_with_the_number_to_call(tmp_path):
    tomorrow = DAYS[(datetime.now(STOCKHOLM).weekday() + 1) % 7]  # never open today
    config = Settings(data_dir=tmp_path, rasa_port=1, phone_platform_token_setting="platform",
                      phone_telephone_hours=f"{tomorrow} 08:00-16:00")
    with TestClient(create_app(config), headers={"X-Phone-Platform-Token": "platform"}) as closed:
        reply = closed.post("/api/v1/phone", json={"call_id": "c4", "event": "call_started"}).json()
    assert reply["hang_up"] and not reply["transfer"]
    assert "noll ett noll, två två fem" in reply["text"] and "åtta till sexton" in reply["text"]


def test_telephone_hours_in_stockholm():
    hours = telephone_hours("mon-fri 08:00-16:30")
    assert hours.open_at(datetime(2026, 12, 7, 7, 0, tzinfo=timezone.utc))  # Monday 08:00 in winter
    assert not hours.open_at(datetime(2026, 12, 7, 6, 59, tzinfo=timezone.utc))
    assert hours.open_at(datetime(2026, 6, 8, 6, 0, tzinfo=timezone.utc))  # Monday 08:00 in summer
    assert not hours.open_at(datetime(2026, 12, 7, 15, 30, tzinfo=timezone.utc))  # 16:30
    assert not hours.open_at(datetime(2026, 12, 6, 10, 0, tzinfo=timezone.utc))  # Sunday
    assert hours.spoken("sv") == "vardagar åtta till sexton trettio"
    assert telephone_hours("sat,sun 10:00-12:00").spoken("sv") == "lördag, söndag tio till tolv"
    late = datetime(2026, 12, 6, 22, 59, 59, tzinfo=timezone.utc)  # 23:59:59 in Stockholm
    assert telephone_hours("mon-sun 00:00-24:00").open_at(late)
    for wrong in ("weekdays 8-16", "mon-fri 16:00-08:00", "mon-xyz 08:00-16:00", "mon 25:00-26:00"):
        with pytest.raises(ValueError, match="STODKOLLEN_PHONE_TELEPHONE_HOURS ska se ut som"):
            telephone_hours(wrong)


# --- never stuck: reprompts counted by what each reply is ------------------------------------

ASK_HOURS, ASK_PLACE = "utter_ask_store_opening_hours_per_week", "utter_ask_municipality"


def test_reprompts_of_one_question_are_counted_and_a_new_question_starts_again():
    count = counted(Count(None, 0), ["utter_greet"])
    assert count == Count(None, 0)
    assert counted(count, ["utter_silence"]) == Count(None, 1)  # silence at the greeting counts too
    count = counted(Count(None, 0), [ASK_HOURS])
    for expected in (1, 2, 3):
        reprompt = "utter_invalid_answer" if expected % 2 else "utter_silence"
        count = counted(count, [reprompt, ASK_HOURS])
        assert count == Count(ASK_HOURS, expected)
    assert counted(count, ["utter_ask_value_confirmation"]) == Count("utter_ask_value_confirmation", 0)
    assert counted(Count(ASK_HOURS, 2), ["utter_invalid_answer", ASK_PLACE]) == Count(ASK_PLACE, 1)
    # The assistant's own offer of a person, or words it could not place, get no further either.
    assert counted(Count(ASK_HOURS, 2), ["utter_offer_handoff", ASK_HOURS]) == Count(ASK_HOURS, 3)
    assert counted(Count(ASK_HOURS, 1), ["utter_default"]) == Count(ASK_HOURS, 2)


def test_a_question_asked_again_is_short():
    texts = ["Jag förstod inte riktigt. Svara med timmar.", "Hur många timmar? Du kan säga öppettiderna."]
    assert shortened(texts, ["utter_invalid_answer", ASK_HOURS]) == texts[:1]
    assert shortened(["Är du kvar?", texts[1]], ["utter_silence", ASK_HOURS]) == [
        "Är du kvar?", "Hur många timmar?"]
    assert shortened(["Tack.", texts[1]], [None, ASK_HOURS]) == ["Tack.", texts[1]]
    offered = with_person_offered(["Jag hör inget. Svara med timmar. Eller knappa in timmarna.", texts[1]],
                                  ["utter_silence", ASK_HOURS], "Eller säg prata med en person.",
                                  "Eller knappa in timmarna.")
    assert offered == ["Jag hör inget. Svara med timmar.", "Eller säg prata med en person."]


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
    # The call is put through once the caller has said whether a caseworker may have the answers.
    assert nlg(client, "utter_handoff_transfer", PHONE)["custom"]["phone"] == {
        "transfer": True, "response": "utter_handoff_transfer"}
    assert nlg(client, "utter_ask_handoff_consent", PHONE)["custom"]["phone"] == {
        "expect": "yes_no", "response": "utter_ask_handoff_consent"}
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
    assert asked[0] == VALUE_CONFIRMATION
    pending = {**STORE, **PHONE, "requested_slot": VALUE_CONFIRMATION, "value_to_confirm": [slot, 25]}
    yes, _ = validate(pending, {VALUE_CONFIRMATION: "ja det stämmer"})
    assert yes[slot] == 25 and yes["value_to_confirm"] is None and yes["confirmed_values"] == {slot: 25}
    no, _ = validate(pending, {VALUE_CONFIRMATION: "nej"})
    assert no[slot] is None and no["value_to_confirm"] is None
    other, _ = validate(pending, {VALUE_CONFIRMATION: "nej tre mil"})
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
    assert command(None, turn_for("#**")["digits"]) is Command.REPEAT
    assert command(None, turn_for("#*#")["digits"]) is Command.PERSON


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
    exact = "166\N{NO-BREAK SPACE}667\N{NO-BREAK SPACE}kr per år"
    assert f"Särskilt driftstöd: Du kan troligen få {exact}" in text
    assert "**" not in text and "010-225 40 00" in text


# --- made for the ear -------------------------------------------------------------------------

def test_phone_text_has_no_digits_signs_or_quotes():
    assert for_the_ear("Svara med ett belopp i kronor, till exempel ”2,5 miljoner” eller ”850 000 kr”.",
                       "sv") == ("Svara med ett belopp i kronor, till exempel två komma fem miljoner eller "
                                 "åttahundrafemtiotusen kronor.")
    assert for_the_ear("Skriv ”vardagar 9–18 och lördagar 10–14”.", "sv") == \
        "Skriv vardagar nio till arton och lördagar tio till fjorton."
    assert for_the_ear("Du kan få **166\N{NO-BREAK SPACE}667 kr per år** (högst 300 000 kr).", "sv") == \
        "Du kan få etthundrasextiosextusen sexhundrasextiosju kronor per år, högst trehundratusen kronor."
    assert for_the_ear("Referensen är SK-2026-000019.", "sv") == "Referensen är S K, tjugotjugosex, nitton."
    assert for_the_ear("Ring 010-225 40 00.", "sv") == \
        "Ring noll ett noll, två två fem, fyra noll, noll noll."
    assert for_the_ear("upp till 90 % & mer", "en") == "upp till ninety per cent and mer"


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_catalog_message_can_be_spoken(lang):
    """Whatever the phone says comes from the catalogs; none of it reaches the ear with a
    digit, a sign or a quote (placeholders filled with a word)."""
    catalog = read_po((LOCALES / lang / "LC_MESSAGES" / "messages.po").open("rb"))
    messages = [message.string for message in catalog if message.id and isinstance(message.string, str)]
    assert len(messages) > 500
    for text in messages:
        spoken = for_the_ear(re.sub(r"\{\w+\}", "x", text), lang)
        assert not heard_badly(spoken), (text, spoken)


@pytest.mark.parametrize(("amount", "spoken"), [
    (166_667, "cirka etthundrasextiosjutusen kronor"), (300_000, "trehundratusen kronor"),
    (10_500, "cirka elvatusen kronor"), (1_049, "cirka ettusen kronor"),
    (1_050, "cirka ettusen etthundra kronor"),
    (999, "niohundranittionio kronor"), (3_200_000, "tre komma två miljoner kronor")])
def test_spoken_amounts_are_rounded_for_the_ear(amount, spoken):
    assert spoken_rounded_sek(amount, "sv") == spoken


def _slots_of(facts: dict) -> dict:
    slots = {"channel": "phone", "language": "sv"}
    for key, value in facts.items():
        slots.update({f"{key}_{name}": part for name, part in value.items()} if isinstance(value, dict)
                     else {key: value})
    return slots


def test_the_spoken_result_is_short_rounded_and_says_what_to_say_next(client):
    """Every store in the scenario library: the result under 60 words, for the ear, ending with
    what the caller can say; the reasons ("mer") shorter than the screen's."""
    library = [scenario for scenario in load_library(SCENARIOS) if scenario.facts.get("store")]
    assert len(library) > 20
    for scenario in library:
        slots = _slots_of(scenario.facts)
        result = for_the_ear(nlg(client, "utter_result", slots)["text"], "sv")
        assert len(result.split()) < 60 and not heard_badly(result), (scenario.name, result)
        assert result.endswith("Säg mer för detaljer, ansökan för ett utkast, eller sms."), result
        explained = for_the_ear(nlg(client, "utter_explain_result", slots)["text"], "sv")
        assert len(explained.split()) < 90 and not heard_badly(explained), (scenario.name, explained)


def test_ssml_is_ssml_1_1_and_escapes_what_the_caller_said():
    said = "Jag uppfattade a&b<break time='10s'/>@x.se. Stämmer det?"
    speak = ElementTree.fromstring(ssml([said], "sv"))
    assert speak.tag == "{http://www.w3.org/2001/10/synthesis}speak" and speak.get("version") == "1.1"
    assert speak.get("{http://www.w3.org/XML/1998/namespace}lang") == "sv-SE"
    assert {element.tag.split("}")[1] for element in speak.iter()} == {"speak", "p", "s"}
    assert [sentence.text for sentence in speak.iter("{http://www.w3.org/2001/10/synthesis}s")] == [
        "Jag uppfattade a&b<break time='10s'/>@x.se.", "Stämmer det?"]


# --- commands anywhere --------------------------------------------------------------------------

@pytest.mark.parametrize(("speech", "given"), [
    ("upprepa", Command.REPEAT), ("kan du upprepa frågan", Command.REPEAT), ("vad sa du", Command.REPEAT),
    ("va sa du", Command.REPEAT), ("en gång till", Command.REPEAT), ("hjälp", Command.HELP),
    ("vad kan jag säga", Command.HELP), ("tillbaka", Command.BACK), ("jag vill ändra", Command.BACK),
    ("ändra mitt svar", Command.BACK), ("ja", None), ("vardagar nio till arton", None),
    ("jag vill ändra omsättningen till tre miljoner", None), ("hjälp mig att söka", None)])
def test_spoken_commands(speech, given):
    assert command(speech, None) is given


def test_command_keys_collide_with_no_number_and_no_delivery_choice():
    assert command(None, "**") is command(None, "**#") is Command.REPEAT
    assert command(None, "*#") is Command.PERSON
    for number in ("1#", "12*5#", "*5#", "0", "#", "35"):
        assert command(None, number) is None, number
        assert keyed_number(number) is not None  # still a number (or nothing) to the form
    assert not set(KEYS) & set(KEYED_CHOICES)  # the draft-delivery dialogue's 1, 2, 3 and 0


def test_one_and_two_are_yes_and_no_only_where_yes_or_no_is_asked():
    assert yes_no_key("1#", "yes_no") == "ja" and yes_no_key("2", "yes_no") == "nej"
    assert yes_no_key("1#", "speech") is None and yes_no_key("1#", "digits") is None
    assert yes_no_key("3#", "yes_no") is None


def test_help_says_the_keys_and_asks_again():
    asked = ["Tack.", "Säljer ni drivmedel, till exempel bensin? Säg ja eller nej."]
    assert help_texts(asked, "yes_no", "sv") == [
        "Säg upprepa, tillbaka för att ändra ett svar, eller prata med en person. Knappa stjärna "
        "stjärna för att höra igen, stjärna fyrkant för en person.", "Ett är ja, två är nej.",
        "Säljer ni drivmedel, till exempel bensin?"]
