"""stodkollen/rasa_tracker_errors.py against Rasa's own stores: a tracker store that cannot be
read or written raises, and Rasa's in-memory fallback is never made.

The store is Rasa's SQL tracker store on a real SQLite file, wrapped by Rasa itself
(Agent._create_tracker_store, as `rasa run` does), and locked by another connection past
SQLite's 5 s timeout, as in the fault drill (tests/e2e/test_faults.py)."""

import asyncio
import sqlite3

import pytest
from rasa.core.agent import Agent
from rasa.core.tracker_store import FailSafeTrackerStore, SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from stodkollen import rasa_tracker_errors
from stodkollen.rasa_tracker_errors import TrackerStoreUnavailable


@pytest.fixture
def store(tmp_path, monkeypatch):
    for name in ("on_tracker_store_error", "on_tracker_store_retrieve_error"):
        monkeypatch.setattr(FailSafeTrackerStore, name, getattr(FailSafeTrackerStore, name))  # undone after
    rasa_tracker_errors.install()
    domain = Domain.empty()
    path = tmp_path / "rasa_tracker.sqlite"
    store = Agent._create_tracker_store(SQLTrackerStore(domain, dialect="sqlite", db=str(path)), domain)
    assert isinstance(store, FailSafeTrackerStore)
    return store, path


def turn(sender: str, text: str) -> DialogueStateTracker:
    tracker = DialogueStateTracker(sender, slots=[])
    tracker.update(UserUttered(text))
    return tracker


def locked(path):
    """Another connection holding the file's exclusive lock (no reader, no writer gets in)."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("BEGIN EXCLUSIVE")
    return db


def test_a_locked_store_refuses_the_turn_instead_of_keeping_it_in_memory(store):
    failsafe, path = store
    asyncio.run(failsafe.save(turn("butik-0001", "Hej")))
    holder = locked(path)
    try:
        with pytest.raises(TrackerStoreUnavailable, match="OperationalError"):
            asyncio.run(failsafe.save(turn("butik-0001", "Vindeln")))
        with pytest.raises(TrackerStoreUnavailable):  # not None, which would start afresh
            asyncio.run(failsafe.retrieve("butik-0001"))
    finally:
        holder.close()
    assert failsafe._fallback_tracker_store is None  # the in-memory store was never made
    stored = asyncio.run(failsafe.retrieve("butik-0001"))
    assert [event.text for event in stored.events if isinstance(event, UserUttered)] == ["Hej"]


def test_the_store_works_as_before_when_it_can(store):
    failsafe, _path = store
    asyncio.run(failsafe.save(turn("butik-0002", "Hej")))
    assert asyncio.run(failsafe.retrieve("butik-0002")).latest_message.text == "Hej"
