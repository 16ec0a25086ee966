"""The speed-ups installed where Rasa runs (stodkollen/rasa_speedups.py) change no answer: each
patch is compared with the Rasa code it replaces, and none is applied on another Rasa release.

Run in child processes, as in the stack: the patches change Rasa for the whole process.
"""

import re
from pathlib import Path

from service.nlg import render_response
from service.nlg.registry import responses
from stodkollen import rasa_speedups
from tests.child_process import answer_of_child

ROOT = Path(__file__).resolve().parents[1]

# Rasa's own functions are taken before install() replaces them, so both answer the same input.
ORIGINALS = """
import asyncio, collections, json, random, sys
import sqlite3
from rasa.core.actions.action import RemoteAction
from rasa.core.nlg import callback
from rasa.core.nlg.callback import CallbackNaturalLanguageGenerator
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (ActionExecuted, ActionExecutionRejected, ActionReverted, ActiveLoop,
    BotUttered, DefinePrevUserUtteredFeaturization, Event, FollowupAction, LoopInterrupted, Restarted,
    SessionStarted, SlotSet, UserUtteranceReverted, UserUttered)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.utils.common import all_subclasses

original = {"resolve": Event.resolve_by_type, "action": RemoteAction._validate_action_result,
            "nlg": CallbackNaturalLanguageGenerator.validate_response, "retrieve": SQLTrackerStore._retrieve,
            "applied": DialogueStateTracker.applied_events, "nlg_request": callback.nlg_request_format}
skops_before = "skops.io" in sys.modules
from stodkollen import rasa_speedups
applied = rasa_speedups.install(*sys.argv[2:])
skops_after = "skops.io" in sys.modules
patched = {"resolve": Event.resolve_by_type, "action": RemoteAction._validate_action_result,
           "nlg": CallbackNaturalLanguageGenerator.validate_response, "retrieve": SQLTrackerStore._retrieve,
           "applied": DialogueStateTracker.applied_events, "nlg_request": callback.nlg_request_format}
replaced = sorted(name for name in original if original[name] is not patched[name])

def outcome(function, *arguments):
    try:
        return ["returned", function(*arguments)]
    except Exception as error:
        return ["raised", type(error).__name__, str(error)]

domain = Domain.from_yaml("slots:\\n  turnover:\\n    type: any\\n    mappings: [{type: custom}]\\n")
store = SQLTrackerStore(domain, dialect="sqlite", db=sys.argv[1])
tracker = DialogueStateTracker.from_events("shop", [
    SessionStarted(timestamp=1), UserUttered("hej", timestamp=2),
    SessionStarted(timestamp=3), ActionExecuted("action_listen", timestamp=4),
    UserUttered("3 miljoner", timestamp=5), SlotSet("turnover", 3000000, timestamp=6)])
asyncio.run(store.save(tracker))
with store.engine.connect() as connection:
    mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()

def events(retrieve, sender, all_sessions):
    found = asyncio.run(retrieve(store, sender, all_sessions))
    return None if found is None else [[e.as_dict()["event"], e.as_dict().get("value")] for e in found.events]

retrieved = {f"{sender}/{all_sessions}": [events(original["retrieve"], sender, all_sessions),
                                          events(patched["retrieve"], sender, all_sessions)]
             for sender in ("shop", "nobody") for all_sessions in (False, True)}

names = sorted({cls.type_name for cls in all_subclasses(Event)} | {"no_such_event"})
resolved = {name: [outcome(lambda n: original["resolve"](n).__name__, name),
                   outcome(lambda n: patched["resolve"](n).__name__, name),
                   outcome(lambda n: patched["resolve"](n).__name__, name)] for name in names}

action = RemoteAction("action_x", None)
action_results = [{"events": [], "responses": []}, {"events": [{"event": "slot", "name": "a", "value": 1}]},
                  {"events": "none"}, {"responses": [{"text": 5}]}, {}]
nlg_contents = [None, "", {"text": "Hej"}, {"text": "Hej", "buttons": [{"title": "Ja", "payload": "/ja"}]},
                {"text": 5}, {"buttons": "ja"}]
validated = {"action": [[outcome(original["action"], action, result),
                         outcome(patched["action"], action, result)] for result in action_results],
             "nlg": [[outcome(original["nlg"], content), outcome(patched["nlg"], content)]
                     for content in nlg_contents]}
# 6. The events that count, for random event sequences weighted towards a form's turns, and for
#    long conversations of form turns, help questions inside the form and corrections.
rng = random.Random(18)
FORMS = ["facts_form", "other_form"]
MAKERS = [(8, lambda: ActionExecuted("action_listen")), (9, lambda: ActionExecuted(rng.choice(FORMS))),
          (3, lambda: ActionExecuted(rng.choice(["utter_help", "action_help"]))),
          (7, lambda: UserUttered("hej", {"name": rng.choice(["inform", "ask_help"])})),
          (4, lambda: SlotSet("turnover", rng.randint(0, 3))), (3, lambda: BotUttered("hej")),
          (3, lambda: ActiveLoop(rng.choice(FORMS + [None]))),
          (1, lambda: ActionExecutionRejected(rng.choice(FORMS + ["utter_help"]))),
          (1, lambda: ActionReverted()), (1, lambda: UserUtteranceReverted()),
          (0.2, lambda: Restarted()), (0.2, lambda: SessionStarted()),
          (1, lambda: DefinePrevUserUtteredFeaturization(False)), (1, lambda: LoopInterrupted(True)),
          (1, lambda: FollowupAction("utter_help"))]

def random_events(length):
    makers = rng.choices([maker for _, maker in MAKERS], weights=[weight for weight, _ in MAKERS], k=length)
    return [make() for make in makers]

def form_conversation(turns):
    events = [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
              UserUttered("kolla", {"name": "check_supports"}), ActionExecuted("facts_form"),
              ActiveLoop("facts_form"), SlotSet("requested_slot", "turnover"), BotUttered("?")]
    for _ in range(turns):
        events += [ActionExecuted("action_listen"), UserUttered("svar", {"name": "inform"})]
        if rng.random() < 0.2:  # a question inside the form: rejected, answered, asked again
            events += [ActionExecutionRejected("facts_form"), ActionExecuted("utter_help"),
                       BotUttered("help")]
        events += [ActionExecuted("facts_form"), SlotSet("turnover", 1), BotUttered("?")]
    return events + [ActiveLoop(None), SlotSet("requested_slot", None), ActionExecuted("utter_summary")]

sequences = ([random_events(rng.randint(0, 80)) for _ in range(3000)]
             + [form_conversation(turns) for turns in (1, 5, 40, 120)]
             + [form_conversation(40) + random_events(60) + form_conversation(30) for _ in range(20)])
mismatches, sizes = [], []
for events in sequences:
    tracker = DialogueStateTracker("shop", domain.slots)
    tracker.events = collections.deque(events)
    expected = [id(event) for event in original["applied"](tracker)]
    sizes.append(len(expected))
    if [id(event) for event in patched["applied"](tracker)] != expected:
        mismatches.append([event.as_dict()["event"] for event in events])
for events in sequences[::3]:  # a tracker that grows between the calls: the fold kept goes on
    tracker, position = DialogueStateTracker("shop", domain.slots), 0
    while position < len(events):
        tracker.events.extend(events[position:position + rng.randint(1, 6)])
        position = len(tracker.events)
        expected = [id(event) for event in original["applied"](tracker)]
        if [id(event) for event in patched["applied"](tracker)] != expected:
            mismatches.append(["growing", *[event.as_dict()["event"] for event in tracker.events]])

# 7. The request to our NLG endpoint, Rasa's and ours, in conversations on the web and the phone
#    with silences, questions asked back and answers.
nlg_domain = Domain.from_yaml("slots:\\n" + "".join(
    f"  {name}:\\n    type: any\\n    mappings: [{{type: custom}}]\\n"
    for name in ("channel", "language", "requested_slot", "turnover", "value_to_confirm")))
SAID = {"silence": "/silence", "inform": "3 miljoner", "ask_help": "vad menas med det?", "affirm": "ja"}
UTTERED = ["utter_silence", "utter_ask_turnover", "utter_implausible_answer", "utter_which_mile",
           "utter_greet", "utter_confirm_value", "utter_summary"]

def spoken_conversation(turns, channel):
    events = [ActionExecuted("action_session_start"), SessionStarted(), SlotSet("channel", channel),
              SlotSet("language", rng.choice(["sv", "en"])), ActionExecuted("action_listen")]
    for _ in range(turns):
        intent = rng.choice(["silence", "silence", "inform", "ask_help", "affirm"])
        events.append(UserUttered(SAID[intent], {"name": intent, "confidence": 1.0},
                                  metadata={"channel": channel, "lang": "sv"}))
        for utter in rng.sample(UTTERED, rng.randint(1, 2)):
            events += [ActionExecuted(utter), BotUttered("…", metadata={"utter_action": utter})]
        events += [SlotSet("requested_slot", rng.choice(["turnover", None])),
                   SlotSet("value_to_confirm", rng.choice([None, ["turnover", 3000000]])),
                   ActionExecuted("action_listen")]
    return events

nlg_requests = []
for turns in [0, 1, 2, 3, 5, 8, 13, 40] * 6:
    events = spoken_conversation(turns, rng.choice(["web", "phone"]))
    tracker = DialogueStateTracker.from_events("shop", events, nlg_domain.slots)
    name = rng.choice(UTTERED)
    nlg_requests.append([original["nlg_request"](name, tracker, "collector", response_id=None),
                         patched["nlg_request"](name, tracker, "collector", response_id=None)])

print(json.dumps({"applied": applied, "replaced": replaced, "mode": mode, "retrieved": retrieved,
                  "resolved": resolved, "validated": validated,
                  "skops_imported": [skops_before, skops_after],
                  "applied_events": {"compared": len(sequences), "mismatches": mismatches[:3],
                                     "longest": max(sizes), "emptied": sizes.count(0)},
                  "nlg_requests": nlg_requests}, default=str))
"""

RESPONSES = sorted(responses())
assert len(RESPONSES) > 50


def rendered(name: str, request: dict) -> list:
    """What our NLG endpoint answers to the request (service/nlg), or the error it raises."""
    try:
        return ["returned", render_response(name, request["arguments"], request["tracker"])]
    except Exception as error:  # a response that needs slots these conversations do not set
        return ["raised", type(error).__name__, str(error)]


def run_child(tmp_path, *release) -> dict:
    return answer_of_child(ORIGINALS, str(tmp_path / "tracker.sqlite"), *release)


def test_each_patch_answers_as_the_rasa_code_it_replaces(tmp_path):
    result = run_child(tmp_path)
    assert result["applied"] == [patch.apply.__name__.lstrip("_") for patch in rasa_speedups.PATCHES]
    assert result["replaced"] == ["action", "applied", "nlg", "nlg_request", "resolve", "retrieve"]

    # 1. install() imports skops (in the stack before Rasa is imported), which is all that patch does.
    assert result["skops_imported"] == [False, True]
    # 2. The same validation, once per schema: a valid answer passes, an invalid one raises
    #    Rasa's own error with Rasa's own message.
    for kind, cases in result["validated"].items():
        assert len(cases) >= 5, kind
        for original, patched in cases:
            assert patched == original, kind
        assert {original[0] for original, _ in cases} == {"returned", "raised"}, kind
    # 3. Every event type resolves to the same class, also when asked again; an unknown one fails alike.
    assert len(result["resolved"]) > 20
    for name, (original, first, second) in result["resolved"].items():
        assert first == second == original, name
    assert result["resolved"]["no_such_event"][0][0] == "raised"
    # 4. SQLite's journal in WAL mode.
    assert result["mode"] == "wal"
    # 5. The tracker read back as Rasa reads it: the latest session, all sessions, nobody.
    assert len(result["retrieved"]) == 4
    for key, (original, patched) in result["retrieved"].items():
        assert patched == original, key
    assert result["retrieved"]["shop/False"][0] == [
        ["session_started", None], ["action", None], ["user", None], ["slot", 3000000]]
    assert result["retrieved"]["nobody/False"][0] is None
    # 6. The same events, the very same objects in the same order, for every sequence; the
    #    sequences include long form conversations and ones that revert or restart to nothing.
    compared = result["applied_events"]
    assert compared["compared"] > 3000
    assert compared["mismatches"] == []
    assert compared["longest"] > 200 and compared["emptied"] > 0
    # 7. The NLG's request as Rasa's, but for the events: the latest of them, from the user's
    #    latest message that was not a silence; and every response renders the same from it.
    requests = result["nlg_requests"]
    assert len(requests) > 40
    shortened = 0
    for original, patched in requests:
        events, whole = patched["tracker"]["events"], original["tracker"]["events"]
        assert events == whole[len(whole) - len(events):]
        assert {**patched, "tracker": {**patched["tracker"], "events": None}} == {
            **original, "tracker": {**original["tracker"], "events": None}}
        assert list(patched["tracker"]) == list(original["tracker"])
        shortened += len(events) < len(whole)
        for name in RESPONSES:
            assert rendered(name, patched) == rendered(name, original), name
    assert shortened > len(requests) / 2


def test_on_another_rasa_release_no_patch_is_applied(tmp_path):
    result = run_child(tmp_path, "3.7.0")
    assert result["applied"] == []
    assert result["replaced"] == []
    assert result["mode"] != "wal"
    assert result["skops_imported"] == [False, False]


def test_every_patch_was_written_for_the_pinned_rasa():
    pinned = re.search(r"(?m)^rasa==(\S+)$", (ROOT / "constraints.txt").read_text(encoding="utf-8")).group(1)
    assert len(rasa_speedups.PATCHES) == 18
    assert [patch.apply.__name__ for patch in rasa_speedups.PATCHES
            if pinned not in patch.rasa_releases] == []


def test_the_memoization_policy_left_out_had_nothing_to_remember():
    """bot/config.yml has the RulePolicy alone. The MemoizationPolicy learns from stories only
    (ML data, never rules) and the bot's training data are all rules, so it remembered nothing
    and never predicted an action; it only turned the whole conversation into states at every
    prediction. Should stories come, this says so, and the policy can be weighed again."""
    from rasa.core.policies.memoization import MemoizationPolicy
    from rasa.core.policies.policy import SupportedData
    from rasa.core.training import load_data
    from rasa.shared.importers.importer import TrainingDataImporter

    bot = ROOT / "bot"
    importer = TrainingDataImporter.load_from_config(str(bot / "config.yml"), str(bot / "domain"),
                                                     [str(bot / "data")])
    trackers = load_data(importer, importer.get_domain(), augmentation_factor=0)
    assert len(trackers) > 20  # one per rule
    assert SupportedData.trackers_for_supported_data(MemoizationPolicy.supported_data(), trackers) == []
    assert [policy["name"] for policy in importer.get_config()["policies"]] == ["RulePolicy"]
