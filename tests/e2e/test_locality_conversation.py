"""A village named where the municipality is asked, through the running stack: Rasa's REST
channel with the trained model, the action server and the NLG."""

from conftest import texts
from test_conversations import start

ASKS_MUNICIPALITY = "Vilken kommun ligger försäljningsstället i?"
ASKS_LOCALITY = "Vilken ort ligger butiken eller macken på?"
UNDERSTOOD = "Åmsele ligger i Vindelns kommun, så jag räknar med Vindeln. Säg till om det inte stämmer."


def test_a_village_answers_the_municipality_and_the_locality_is_not_asked(conversation):
    start(conversation)
    assert ASKS_MUNICIPALITY in texts(conversation.say("Butik"))
    replies = texts(conversation.say("Åmsele"))
    assert UNDERSTOOD in replies
    assert ASKS_LOCALITY not in replies and ASKS_MUNICIPALITY not in replies
    slots = conversation.tracker()["slots"]
    assert (slots["municipality"], slots["locality"]) == ("Vindeln", "Åmsele")
    # The next question is the store's own, said after the sentence about the village.
    assert slots["requested_slot"] not in (None, "locality", "municipality")
    assert replies.index(UNDERSTOOD) == 0

    # Put right the usual way: the municipality changes and the village's locality is asked anew.
    replies = texts(conversation.say("nej, butiken ligger i Vännäs"))
    assert conversation.slot("municipality") == "Vännäs"
    assert conversation.slot("locality") is None
    assert ASKS_LOCALITY in replies


def test_an_opening_with_a_village_takes_the_municipality_and_goes_on_past_the_locality(conversation):
    replies = texts(conversation.say("Hej, jag har en liten affär i Åmsele, vad kan jag få för stöd?"))
    assert ("Då vet jag att det gäller en butik i Åmsele i Vindelns kommun. Säg till om det inte stämmer."
            in replies)
    assert ASKS_LOCALITY not in replies and ASKS_MUNICIPALITY not in replies
    slots = conversation.tracker()["slots"]
    assert (slots["asker"], slots["municipality"], slots["locality"]) == ("store", "Vindeln", "Åmsele")
