"""Speed-up 11 (stodkollen/rasa_speedups.py): the action server is sent the events our actions
read, not the whole conversation. Rasa's request and ours are built from the same conversations
(form turns, questions inside the form, silences, both languages, restarts, new sessions); ours
must equal Rasa's but for the events, which are a part of Rasa's in the same order, and every
reader of the events in actions/ must read the same from both. A reader added anywhere else in
actions/ fails the last test until it is added here and to the patch's reasoning.
"""

import ast
from pathlib import Path

from rasa_sdk import Tracker

from actions.conversation import language_of
from actions.form import _fresh_message, questions_asked
from tests.child_process import answer_of_child

ROOT = Path(__file__).resolve().parents[1]

# What each reader of the events in actions/ gives, and what the SDK reads of them for a form.
READERS = {
    "fresh_message": _fresh_message,
    "questions_asked": lambda tracker: sorted(map(str, questions_asked(tracker))),
    "language_of": language_of,
    "slots_to_validate": lambda tracker: tracker.slots_to_validate(),
    "latest_input_channel": lambda tracker: tracker.get_latest_input_channel(),
    "latest_event_time": lambda tracker: tracker.current_state()["latest_event_time"],
}
# The functions in actions/ that read `tracker.events`, by module.
KNOWN_READERS = {("form", "_fresh_message"), ("form", "questions_asked"), ("conversation", "language_of")}

CHILD = """
import json, random
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (ActionExecuted, ActionExecutionRejected, ActiveLoop, BotUttered,
    Restarted, SessionStarted, SlotSet, UserUttered)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

original = RemoteAction._action_call_format
from stodkollen import rasa_speedups
rasa_speedups.install()
patched = RemoteAction._action_call_format

domain = Domain.from_yaml("intents: [inform, ask_help, silence]\\nslots:\\n" + "".join(
    f"  {name}:\\n    type: any\\n    mappings: [{{type: custom}}]\\n"
    for name in ("requested_slot", "language", "turnover", "asker", "failed_attempts")))
rng = random.Random(11)
action = RemoteAction("validate_facts_form", EndpointConfig("http://localhost:5055/webhook"))
SAID = [("inform", "3 miljoner"), ("ask_help", "vad menas?"), ("silence", "/silence")]

def message():
    intent, text = rng.choice(SAID)
    metadata = rng.choice([{}, {"lang": "sv", "channel": "web"}, {"lang": "en", "channel": "phone"}])
    return UserUttered(text, {"name": intent, "confidence": 1.0}, metadata=metadata,
                       input_channel=rng.choice([None, "rest", "socketio"]))

def conversation(turns):
    events = [ActionExecuted("action_session_start"), SessionStarted(), SlotSet("language", "sv"),
              ActionExecuted("action_listen")]
    for _ in range(turns):
        events += [message(), ActionExecuted("action_extract_slots")]
        if rng.random() < 0.2:  # a question inside the form: rejected, answered, the form again
            events += [ActionExecutionRejected("facts_form"), ActionExecuted("utter_help"),
                       BotUttered("help")]
        events += [ActionExecuted("facts_form"), SlotSet("turnover", rng.randint(0, 3)),
                   SlotSet("requested_slot", rng.choice(["turnover", "asker", None])), BotUttered("?")]
        if rng.random() < 0.05:
            events.append(rng.choice([Restarted(), SessionStarted()]))
        events.append(ActionExecuted("action_listen"))
    return events

def candidates():
    # What Rasa's form appends before it calls the validation: itself, then the slot candidates.
    return [ActionExecuted("facts_form")] + [SlotSet(rng.choice(["turnover", "asker"]), 1)
                                             for _ in range(rng.randint(0, 2))]

requests = []
for turns in [0, 1, 2, 3, 5, 8, 13, 40, 80] * 6:
    events = conversation(turns)
    if turns and rng.random() < 0.7:  # the turn in progress: the user's message, then the form
        events += [message(), ActionExecuted("action_extract_slots"), *candidates()]
    tracker = DialogueStateTracker.from_events("shop", events, domain.slots)
    requests.append([original(action, tracker, domain), patched(action, tracker, domain)])
print(json.dumps(requests))
"""

def test_the_action_server_reads_the_same_from_the_events_sent():
    requests = answer_of_child(CHILD, timeout_s=300)
    assert len(requests) > 50
    shortened = 0
    for rasas, ours in requests:
        whole, sent = rasas["tracker"]["events"], ours["tracker"]["events"]
        assert {**ours, "tracker": {**ours["tracker"], "events": None}} == {
            **rasas, "tracker": {**rasas["tracker"], "events": None}}
        assert list(ours["tracker"]) == list(rasas["tracker"])
        remaining = iter(whole)
        assert all(event in remaining for event in sent)  # a part of Rasa's, in the same order
        shortened += len(sent) < len(whole)
        read_by_rasa, read_by_us = Tracker.from_dict(rasas["tracker"]), Tracker.from_dict(ours["tracker"])
        for name, reader in READERS.items():
            assert reader(read_by_us) == reader(read_by_rasa), name
    assert shortened > len(requests) / 2


def test_the_readers_of_the_events_in_actions_are_known():
    readers = set()
    for path in (ROOT / "actions").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
                    isinstance(node, ast.Attribute) and node.attr == "events" for node in ast.walk(function)):
                readers.add((path.stem, function.name))
    # An action's own list of new events (`events = ...`, `events["name"]`) is a Name, not read
    # here; reading `something.events` is, and must be one of the readers proven above.
    assert readers == KNOWN_READERS
