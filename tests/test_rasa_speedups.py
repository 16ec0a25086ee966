"""The speed-ups installed where Rasa runs (stodkollen/rasa_speedups.py) change no answer.

Run in a child process, as in the stack: they patch Rasa for the whole process.
"""

import json
import subprocess
import sys

CHILD = """
import asyncio, inspect, json, sys
from stodkollen import rasa_speedups
rasa_speedups.install()

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Event, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.utils.common import all_subclasses

# Each event type name, looked up twice, against Rasa's own walk over the subclasses.
names = {cls.type_name for cls in all_subclasses(Event)}
resolved = {name: [Event.resolve_by_type(name).__name__ for _ in range(2)] for name in names}
expected = {name: next(cls.__name__ for cls in all_subclasses(Event) if cls.type_name == name)
            for name in names}
try:
    Event.resolve_by_type("no_such_event")
    unknown = "found"
except ValueError:
    unknown = "ValueError"

domain = Domain.from_yaml("slots:\\n  turnover:\\n    type: any\\n    mappings: [{type: custom}]\\n")
store = SQLTrackerStore(domain, dialect="sqlite", db=sys.argv[1])
tracker = DialogueStateTracker.from_events("shop", [
    SessionStarted(timestamp=1), UserUttered("hej", timestamp=2),
    SessionStarted(timestamp=3), ActionExecuted("action_listen", timestamp=4),
    UserUttered("3 miljoner", timestamp=5), SlotSet("turnover", 3000000, timestamp=6)])
asyncio.run(store.save(tracker))
read = asyncio.run(store.retrieve("shop"))  # the latest session
whole = asyncio.run(store.retrieve_full_tracker("shop"))
with store.engine.connect() as connection:
    mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
print(json.dumps({"resolved": resolved, "expected": expected, "unknown": unknown, "mode": mode,
                  "events_read": [event.as_dict()["event"] for event in read.events],
                  "all_events_read": [event.as_dict()["event"] for event in whole.events],
                  "nobody": asyncio.run(store.retrieve("nobody")) is None,
                  "turnover": read.get_slot("turnover")}))
"""


def test_speedups_keep_rasas_answers(tmp_path):
    output = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path / "tracker.sqlite")], check=True,
                            capture_output=True, text=True).stdout
    result = json.loads(output.strip().splitlines()[-1])

    assert {name: first for name, (first, _) in result["resolved"].items()} == result["expected"]
    assert all(first == second for first, second in result["resolved"].values())
    assert result["unknown"] == "ValueError"
    assert result["mode"] == "wal"
    assert result["events_read"] == ["session_started", "action", "user", "slot"]
    assert result["all_events_read"] == ["session_started", "user", *result["events_read"]]
    assert result["nobody"]
    assert result["turnover"] == 3000000
