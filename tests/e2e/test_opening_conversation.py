"""A shop owner's own opening and questions after the result (a QA walk-through, issue 4),
through Rasa's REST channel with the trained model and the running action server."""

import pytest
from conftest import Conversation, texts
from test_conversations import GROCERY_STORE

ASKS_WHO = "Vem frågar du för?"
ASKS_MUNICIPALITY = "Vilken kommun ligger försäljningsstället i?"
ASKS_LOCALITY = "Vilken ort ligger butiken eller macken på?"


@pytest.mark.parametrize(("opening", "asker", "municipality", "understood"), [
    ("Hej, jag har en liten lanthandel i Sorsele och undrar vad jag kan få för stöd", "store", "Sorsele",
     "en butik i Sorsele kommun"),
    ("Hej! Jag har en mack i Storuman", "fuel_station", "Storuman", "en mack i Storumans kommun"),
    ("Jag driver en lanthandel i Sorsele, vilka stöd kan jag få?", "store", "Sorsele",
     "en butik i Sorsele kommun"),
])
def test_an_opening_that_tells_who_and_where_goes_on_with_the_locality(conversation, opening, asker,
                                                                       municipality, understood):
    replies = texts(conversation.say(opening))
    assert f"Då vet jag att det gäller {understood}." in replies
    assert replies.index(understood) < replies.index(ASKS_LOCALITY)
    assert ASKS_WHO not in replies and ASKS_MUNICIPALITY not in replies
    slots = conversation.tracker()["slots"]
    assert (slots["asker"], slots["municipality"]) == (asker, municipality)
    assert slots["requested_slot"] == "locality"


def test_a_store_typed_on_a_phone_without_a_place_is_asked_for_the_municipality(stack):
    conversation = Conversation(stack, channel="phone")
    replies = texts(conversation.say("hej jag har en butik och vill veta vilka stöd jag kan få"))
    assert ASKS_MUNICIPALITY.lower() in replies.lower()
    assert conversation.slot("asker") == "store"


def test_questions_about_the_result_show_it_and_change_nothing(conversation):
    opening = texts(conversation.say("hej jag har en liten lanthandel i Vindeln, vad kan jag få för stöd"))
    assert ASKS_LOCALITY in opening
    conversation.answer_questions(GROCERY_STORE)
    assert "166 667 kr" in texts(conversation.say("ja"))
    for question in ("varför fick jag bara 250 000 i servicebidrag?",
                     "hur mycket var det jag kunde få i driftstöd nu igen?",
                     "visa uppskattningen igen"):
        reply = texts(conversation.say(question))
        assert "Så här har jag kommit fram till uppskattningen" in reply, question
        assert "166 667 kr" in reply, question
        assert "jag har ändrat" not in reply, question
    assert conversation.slot("store_grocery_net_turnover_sek") == 3_000_000
