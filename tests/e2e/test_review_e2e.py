"""The review reads what the running Rasa really stores: a misunderstood answer typed into the
stack shows up as a failed turn, with its question, reading and reply (service/review/)."""

import time

from conftest import Conversation

from service.review.events import reviewable
from service.review.shown import shown
from service.review.turns import NOT_UNDERSTOOD, NOT_UNDERSTOOD_REPLIES

UNREADABLE = "det vet väl alla som bor här, mitt nummer är 070-123 45 67"


def test_a_misunderstood_answer_in_a_real_conversation_is_a_failed_turn(stack):
    conversation = Conversation(stack, channel="web")
    conversation.say("Jag vill veta vilka stöd min butik kan få")  # who is asking: a store
    asked = conversation.slot("requested_slot")
    assert asked  # the form waits for its next question
    conversation.say(UNREADABLE)
    settings = stack.settings
    found = reviewable(settings.tracker_sqlalchemy_url, time.time(), settings.draft_retention_days)
    turns = [turn for turn in found.turns if turn.sender == conversation.sender]
    [failed] = [turn for turn in turns if turn.text == UNREADABLE]
    assert NOT_UNDERSTOOD in failed.reasons, failed
    assert failed.question == asked and failed.channel == "web" and failed.language == "sv"
    assert NOT_UNDERSTOOD_REPLIES & set(failed.replies)
    assert failed.reply_texts  # the rendered reply, as the user saw it
    assert "[telefon]" in shown(failed).text and "070-123" not in shown(failed).text
    [progress] = [entry for entry in found.progress if entry.sender == conversation.sender]
    assert asked in progress.questions and not progress.result
