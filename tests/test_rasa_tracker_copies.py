"""Speed-up 15 (stodkollen/rasa_speedups.py): a tracker is copied from its state, not replayed.
On random conversations of every kind of event, with the followup action cleared now and then as
Rasa clears it without an event, the copy and the form's temporary tracker must equal Rasa's
replayed ones in every attribute (the events and latest messages as the same objects), send the
action server and the NLG the same state, and change nothing of the tracker they were made from.

Run in a child process, as in the stack: the patches change Rasa for the whole process.
"""

from tests.child_process import answer_of_child

CHILD = """
import dataclasses, json, random
from rasa.core.actions.forms import FormAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (ActionExecuted, ActionExecutionRejected, ActionReverted, ActiveLoop,
    AllSlotsReset, BotUttered, ConversationPaused, ConversationResumed, DefinePrevUserUtteredFeaturization,
    EntitiesAdded, FollowupAction, LoopInterrupted, Restarted, SessionStarted, SlotSet, StoryExported,
    UserUtteranceReverted, UserUttered)
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

replayed_copy, replayed_temporary = DialogueStateTracker.copy, FormAction._temporary_tracker
from stodkollen import rasa_speedups
rasa_speedups.install()
replays = {"copy": 0, "temporary": 0}  # how often the patch left the copy to Rasa's replay
travel_back_in_time = DialogueStateTracker.travel_back_in_time
from_events = DialogueStateTracker.from_events.__func__
def counted_travel(self, target_time):
    replays["copy"] += 1
    return travel_back_in_time(self, target_time)
def counted_from_events(cls, *arguments, **keywords):
    replays["temporary"] += 1
    return from_events(cls, *arguments, **keywords)

domain = Domain.from_yaml(
    "intents: [inform, greet]\\nentities: [amount]\\nactions: [facts_form, action_x]\\n"
    "forms:\\n  facts_form:\\n    required_slots: [turnover, kind, purposes]\\nslots:\\n"
    "  turnover:\\n    type: float\\n    mappings: [{type: from_entity, entity: amount}]\\n"
    "  kind:\\n    type: categorical\\n    values: [store, station]\\n    mappings: [{type: custom}]\\n"
    "  purposes:\\n    type: list\\n    mappings: [{type: custom}]\\n"
    "  open_all_year:\\n    type: bool\\n    initial_value: true\\n    mappings: [{type: custom}]\\n"
    "  progress:\\n    type: any\\n    influence_conversation: false\\n    mappings: [{type: custom}]\\n")
form = FormAction("facts_form", None)
rng = random.Random(15)
VALUES = {"turnover": [3e6, 0.5, None], "kind": ["store", "station", None], "purposes": [["a"], [], None],
          "open_all_year": [True, False, None], "progress": [{"question": 2}, None],
          "requested_slot": ["turnover", "kind", None], "no_such_slot": [1]}

def user_uttered():
    entities = [{"entity": "amount", "value": rng.choice([3e6, 12.5])}] if rng.random() < 0.5 else []
    return UserUttered(rng.choice(["3 miljoner", "hej"]),
                       {"name": rng.choice(["inform", "greet"]), "confidence": 0.9}, entities)

MAKERS = [
    lambda: ActionExecuted(rng.choice(["action_listen", "facts_form", "action_x", "utter_hej"])),
    lambda: ActionExecuted(rng.choice(["action_listen", "facts_form", "action_x", "utter_hej"])),
    user_uttered, user_uttered,
    lambda: SlotSet(*(lambda name: (name, rng.choice(VALUES[name])))(rng.choice(sorted(VALUES)))),
    lambda: SlotSet(*(lambda name: (name, rng.choice(VALUES[name])))(rng.choice(sorted(VALUES)))),
    lambda: BotUttered(rng.choice(["?", "Hej"]), {"buttons": [{"title": "Ja", "payload": "/ja"}]}),
    lambda: ActiveLoop(rng.choice(["facts_form", None])),
    lambda: FollowupAction(rng.choice(["action_x", "facts_form"])),
    lambda: EntitiesAdded([{"entity": "amount", "value": rng.choice([3e6, 7.0])}]),
    lambda: LoopInterrupted(rng.random() < 0.5),
    lambda: ActionExecutionRejected("facts_form"),
    lambda: DefinePrevUserUtteredFeaturization(rng.random() < 0.5),
    lambda: rng.choice([Restarted(), SessionStarted(), UserUtteranceReverted(), ActionReverted(),
                        AllSlotsReset(), ConversationPaused(), ConversationResumed(), StoryExported()]),
]

def described(tracker, source):
    # Every attribute; slots by their own attributes; an event (or latest message) of the source
    # tracker by identity, one made anew (a placeholder, the form's own) by its content.
    source_ids = {id(event) for event in source.events}
    def event(value):
        if id(value) in source_ids:
            return id(value)
        return {key: part for key, part in value.as_dict().items() if key != "timestamp"}
    described = {}
    for name, value in vars(tracker).items():
        if name == rasa_speedups.FOLD_KEPT:  # speed-up 6's fold of the events so far, no state
            continue
        if name == "slots":
            value = {slot_name: [type(slot).__name__, repr(vars(slot))] for slot_name, slot in value.items()}
        elif name == "events":
            value = [value.maxlen, [event(each) for each in value]]
        elif name in ("latest_message", "latest_bot_utterance"):
            value = event(value)
        elif name == "active_loop":
            value = dataclasses.asdict(value) if value else value
        described[name] = repr(value)
    return described

def sent(tracker):
    # What the action server and the NLG get; the times apart (the events are compared above).
    state = tracker.current_state(EventVerbosity.ALL)
    del state["latest_event_time"]
    for event in state["events"]:
        del event["timestamp"]
    return json.dumps(state, sort_keys=True, default=str)

differences, compared = [], 0
for conversation in range(150):
    history = 40 if rng.random() < 0.1 else None  # Rasa replays a tracker that forgets
    tracker = DialogueStateTracker(rng.choice(["shop", None]), domain.slots, history,
                                   sender_source=rng.choice([None, "file.yml"]))
    for step in range(rng.randint(1, 70)):
        tracker.update(rng.choice(MAKERS)())
        if rng.random() < 0.2:
            tracker.clear_followup_action()  # as Rasa's processor does after predicting
        if rng.random() < 0.4:
            continue
        before = described(tracker, tracker)
        DialogueStateTracker.travel_back_in_time = counted_travel
        DialogueStateTracker.from_events = classmethod(counted_from_events)
        ours = tracker.copy()
        extra = [rng.choice(MAKERS)() for _ in range(rng.randint(0, 4))]
        ours_temporary = form._temporary_tracker(tracker, extra, domain)
        DialogueStateTracker.travel_back_in_time = travel_back_in_time
        DialogueStateTracker.from_events = classmethod(from_events)
        rasas = replayed_copy(tracker)
        same = {"copy": described(ours, tracker) == described(rasas, tracker),
                "copy_sent": sent(ours) == sent(rasas)}
        rasas_temporary = replayed_temporary(form, tracker, extra, domain)
        same["temporary"] = described(ours_temporary, tracker) == described(rasas_temporary, tracker)
        same["temporary_sent"] = sent(ours_temporary) == sent(rasas_temporary)
        for copied in (ours, ours_temporary):
            for event in [rng.choice(MAKERS)() for _ in range(3)]:
                copied.update(event)
            copied.slots["purposes"].value = ["changed"]
            if copied.active_loop:
                copied.active_loop.is_interrupted = not copied.active_loop.is_interrupted
            copied.latest_action["action_name"] = "changed"
        same["original_untouched"] = described(tracker, tracker) == before
        compared += 1
        if not all(same.values()):
            differences.append([conversation, step, same, [e.as_dict() for e in tracker.events][-8:]])
print(json.dumps({"differences": differences[:3], "compared": compared, "replays": replays}, default=str))
"""


def test_copies_and_temporary_trackers_equal_rasas_replayed_ones():
    result = answer_of_child(CHILD)
    assert result["differences"] == []
    assert result["compared"] > 2000
    # Most copies were made from the state: Rasa replays only after a reverted turn (and the
    # temporary tracker only where the form's slots are not the tracker's).
    assert result["replays"]["copy"] < result["compared"] / 5
    assert result["replays"]["temporary"] < result["compared"] / 5
