"""Listening in context, in whole conversations on the running stack, web and phone channel:
the answer to the question asked wins, a question gets its own answer, facts given early are
kept, and nothing is passed on to a caseworker without a yes."""

import pytest
from conftest import Conversation, texts

WALK = {"asker": "butik", "municipality": "Sorsele", "locality": "ammarnäs", "store_sells_fuel": "nej",
        "store_open_year_round": "ja", "store_opening_hours_per_week": "50", "store_article_count": "1500",
        "store_has_all_product_groups": "ja", "store_distance_to_nearest_grocery_store_km": "25 km",
        "municipality_has_service_plan": "ja", "value_confirmation": "ja"}


def at_question(conversation: Conversation, slot: str) -> None:
    """Answer from WALK until the form asks `slot`."""
    conversation.say("/check_supports")
    for _ in range(20):
        requested = conversation.slot("requested_slot")
        if requested == slot:
            return
        conversation.say(WALK[requested])
    raise AssertionError(f"{slot} was never asked")


def uttered(conversation: Conversation) -> list[str]:
    return [event["metadata"].get("utter_action") for event in conversation.tracker()["events"]
            if event["event"] == "bot"]


@pytest.mark.parametrize("channel", ["web", "phone"])
def test_an_amount_is_the_answer_to_the_turnover_question_whatever_the_intent(stack, channel):
    conversation = Conversation(stack, channel=channel)
    at_question(conversation, "store_grocery_net_turnover_sek")
    conversation.say("nio miljoner kronor")
    if channel == "phone":
        assert conversation.slot("value_to_confirm") == ["store_grocery_net_turnover_sek", 9_000_000]
        conversation.say("ja")
    assert conversation.slot("store_grocery_net_turnover_sek") == 9_000_000
    assert not {"utter_handoff", "utter_saved_for_caseworker"} & set(uttered(conversation))
    assert conversation.slot("locality") == "Ammarnäs"


@pytest.mark.parametrize("channel", ["web", "phone"])
def test_a_question_gets_the_entry_of_the_question_asked_then_the_question(stack, channel):
    conversation = Conversation(stack, channel=channel)
    at_question(conversation, "store_article_count")
    replies = conversation.say("varför frågar du det?")
    assert "1 000 artiklar" in texts(replies) or "tusen artiklar" in texts(replies)
    events = [event for event in conversation.tracker()["events"] if event["event"] == "bot"]
    assert events[-2]["metadata"]["entry"] == "help.why.store_article_count"
    assert events[-1]["metadata"]["utter_action"] == "utter_ask_store_article_count"


def test_facts_given_early_are_kept_and_never_asked(stack):
    conversation = Conversation(stack, channel="web")
    at_question(conversation, "store_open_year_round")
    replies = conversation.say("vi omsatte runt tre miljoner i dagligvaror")
    assert "ca 3 000 000 kr" in texts(replies)
    conversation.say("ja")  # open all year
    conversation.say("det är två och en halv mil till närmaste affär")
    asked = []
    for _ in range(20):
        requested = conversation.slot("requested_slot")
        if requested in (None, "store_services"):
            break
        asked.append(requested)
        conversation.say(WALK[requested])
    assert "store_grocery_net_turnover_sek" not in asked
    assert "store_distance_to_nearest_grocery_store_km" not in asked
    assert conversation.slot("store_distance_to_nearest_grocery_store_km") == 25


def test_on_the_phone_a_person_asked_for_is_put_through_at_once_and_nothing_is_saved(stack):
    conversation = Conversation(stack, channel="phone")
    at_question(conversation, "store_article_count")
    replies = conversation.say("jag vill prata med en person")
    assert "jag kopplar dig nu" in texts(replies).lower()
    assert any((reply.get("custom") or {}).get("phone", {}).get("transfer") for reply in replies)
    assert "utter_saved_for_caseworker" not in uttered(conversation)
    assert conversation.slot("requested_slot") != "handoff_consent"


def test_a_person_is_offered_and_nothing_saved_without_a_yes(stack):
    conversation = Conversation(stack, channel="web")
    at_question(conversation, "store_article_count")
    replies = conversation.say("jag vill prata med en person")
    assert conversation.slot("requested_slot") == "handoff_consent"
    assert "handläggare" in texts(replies)
    conversation.say("nej")
    assert "utter_saved_for_caseworker" not in uttered(conversation)
    assert conversation.slot("requested_slot") == "store_article_count"
    conversation.say("jag vill prata med en person")
    conversation.say("ja")
    assert "utter_saved_for_caseworker" in uttered(conversation)
