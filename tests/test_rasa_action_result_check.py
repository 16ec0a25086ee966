"""stodkollen.rasa_speedups.action_result_check gives jsonschema's verdict on an action server's
answer under Rasa's own schema, for answers holding every kind of event, valid and spoiled in
the ways an answer can be (a field of the wrong type, no name, an unknown name, no object)."""

import copy
import random
from datetime import datetime

from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.core import events as rasa_events

from stodkollen.rasa_speedups import action_result_check

SPEC = RemoteAction.action_response_format_spec()
EVENTS = [
    rasa_events.UserUttered("3 miljoner", {"name": "inform", "confidence": 0.9},
                            [{"entity": "amount", "value": 3000000, "start": 0, "end": 10}],
                            input_channel="rest", message_id="m1", metadata={"lang": "sv"}),
    rasa_events.BotUttered("Hur stor?", {"buttons": [{"title": "Ja", "payload": "/affirm"}]},
                           {"utter_action": "utter_ask_x"}),
    rasa_events.SlotSet("store_grocery_net_turnover_sek", 3000000),
    rasa_events.SlotSet("progress", {"of": 7}),
    rasa_events.SlotSet("approximate_slots", ["a"]), rasa_events.SlotSet("requested_slot", None),
    rasa_events.ActionExecuted("facts_form", policy="RulePolicy", confidence=1.0),
    rasa_events.ActiveLoop("facts_form"), rasa_events.ActiveLoop(None), rasa_events.FollowupAction("utter_x"),
    rasa_events.Restarted(), rasa_events.SessionStarted(), rasa_events.UserUtteranceReverted(),
    rasa_events.ActionReverted(), rasa_events.AllSlotsReset(), rasa_events.ConversationPaused(),
    rasa_events.ConversationResumed(), rasa_events.StoryExported(), rasa_events.AgentUttered("hej"),
    rasa_events.ActionExecutionRejected("facts_form"), rasa_events.LoopInterrupted(True),
    rasa_events.EntitiesAdded([{"entity": "amount", "value": 1}]),
    rasa_events.DefinePrevUserUtteredFeaturization(False),
    rasa_events.ReminderScheduled("EXTERNAL_x", datetime(2026, 12, 7, 12), name="r"),
    rasa_events.ReminderCancelled(name="r"),
]
WRONG = [5, "x", None, [], {}, 1.5, True, [1], {"a": 1}]


def spoiled(event: dict, rng: random.Random) -> object:
    kind = rng.randrange(5)
    if kind == 0 and len(event) > 1:
        key = rng.choice(sorted(event))
        return {**event, key: rng.choice(WRONG)}
    if kind == 1:
        return {key: value for key, value in event.items() if key != "event"}
    if kind == 2:
        return {**event, "event": rng.choice(["nonsense", 5, None, ["slot"], "Slot"])}
    if kind == 3:
        nested = copy.deepcopy(event)
        for value in nested.values():
            if isinstance(value, dict) and value:
                value[rng.choice(sorted(value))] = rng.choice(WRONG)
                break
        return nested
    return rng.choice(WRONG)


def answers(rng: random.Random) -> list:
    made = [{}, {"events": []}, {"events": None}, {"responses": [{"text": "hej"}]}, {"responses": [5]},
            [], None, "x", {"events": {}}]
    valid = [event.as_dict() for event in EVENTS]
    for _ in range(2500):
        chosen = rng.sample(valid, rng.randint(1, 6))
        if rng.random() < 0.5:
            chosen[rng.randrange(len(chosen))] = spoiled(rng.choice(valid), rng)
        made.append({"events": chosen, "responses": [{"text": "hej"}] * rng.randint(0, 2)})
    return made


def test_the_same_verdict_as_jsonschema():
    schema_class = validator_for(SPEC)
    whole = schema_class(SPEC)
    ours = action_result_check(SPEC)
    verdicts = []
    for answer in answers(random.Random(2)):
        verdict = whole.is_valid(answer)
        assert ours(answer) == verdict, answer
        verdicts.append(verdict)
    assert verdicts.count(True) > 800 and verdicts.count(False) > 800
    assert all(whole.is_valid({"events": [event.as_dict()]}) for event in EVENTS)  # each kind is met


def test_a_schema_of_another_shape_is_used_whole():
    spec = copy.deepcopy(SPEC)
    spec["properties"]["events"]["items"]["oneOf"].append({"properties": {"event": {"const": "slot"}}})
    ours = action_result_check(spec)
    whole = validator_for(spec)(spec)
    answer = {"events": [rasa_events.SlotSet("x", 1).as_dict()]}
    assert ours(answer) == whole.is_valid(answer) is False  # two alternatives match: not exactly one
