"""A conversation survives a restart of every process (Rasa's SQL tracker store on SQLite)."""

from conftest import Conversation


def test_a_conversation_continues_after_every_process_restarts(stack):
    before = Conversation(stack)
    before.say("Hej")
    before.say("/check_supports")
    before.say("Butik")
    before.say("Vindeln")
    asked = before.slot("requested_slot")

    stack.restart()

    after = Conversation(stack)
    after.sender = before.sender  # the widget keeps the sender id in the browser
    assert after.slot("municipality") == "Vindeln"
    assert after.slot("requested_slot") == asked
    after.say("Granån")
    assert after.slot("locality") == "Granån"
