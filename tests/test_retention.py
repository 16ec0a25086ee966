"""Retention that is true, on a faked clock: every conversation goes 30 days after its last
event (or with its draft, if the draft lives longer), with or without a draft, and with it
its web secret and its phone records; expired drafts go; a dry run only counts; one person is
forgotten on request by a draft's reference or a conversation's id."""

import sqlite3
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

from service.drafts.lifecycle import create_draft, find_draft
from service.drafts.retention import PersonalData, forget, forget_command, purge, purge_command
from service.drafts.sqlite import SqliteDraftStore
from service.drafts.tracker import TrackerEvents
from service.phone.calls import CallStore
from service.web_conversations import WebConversations
from tests.test_drafts import FACTS, LINK_KEY

DAY = timedelta(days=1)
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)  # the faked clock's start


class Clock:
    def __init__(self):
        self.now = T0

    def __call__(self) -> float:
        return self.now.timestamp()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def data(tmp_path, clock) -> PersonalData:
    """The four stores in a data folder, Rasa's events table as Rasa 3.6 makes it."""
    with sqlite3.connect(tmp_path / "rasa_tracker.sqlite") as db:
        db.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, "
                   "type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255), "
                   "action_name VARCHAR(255), data TEXT)")
    return PersonalData(SqliteDraftStore(tmp_path / "drafts.sqlite"),
                        TrackerEvents(f"sqlite:///{tmp_path / 'rasa_tracker.sqlite'}"),
                        WebConversations(tmp_path / "web_conversations.sqlite", clock=clock),
                        CallStore(tmp_path / "phone_calls.sqlite", retention_days=30), retention_days=30)


def said(data: PersonalData, sender: str, at: datetime, turns: int = 2) -> None:
    """`turns` events of a conversation at `at`, as Rasa stores them."""
    with sqlite3.connect(data.tracker.url.removeprefix("sqlite:///")) as db:
        db.executemany("INSERT INTO events (sender_id, type_name, timestamp, data) "
                       "VALUES (?, 'user', ?, '{}')",
                       [(sender, at.timestamp())] * turns)


def senders(data: PersonalData) -> set[str]:
    with sqlite3.connect(data.tracker.url.removeprefix("sqlite:///")) as db:
        return {row[0] for row in db.execute("SELECT sender_id FROM events")}


def draft_of(data: PersonalData, sender: str, at: datetime, days: int = 30):
    return create_draft(data.drafts, FACTS, sender=sender, for_caseworker=False, retention_days=days,
                        link_key=LINK_KEY, at=at)


def test_a_conversation_without_a_draft_goes_30_days_after_its_last_event(data):
    said(data, "w-no-draft-0001", T0)
    said(data, "w-no-draft-0001", T0 + 5 * DAY)  # its last event
    said(data, "w-other-chat-01", T0 + 20 * DAY)
    assert purge(data, T0 + 35 * DAY - timedelta(seconds=1)).conversations == 0
    assert purge(data, T0 + 35 * DAY + timedelta(seconds=1)).conversations == 1
    assert senders(data) == {"w-other-chat-01"}
    assert purge(data, T0 + 400 * DAY).events == 2 and senders(data) == set()


def test_a_conversation_goes_with_its_draft_and_not_before_its_own_30_days(data):
    said(data, "w-drafted-0001", T0)
    expired, token = draft_of(data, "w-drafted-0001", T0)
    said(data, "w-drafted-0002", T0)
    draft_of(data, "w-drafted-0002", T0)
    said(data, "w-drafted-0002", T0 + 20 * DAY)  # went on talking after the draft
    purged = purge(data, T0 + 30 * DAY)
    assert purged.drafts == 2 and purged.conversations == 1
    assert find_draft(data.drafts, token, T0) is None and data.drafts.by_reference(expired.reference) is None
    assert senders(data) == {"w-drafted-0002"}  # its own 30 days are not over
    assert purge(data, T0 + 50 * DAY).conversations == 1 and senders(data) == set()


def test_a_draft_that_lives_longer_keeps_its_conversation(data):
    said(data, "w-long-draft-01", T0)
    draft, token = draft_of(data, "w-long-draft-01", T0, days=45)
    assert purge(data, T0 + 40 * DAY) == purge(data, T0 + 40 * DAY).__class__(0, 0, 0)
    assert senders(data) == {"w-long-draft-01"} and find_draft(data.drafts, token, T0 + 40 * DAY) == draft
    assert purge(data, T0 + 45 * DAY).conversations == 1 and senders(data) == set()


def test_the_web_secret_goes_with_its_conversation_and_alone_when_rasa_never_stored_one(data, clock):
    first = data.web.admit("w-with-secret-1", None, lambda _sender: False)
    said(data, "w-with-secret-1", T0)
    data.web.admit("w-never-answered", None, lambda _sender: False)  # Rasa was down: no events
    clock.now = T0 + 10 * DAY
    assert data.web.admit("w-with-secret-1", first.new_secret, lambda _sender: True).allowed  # a later turn
    said(data, "w-with-secret-1", clock.now)
    assert purge(data, T0 + 31 * DAY).conversations == 1
    assert set(data.web.last_turns()) == {"w-with-secret-1"}  # its turn on day 10 keeps it
    assert purge(data, T0 + 41 * DAY).conversations == 1 and data.web.last_turns() == {}


def test_phone_records_follow_the_same_rule(data):
    calls = data.calls
    calls.start("call-1", "phone-0123456789abcdef01234567", "hash-of-the-number", T0)
    calls.keep_code("phone-0123456789abcdef01234567", "hash-of-the-number", "4719", T0)
    calls.end("call-1", T0 + timedelta(minutes=9))
    said(data, "phone-0123456789abcdef01234567", T0)
    calls.start("call-2", "phone-fedcba9876543210fedcba98", None, T0 + 25 * DAY)  # no word said yet
    assert purge(data, T0 + 31 * DAY).conversations == 1
    assert set(calls.activity()) == {"phone-fedcba9876543210fedcba98"} and calls.call("call-1") is None
    assert calls.code_of("phone-0123456789abcdef01234567") is None
    assert purge(data, T0 + 56 * DAY).conversations == 1 and calls.activity() == {}


def test_a_dry_run_counts_and_deletes_nothing(data):
    said(data, "w-quiet-chat-01", T0, turns=3)
    draft_of(data, "w-quiet-chat-02", T0)
    counted = purge(data, T0 + 31 * DAY, dry_run=True)
    assert (counted.drafts, counted.conversations, counted.events) == (1, 1, 3)
    assert senders(data) == {"w-quiet-chat-01"} and len(data.drafts.listing(10)) == 1
    assert purge(data, T0 + 31 * DAY) == counted


def test_forgetting_by_reference_or_by_conversation(data):
    said(data, "w-forget-me-001", T0)
    data.web.admit("w-forget-me-001", None, lambda _sender: False)
    draft, token = draft_of(data, "w-forget-me-001", T0)
    said(data, "w-keep-me-0001", T0)
    forgotten = forget(data, draft.reference)
    assert forgotten.drafts == [draft.reference] and forgotten.events == 2
    assert data.drafts.by_reference(draft.reference) is None and find_draft(data.drafts, token, T0) is None
    assert senders(data) == {"w-keep-me-0001"} and data.web.last_turns() == {}
    assert forget(data, "w-keep-me-0001").drafts == [] and senders(data) == set()
    assert forget(data, "w-keep-me-0001") is None  # nothing left by that name
    assert forget(data, "SK-2026-999999") is None


def test_the_commands_say_what_they_did_in_swedish(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("STODKOLLEN_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("STODKOLLEN_DRAFTS_DB_URL", raising=False)
    monkeypatch.delenv("STODKOLLEN_TRACKER_STORE_URL", raising=False)
    from stodkollen.core.settings import settings

    config = settings()
    store = SqliteDraftStore(config.drafts_db)
    draft, _ = create_draft(store, FACTS, sender="w-command-0001", for_caseworker=False, retention_days=0,
                            link_key=LINK_KEY)
    assert purge_command(SimpleNamespace(dry_run=True)) == 0
    assert capsys.readouterr().out.startswith("Skulle radera 1 utgångna utkast")
    assert store.by_reference(draft.reference) is not None
    assert purge_command(SimpleNamespace(dry_run=False)) == 0
    assert capsys.readouterr().out.startswith("Raderade 1 utgångna utkast")
    assert forget_command(SimpleNamespace(who=draft.reference)) == 1
    assert "Inget utkast och inget samtal heter SK-" in capsys.readouterr().err


def test_the_job_before_rasa_has_stored_anything(tmp_path):
    store = SqliteDraftStore(tmp_path / "drafts.sqlite")
    draft, _ = create_draft(store, FACTS, sender="w-before-rasa-1", for_caseworker=False, retention_days=30,
                            link_key=LINK_KEY, at=T0)
    no_events_yet = PersonalData(store, TrackerEvents(f"sqlite:///{tmp_path / 'not-yet.sqlite'}"))
    assert purge(no_events_yet, draft.expires_at).drafts == 1
