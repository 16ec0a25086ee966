"""Speed-up 16 (stodkollen/rasa_speedups.py): a turn's events go into SQLite with one INSERT.
Conversations that grow turn by turn, with new sessions, are saved by Rasa's own save into one
database and by ours into another: every row (id, sender, type, time, intent, action, data)
must be the same, and each store must read back the same conversation.

Run in a child process: the patches change Rasa for the whole process.
"""

from tests.child_process import answer_of_child

CHILD = """
import asyncio, json, random, sqlite3, sys
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered)
from rasa.shared.core.trackers import DialogueStateTracker

rasas_save = SQLTrackerStore.save
from stodkollen import rasa_speedups
rasa_speedups._events_inserted_at_once()  # this patch alone: the others change what is saved
ours_save = SQLTrackerStore.save
assert ours_save is not rasas_save

domain = Domain.from_yaml("slots:\\n  turnover:\\n    type: any\\n    mappings: [{type: custom}]\\n")
stores = {name: SQLTrackerStore(domain, dialect="sqlite", db=f"{sys.argv[1]}/{name}.sqlite")
          for name in ("rasas", "ours")}
rng = random.Random(16)
MAKERS = [lambda: ActionExecuted(rng.choice(["action_listen", "facts_form", "utter_hej"])),
          lambda: UserUttered(rng.choice(["3 miljoner", "hej", "ä å ö 😀"]),
                              {"name": rng.choice(["inform", "greet"]), "confidence": 0.5}),
          lambda: UserUttered("/silence"),
          lambda: SlotSet("turnover", rng.choice([3e6, None, "tre", [1, 2]])),
          lambda: BotUttered("?", {"buttons": [{"title": "Ja", "payload": "/ja"}]}),
          lambda: SessionStarted()]
saves = 0
for conversation in range(60):
    trackers = {name: DialogueStateTracker(f"shop-{conversation}", domain.slots) for name in stores}
    for turn in range(rng.randint(1, 12)):
        new = [rng.choice(MAKERS)() for _ in range(rng.randint(0, 9))]
        for name, tracker in trackers.items():
            for event in new:
                tracker.update(event)
        asyncio.run(rasas_save(stores["rasas"], trackers["rasas"]))
        asyncio.run(ours_save(stores["ours"], trackers["ours"]))
        saves += 1

def rows(name):
    with sqlite3.connect(f"{sys.argv[1]}/{name}.sqlite") as db:
        return db.execute("SELECT id, sender_id, type_name, timestamp, intent_name, action_name, data "
                          "FROM events ORDER BY id").fetchall()

read_back = {name: [[event.as_dict() for event in asyncio.run(store.retrieve(f"shop-{n}")).events]
                    for n in range(60)] for name, store in stores.items()}
print(json.dumps({"same_rows": rows("rasas") == rows("ours"), "rows": len(rows("ours")),
                  "same_read_back": read_back["rasas"] == read_back["ours"], "saves": saves}))
"""


def test_events_inserted_at_once_are_the_rows_rasa_writes(tmp_path):
    result = answer_of_child(CHILD, str(tmp_path))
    assert result["same_rows"] and result["same_read_back"]
    assert result["rows"] > 1000 and result["saves"] > 300
