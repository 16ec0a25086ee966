"""The phone's offer of ways to get a draft's link (service/phone/delivery.py): the caller's
choice, the number or address read back, and the request kept with the draft, never in the
conversation."""

from datetime import timedelta

import pytest

from phone_channel.protocol import phone_reply
from service.drafts.lifecycle import create_draft, delete_draft, now, request_delivery
from service.drafts.sqlite import SqliteDraftStore
from service.drafts.tracker import TrackerEvents
from service.phone.calls import CallStore
from service.phone.delivery import (
    CALLBACK,
    CONFIRM,
    DECLINED,
    EMAIL,
    SMS,
    DeliveryDialogue,
    Heard,
    Offer,
    chosen,
    email_heard,
    number_heard,
    spoken_email,
    spoken_reference,
)

REFERENCE = "SK-2026-000012"
VILLAGE_STORE = {"applicant_kind": "business", "municipality": "Sorsele",
                 "store": {"kind": "grocery_store", "distance_to_nearest_grocery_store_km": 25}}


def talk(dialogue: DeliveryDialogue, *turns: Heard, offer: Offer | None = None):
    """Every outcome of the turns, each turn answering the offer the one before left."""
    offer = offer or Offer("call-1", REFERENCE)
    outcomes = []
    for heard in turns:
        outcome = dialogue.answer(offer, heard)
        outcomes.append(outcome)
        offer = outcome.offer or offer
    return outcomes


@pytest.mark.parametrize(("heard", "channel"), [
    (Heard("sms"), SMS), (Heard("ett sms tack"), SMS), (Heard("S M S"), SMS),
    (Heard("skicka ett textmeddelande"), SMS),
    (Heard("e-post"), EMAIL), (Heard("mejla mig"), EMAIL), (Heard("E post"), EMAIL), (Heard("mail"), EMAIL),
    (Heard("ring upp mig"), CALLBACK), (Heard("jag vill prata med en handläggare"), CALLBACK),
    (Heard("nej tack"), DECLINED), (Heard("nä det behövs inte"), DECLINED),
    (Heard(digits="1#"), SMS), (Heard(digits="2"), EMAIL), (Heard(digits="3#"), CALLBACK),
    (Heard("tre"), CALLBACK),
    (Heard("va sa du"), None), (Heard("inte sms utan mejl"), None), (Heard(digits="7#"), None),
])
def test_the_choice_is_heard_in_the_callers_words_or_keyed(heard, channel):
    assert chosen(heard) == channel


@pytest.mark.parametrize(("speech", "address"), [
    ("anna punkt berg snabel-a exempel punkt se", "anna.berg@exempel.se"),
    ("Anna Punkt Berg snabel a exempel punkt se", "anna.berg@exempel.se"),
    ("lanthandeln bindestreck granan snabela telia punkt com", "lanthandeln-granan@telia.com"),
    ("karin@granan.example", "karin@granan.example"),
    ("anna berg exempel se", None), ("snabel-a punkt se", None),
])
def test_a_spoken_email_address(speech, address):
    assert email_heard(speech) == address


def test_an_address_is_read_back_as_it_is_spelled():
    assert spoken_email("anna.berg@exempel.se", "sv") == "anna punkt berg snabel-a exempel punkt se"
    assert spoken_email("anna.berg@exempel.se", "en") == "anna dot berg at exempel dot se"


@pytest.mark.parametrize(("heard", "number"), [
    (Heard(digits="0701234567#"), "0701234567"), (Heard("070 123 45 67"), "0701234567"),
    (Heard("noll sju noll ett två tre fyra fem sex sju"), "0701234567"),
    (Heard(digits="12#"), None), (Heard("ring mig på jobbet"), None), (Heard(digits="#"), None),
])
def test_a_number_keyed_or_said(heard, number):
    assert number_heard(heard) == number


def test_the_reference_is_read_out_letter_by_letter_and_digit_by_digit():
    assert spoken_reference(REFERENCE, "sv") == "S K, tjugotjugosex, tolv"  # read in groups


def test_sms_to_the_calling_number_needs_a_yes_to_its_last_four_digits():
    asked, done = talk(DeliveryDialogue("sv", "070-123 45 67"), Heard("sms"), Heard("ja"))
    assert asked.texts == ["Ska länken skickas med sms till numret du ringer från, som slutar på "
                           "fyra fem, sex sju?"]
    assert asked.expected_input == "yes_no" and asked.request is None and asked.offer.step == CONFIRM
    assert asked.offer.address is None  # the calling number is not written down before the yes
    assert done.request == (SMS, "070-123 45 67") and done.offer is None
    assert "skickar länken med sms" in done.texts[0]


def test_a_withheld_number_is_keyed_in_and_read_back_whole():
    ask, read_back, done = talk(DeliveryDialogue("sv", None), Heard("ring upp mig"),
                                Heard(digits="0701234567#"), Heard("ja det stämmer"))
    assert ask.expected_input == "digits" and "knappa in telefonnumret" in ask.texts[0].lower()
    assert read_back.texts == ["Jag uppfattade noll sju noll, ett två tre, fyra fem, sex sju. Stämmer det?"]
    assert done.request == (CALLBACK, "0701234567")


def test_no_to_the_calling_number_asks_for_another():
    _, again, read_back, done = talk(DeliveryDialogue("sv", "070-123 45 67"), Heard("ring upp"), Heard("nej"),
                                     Heard(digits="0912345678#"), Heard("ja"))
    assert again.expected_input == "digits" and again.request is None
    assert "noll nio ett" in read_back.texts[0]
    assert done.request == (CALLBACK, "0912345678")


def test_an_email_address_is_read_back_and_said_again_after_a_no():
    asked, misheard, again, read_back, done = talk(
        DeliveryDialogue("sv", "070-123 45 67"), Heard("e-post"),
        Heard("anna punkt berg snabel-a exempel punkt se"), Heard("nej"),
        Heard("anna punkt bergh snabel-a exempel punkt se"), Heard("ja"))
    assert "snabel-a" in asked.texts[0]
    assert misheard.texts == ["Jag uppfattade anna punkt berg snabel-a exempel punkt se. Stämmer det?"]
    assert again.request is None and again.offer.address is None
    assert "bergh" in read_back.texts[0]
    assert done.request == (EMAIL, "anna.bergh@exempel.se")


def test_no_thanks_leaves_the_draft_and_reads_out_its_reference():
    (declined,) = talk(DeliveryDialogue("sv", "070-123 45 67"), Heard("nej tack"))
    assert declined.offer is None and declined.request is None
    assert "S K, tjugotjugosex, tolv" in declined.texts[0]


def test_three_turns_that_cannot_be_read_end_the_offer_without_a_request():
    first, second, third = talk(DeliveryDialogue("sv", "070-123 45 67"), Heard(), Heard("öh"), Heard("hmm"))
    assert first.texts[0] == "Jag hörde inget." and "knappa ett för sms" in first.texts[1]
    assert second.texts[0] == "Det uppfattade jag inte." and second.offer.failures == 2
    assert third.offer is None and third.request is None and "referensen" in third.texts[0]


def test_an_unclear_answer_to_the_read_back_asks_for_yes_or_no():
    _, unclear = talk(DeliveryDialogue("sv", "070-123 45 67"), Heard("sms"), Heard("kanske"))
    assert unclear.texts[1] == "Svara ja eller nej." and unclear.expected_input == "yes_no"
    assert unclear.request is None


def test_the_offer_in_english():
    (asked,) = talk(DeliveryDialogue("en", "070-123 45 67"), Heard("text message"))
    assert asked.texts == ["Shall the link be sent by text message to the number you are calling from, "
                           "ending in four five, six seven?"]


def test_the_phone_channel_holds_back_what_follows_the_offer():
    """A draft asked for in the middle of the questions: the next question waits until the
    caller has chosen, and the offer is the turn's only question."""
    messages = [{"text": "Jag har sparat ett utkast till din ansökan. Vill du få länken med sms?"},
                {"custom": {"phone": {"delivery_offer": REFERENCE}}},
                {"text": "Hur många timmar i veckan har butiken öppet?"},
                {"custom": {"phone": {"expect": "speech"}}}]
    reply = phone_reply(messages, "sv")
    assert reply["texts"] == ["Jag har sparat ett utkast till din ansökan. Vill du få länken med sms?"]
    assert reply["delivery_offer"] == {"reference": REFERENCE, "held_back": {
        "texts": ["Hur många timmar i veckan har butiken öppet?"], "expected_input": "speech"}}
    assert "delivery_offer" not in phone_reply(messages[2:], "sv")


def test_an_offer_is_kept_per_call_and_goes_when_the_call_ends(tmp_path):
    calls = CallStore(tmp_path / "calls.sqlite", retention_days=30)
    calls.start("call-1", "phone-abc", None, now())
    offer = Offer("call-1", REFERENCE, step=CONFIRM, channel=EMAIL, address="anna.berg@exempel.se",
                  held_back={"texts": ["Hur många timmar?"], "expected_input": "speech"})
    calls.save_offer(offer)
    assert calls.offer("call-1") == offer
    calls.end("call-1", now())
    assert calls.offer("call-1") is None
    assert b"anna.berg" not in (tmp_path / "calls.sqlite").read_bytes()  # secure_delete


def test_the_request_is_kept_with_the_draft_and_wiped_with_it(tmp_path):
    store = SqliteDraftStore(tmp_path / "drafts.sqlite")
    at = now()
    draft, _ = create_draft(store, VILLAGE_STORE, sender="phone-abc", for_caseworker=False,
                            retention_days=30, at=at, link_key="a-link-key")
    asked = request_delivery(store, draft, SMS, "070-123 45 67", at + timedelta(minutes=1))
    assert asked.delivery == {"channel": "sms", "address": "070-123 45 67",
                              "requested_at": (at + timedelta(minutes=1)).isoformat()}
    assert store.by_reference(draft.reference).delivery == asked.delivery
    delete_draft(store, TrackerEvents(f"sqlite:///{tmp_path / 'tracker.sqlite'}"), asked, at)
    assert store.by_reference(draft.reference).delivery is None
    assert b"123 45 67" not in (tmp_path / "drafts.sqlite").read_bytes()
