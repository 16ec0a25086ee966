"""The review reads what the running Rasa really stores: a misunderstood answer typed into the
stack shows up as a failed turn, with its question, reading and reply (service/review/)."""

import time

import pytest
import yaml
from conftest import Conversation

from service.review.events import reviewable
from service.review.export import corpus_files, write
from service.review.shown import shown
from service.review.store import ReviewStore, review_db
from service.review.turns import NOT_UNDERSTOOD, NOT_UNDERSTOOD_REPLIES
from service.review.verdicts import verdict_from_form

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


def test_a_reviewed_turn_exported_runs_in_the_corpus_harness(stack, tmp_path):
    """The export's record is one the corpus harness takes: said at its question in a fresh
    conversation and checked against the reviewed value."""
    harness = pytest.importorskip("tests.corpus.harness")
    conversation = Conversation(stack, channel="test")
    conversation.say("Jag vill veta vilka stöd min butik kan få")
    conversation.say(UNREADABLE)
    settings = stack.settings
    found = reviewable(settings.tracker_sqlalchemy_url, time.time(), settings.draft_retention_days)
    [failed] = [turn for turn in found.turns
                if turn.sender == conversation.sender and turn.text == UNREADABLE]
    store = ReviewStore(review_db(tmp_path))
    store.record(shown(failed), verdict_from_form("fact", "municipality", "Vindeln", False, "", ""))
    write(corpus_files(store.reviewed()), tmp_path / "reviewed")
    [record] = yaml.safe_load((tmp_path / "reviewed" / "answers.yml").read_text(encoding="utf-8"))["answers"]
    assert record["text"] == shown(failed).text and record["value"] == "Vindeln"
    run = harness.CorpusRun(harness.Assistant(settings.rasa_url, settings.internal_token))
    run.answer("answers.yml", record)
    [item] = run.figures.items
    assert item.group == "municipality" and item.text == record["text"]
    assert "got" in item.detail  # said at the municipality question and checked, not left unreached
