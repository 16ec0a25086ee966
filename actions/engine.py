"""The rules engine as the dialogue sees it: facts from the slots, what is still missing."""

from rules_engine import FactsError, evaluate
from rules_engine.facts import BOOL, SCHEMA
from stodkollen.conversation_facts import facts_from_slots, is_number, slot_for


def _without(facts: dict, path: str) -> None:
    group, _, key = path.rpartition(".")
    (facts.get(group, {}) if group else facts).pop(key or path, None)


def _valid_facts_evaluated(slots: dict) -> tuple[dict, dict]:
    """The engine's facts from the slots, leaving out any the engine rejects (a slot may
    still hold the raw text of the answer being validated, as if not yet answered), and the
    engine's statuses and missing facts for them."""
    facts = facts_from_slots(slots)
    try:
        return facts, evaluate(facts, explain=False)
    except FactsError as error:
        for problem in error.errors:
            _without(facts, problem["field"])
    return facts, evaluate(facts, explain=False)


def valid_facts(slots: dict) -> dict:
    return _valid_facts_evaluated(slots)[0]


def evaluate_slots(slots: dict) -> dict:
    """Statuses and missing facts for the answers so far."""
    return _valid_facts_evaluated(slots)[1]


# Facts that only add advice to a support's result, never decide it (rules-spec: S1,
# "`service_grant.other_measures_tried: false` only adds the advice that other measures come
# first"; hemsändningsbidrag, "Recommendations (warnings, not criteria): at most two deliveries
# per week and household (compare D / `home_delivery.households` / 52 with 2)"). The engine
# never lists them as missing; a caseworker would still want the advice given, so each is asked
# once its support's own questions are answered, while the support can still be had.
ADVICE_FACTS = {"service_grant.other_measures_tried": "servicebidrag",
                "home_delivery.households": "hemsandningsbidrag"}
NOT_ELIGIBLE = "not_eligible"
LIST_FACTS = {"store.services", "investment.purposes"}
MISSING = "missing"


def missing_slots(slots: dict) -> list[str]:
    """The slots the engine still needs, in its asking order, then the advice facts it can use."""
    evaluated = evaluate_slots(slots)
    results = {result["support"]: result for result in evaluated["results"]}
    advice = [path for path, support in ADVICE_FACTS.items()
              if support in results and results[support]["status"] != NOT_ELIGIBLE
              and not results[support]["missing_facts"] and slots.get(slot_for(path)) is None]
    return [slot_for(path) for path in [*evaluated["missing_facts"], *advice]]


def _decision(slots: dict) -> tuple:
    """What the engine decides on the answers, amounts aside: each support's status, every check's
    outcome and threshold (the band a turnover falls in), and what it would ask next."""
    evaluated = evaluate(valid_facts(slots))
    return tuple((result["support"], result["status"], tuple(result["missing_facts"]),
                  tuple(_judged(check) for check in result["checks"]))
                 for result in evaluated["results"])


def _judged(check: dict) -> tuple:
    """A check as decided: its outcome and threshold; one still waiting for other answers, by
    the side of its threshold the value lies on (a distance below 10 km waits for the special
    reasons, but is below either way)."""
    value, threshold = check["value"], check["threshold"]
    waiting = None
    if check["outcome"] == MISSING and is_number(value) and is_number(threshold):
        waiting = (value > threshold) - (value < threshold)
    return check["id"], check["outcome"], threshold, waiting


def readings_decide_differently(slots: dict, slot: str, first, second) -> bool:
    """Whether two readings of one answer ("2 miles": 3,2 km or 20 km; "mellan 3 och 4 miljoner";
    "knappt tusen") lie on opposite sides of a rule's threshold for this store, given its other
    answers, or for any way an answer still to come may go: then the shop owner is asked which
    was meant. Otherwise either gives the same decision (an amount on the same scale aside), and
    the answer is taken as said. "mellan 40 och 60 tusen" asked before the purposes is asked
    about: without one of them, 50 000 kr is the line for 50 % (I2)."""
    return any(_decision({**slots, **later, slot: first}) != _decision({**slots, **later, slot: second})
               for later in [{}, *_answers_to_come({**slots, slot: first})])


def _answers_to_come(slots: dict) -> list[dict]:
    """Each way one yes/no or choice question still to be asked may be answered (a list
    question: none, or one choice)."""
    ways = []
    for path in evaluate_slots(slots)["missing_facts"]:
        fact = SCHEMA[path]
        if fact is BOOL:
            values = [True, False]
        elif fact.choices and path in LIST_FACTS:
            values = [[], *([choice] for choice in fact.choices)]
        else:
            values = list(fact.choices)
        ways += [{slot_for(path): value} for value in values]
    return ways
