"""The phone assistant end to end: scripted calls (tests/phone_calls/*.yaml) through the
service's public phone route, the Rasa phone channel, the action server and the NLG; and a
whole call that must reach the web conversation's estimate for the same store."""

import os
import uuid

import pytest
from conftest import Conversation
from phone_calls import SCRIPTS_DIR, load, play, scripts
from test_conversations import GROCERY_STORE, start

from rules_engine import evaluate
from service.drafts.sqlite import SqliteDraftStore
from service.nlg.values import spoken_rounded_sek
from service.phone.calls import CallStore
from service.phone.delivery import spoken_number_end
from stodkollen.conversation_facts import facts_from_slots

# The scripted calls are put through to a person: the stack's service (started after this
# module is collected, inheriting the environment) answers as within telephone hours whatever
# the clock says. Outside them the call ends with the number: tests/test_phone.py.
os.environ.setdefault("STODKOLLEN_PHONE_TELEPHONE_HOURS", "mon-sun 00:00-24:00")


def phone(stack, script: dict, call_prefix: str, caller: str | None = None) -> list[dict]:
    """The script played as the telephony platform, with its secret."""
    return play(stack.settings.service_url, stack.settings.phone_platform_token, script, call_prefix, caller)


@pytest.mark.parametrize("script", scripts(), ids=lambda path: path.stem)
def test_scripted_call(stack, script):
    phone(stack, load(script), call_prefix=f"{script.stem}-{uuid.uuid4().hex[:8]}")


def _web_estimate(stack) -> tuple[dict, list[dict]]:
    web = Conversation(stack)
    start(web)
    web.answer_questions(GROCERY_STORE)
    replies = web.say("ja")
    cards = next(reply["custom"]["result"] for reply in replies if (reply.get("custom") or {}).get("result"))
    return facts_from_slots(web.tracker()["slots"]), cards


def test_a_whole_call_reaches_the_web_estimate_for_the_same_store(stack):
    call_prefix = f"same-store-{uuid.uuid4().hex[:8]}"
    replies = phone(stack, load(SCRIPTS_DIR / "grocery_store.yaml"), call_prefix,
                    caller=f"+4670{uuid.uuid4().int % 10**7:07d}")
    web_facts, cards = _web_estimate(stack)

    calls = CallStore(stack.settings.phone_calls_db, stack.settings.draft_retention_days)
    called = Conversation(stack)
    called.sender = calls.call(f"{call_prefix}-1").conversation_id
    phone_facts = facts_from_slots(called.tracker()["slots"])
    assert phone_facts == web_facts
    assert evaluate(phone_facts, explain=False) == evaluate(web_facts, explain=False)

    spoken_result = next(reply["text"] for reply in reversed(replies) if "inte ett beslut" in reply["text"])
    amounts = [card["amount_sek"] for card in cards if card["status"] == "eligible" and card["amount_sek"]]
    assert amounts, cards  # the store gets särskilt driftstöd: 166 667 kr
    for amount in amounts:
        assert spoken_rounded_sek(amount, "sv") in spoken_result  # rounded for the ear


def test_no_database_or_log_keeps_a_callers_number(stack):
    number = "070-199 88 77"
    short_call = {"name": "a short call",
                  "turns": [{"event": "call_started"}, {"speech": "kolla mina stöd"}, {"event": "hang_up"}]}
    phone(stack, short_call, call_prefix=f"privacy-{uuid.uuid4().hex[:8]}", caller=number)
    written = [path for path in stack.settings.data_dir.rglob("*") if path.is_file()]
    assert stack.settings.phone_calls_db in written
    for path in written:
        content = path.read_bytes()
        for form in (b"1998877", b"199 88 77"):
            assert form not in content, f"{path} holds the caller's number"


def test_a_drafts_link_asked_for_on_the_phone_is_kept_with_the_draft_only(stack):
    """The caller's choice and number go to the draft store, for Länsstyrelsen to send the link;
    the conversation in Rasa holds neither, and the call store does not keep the number."""
    number, call_prefix = f"070-3{uuid.uuid4().int % 10**6:06d}", f"link-{uuid.uuid4().hex[:8]}"
    replies = phone(stack, load(SCRIPTS_DIR / "draft_link_by_sms.yaml"), call_prefix, caller=number)
    assert any(spoken_number_end(number, "sv") + "?" in reply["text"] for reply in replies)
    conversation_id = CallStore(stack.settings.phone_calls_db,
                                stack.settings.draft_retention_days).call(f"{call_prefix}-1").conversation_id
    drafts = SqliteDraftStore(stack.settings.drafts_db)
    (draft,) = [draft for draft in drafts.listing(100) if draft.sender == conversation_id]
    assert draft.delivery["channel"] == "sms" and draft.delivery["address"] == number

    called = Conversation(stack)
    called.sender = conversation_id
    tracker = str(called.tracker())
    assert number[-6:] not in tracker and "sms tack" not in tracker
    assert number[-6:].encode() not in stack.settings.phone_calls_db.read_bytes()


def test_ten_silences_never_say_the_same_sentence_ten_times(stack):
    """Silence at the greeting, again and again: asked about, explained with a person offered,
    then put through; no sentence is said over and over."""
    silent = {"name": "a silent caller", "turns": [{"event": "call_started"}] + [{"event": "no_input"}] * 10}
    call_prefix = f"silent-{uuid.uuid4().hex[:8]}"
    replies = []
    for turn in silent["turns"]:
        (reply,) = play(stack.settings.service_url, stack.settings.phone_platform_token,
                        {"name": silent["name"], "turns": [turn]}, call_prefix)
        replies.append(reply)
        if reply["transfer"] or reply["hang_up"]:
            break
    assert replies[-1]["transfer"] and len(replies) == 4, [reply["text"] for reply in replies]
    texts = [reply["text"] for reply in replies[1:]]
    assert len(set(texts)) == len(texts), texts
