"""The tracker store's speed-ups 8 and 9 (stodkollen/rasa_speedups.py): pooled SQLite connections,
and the tracker kept between turns, which must give back exactly what reading the store gives.

Run in a child process, as in the stack: the patches change Rasa for the whole process.
"""

from tests.child_process import answer_of_child

CHILD = """
import asyncio, json, sqlite3, sys
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from stodkollen import rasa_speedups

rasas_additional_events = SQLTrackerStore._additional_events
rasa_speedups.install()
db = sys.argv[1]
domain = Domain.from_yaml("slots:\\n  turnover:\\n    type: any\\n    mappings: [{type: custom}]\\n")
store = SQLTrackerStore(domain, dialect="sqlite", db=db)
other_server = SQLTrackerStore(domain, dialect="sqlite", db=db)  # a second Rasa on the same file

def run(coroutine):
    return asyncio.run(coroutine)

def as_read(sender):
    # What a store that keeps nothing gives: the latest session, read from the file.
    tracker = run(store._retrieve(sender, fetch_events_from_all_sessions=False))
    return None if tracker is None else [event.as_dict() for event in tracker.events]

def events(tracker):
    return None if tracker is None else [event.as_dict() for event in tracker.events]

def turn(tracker, value):
    tracker.update(ActionExecuted("action_listen"))
    tracker.update(UserUttered(f"{value} miljoner", {"name": "inform"}))
    tracker.update(SlotSet("turnover", value))

checks = {}
first = DialogueStateTracker.from_events("shop", [ActionExecuted("action_session_start"), SessionStarted()],
                                         domain.slots)
turn(first, 1)
run(store.save(first))
read = run(store.retrieve("shop"))
checks["a session begun in the turn is read back"] = [read is not first, events(read) == as_read("shop"),
                                                      len(read.events) == len(first.events) - 1]
turn(read, 2)
run(store.save(read))
kept = run(store.retrieve("shop"))
checks["the saved tracker is given back"] = [kept is read, events(kept) == as_read("shop")]

turn(kept, 3)  # the turn fails before it is saved
after_failure = run(store.retrieve("shop"))
checks["a tracker changed and not saved is read back"] = [
    after_failure is not kept, events(after_failure) == as_read("shop"),
    len(after_failure.events) < len(kept.events)]

turn(after_failure, 4)
run(store.save(after_failure))
elsewhere = run(other_server.retrieve("shop"))
turn(elsewhere, 5)
run(other_server.save(elsewhere))
after_other = run(store.retrieve("shop"))
checks["another server's turn is read back"] = [
    after_other is not after_failure, events(after_other) == as_read("shop"),
    after_other.get_slot("turnover") == 5]

turn(after_other, 6)
run(store.save(after_other))
with sqlite3.connect(db) as connection:  # retention, or a shop owner's "glöm mig"
    connection.execute("DELETE FROM events WHERE sender_id = 'shop'")
checks["a deleted conversation is gone"] = [run(store.retrieve("shop")) is None]

for number in range(rasa_speedups.KEPT_AT_MOST + 5):
    crowd = DialogueStateTracker.from_events(f"shop-{number}", [SessionStarted()], domain.slots)
    turn(crowd, number)
    run(store.save(crowd))
kept_now = store.__dict__["_kept_trackers"]
checks["at most so many conversations are kept"] = [len(kept_now) == rasa_speedups.KEPT_AT_MOST,
                                                     "shop-0" not in kept_now]
newest = f"shop-{rasa_speedups.KEPT_AT_MOST + 4}"
kept_now[newest].saved_at -= rasa_speedups.KEPT_FOR + 1  # as if its turn was over ten minutes ago
checks["a tracker kept too long is read back"] = [run(store.retrieve(newest)) is not kept_now.get(newest),
                                                  newest not in kept_now]
# What a save writes: the events after those the store holds for the latest session, as Rasa's
# count finds them, for conversations of one session, of several, and for one not yet stored.
checks["the events a save writes are Rasa's"] = []
with store.session_scope() as session:
    for sender in ["shop-3", f"shop-{rasa_speedups.KEPT_AT_MOST}", "nobody-yet"]:
        tracker = run(store.retrieve(sender)) or DialogueStateTracker(sender, domain.slots)
        run(store.save(tracker))
        tracker.update(SessionStarted())
        turn(tracker, 7)
        rasas = [event.as_dict() for event in rasas_additional_events(store, session, tracker)]
        ours = [event.as_dict() for event in SQLTrackerStore._additional_events(store, session, tracker)]
        checks["the events a save writes are Rasa's"].append(rasas == ours and len(rasas) > 0)
checks["the connections are pooled"] = [type(store.engine.pool).__name__ == "QueuePool"]
print(json.dumps(checks))
"""


def test_the_tracker_kept_between_turns_is_what_the_store_holds(tmp_path):
    checks = answer_of_child(CHILD, str(tmp_path / "tracker.sqlite"), timeout_s=300)
    assert len(checks) == 9
    for check, results in checks.items():
        assert results and all(results), (check, results)
