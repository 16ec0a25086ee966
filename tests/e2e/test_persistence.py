"""A conversation survives a restart of every process (Rasa's SQL tracker store on SQLite)."""

import httpx
from conftest import Conversation
from test_conversations import GROCERY_STORE
from test_drafts_e2e import LINK, WidgetConversation, text_of


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


def test_a_web_conversations_secret_and_its_drafts_link_survive_a_restart(stack):
    """Through the service, as the widget: after every process restarts, the secret still lets
    the conversation go on (and the id alone still does not), and asking for the draft again
    gives the link it gave before (the link key is kept in the data folder)."""
    chat = WidgetConversation(stack)
    chat.say("/check_supports")
    chat.answer_questions(GROCERY_STORE)
    chat.say("ja")
    [link] = LINK.findall(text_of(chat.say("/prepare_draft")))

    stack.restart()

    assert LINK.findall(text_of(chat.say("/prepare_draft"))) == [link]
    alone = httpx.post(f"{stack.settings.service_url}/api/v1/chat", timeout=60,
                       json={"sender": chat.sender, "message": "/prepare_draft"})
    assert alone.status_code == 403
