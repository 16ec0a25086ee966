"""The bridge between the engine's facts and the dialogue's slots.

Every fact the engine may ask for has a Rasa slot of the same name with dots turned into
underscores ("store.article_count" → "store_article_count"), and a way to read an answer
to its question. The action server (validating answers) and the NLG service (summaries,
results) both build the engine's facts from the slots here, so they agree.
"""

from dataclasses import dataclass
from enum import Enum

from rules_engine.facts import BOOL, SCHEMA

# The slot value for "asked, and the applicant does not know" (the engine's null).
UNKNOWN = "unknown"


class FactState(Enum):
    """Where a fact stands. The slots and the engine write the same three states differently:

    ==========  ==========  ==========================
    state       slot        engine's facts
    ==========  ==========  ==========================
    NOT_ASKED   None        key absent (facts.ABSENT)
    UNKNOWN     UNKNOWN     None (JSON null)
    ANSWERED    the value   the value
    ==========  ==========  ==========================
    """

    NOT_ASKED = "not_asked"
    UNKNOWN = "unknown"  # asked, and the applicant does not know ("vet inte")
    ANSWERED = "answered"


def fact_state(slot_value) -> FactState:
    """The state a slot's value stands for: unset is not asked, UNKNOWN is "vet inte", any
    other value (False and 0 too) is an answer."""
    if slot_value is None:
        return FactState.NOT_ASKED
    return FactState.UNKNOWN if slot_value == UNKNOWN else FactState.ANSWERED


@dataclass(frozen=True)
class DialogueFact:
    path: str  # the engine's dotted fact
    answer: str  # how an answer is read: see ANSWER_KINDS
    plausible: tuple[float, float] | None = None  # outside this range we ask again, kindly
    no_means_zero: bool = False  # a first "nej" to its question is 0 (actions/form.py)

    @property
    def slot(self) -> str:
        return slot_for(self.path)


# yes_no, amount_sek, distance_km, hours_per_week and count are read by swedish_quantities;
# the choices by keyword tables in the action server; municipality by the place matcher.
ANSWER_KINDS = ("yes_no", "amount_sek", "distance_km", "hours_per_week", "count", "municipality",
                "applicant_kind", "store_kind", "services", "purposes")

_ANSWER_BY_PATH = {
    "municipality": "municipality", "applicant_kind": "applicant_kind", "store.kind": "store_kind",
    "store.services": "services", "investment.purposes": "purposes",
    "store.opening_hours_per_week": "hours_per_week",
}
_PLAUSIBLE = {
    # Reading: values a shop owner can hardly mean; we ask again with an example rather than
    # compute on a slip of the thumb ("30 kr", "400 timmar", "900 km").
    "store.grocery_net_turnover_sek": (10_000, 500_000_000),
    "store.opening_hours_per_week": (1, 168),
    "store.article_count": (1, 200_000),
    "store.distance_to_nearest_grocery_store_km": (0, 500),
    "store.distance_to_nearest_fuel_station_km": (0, 500),
    "service_grant.years_already_received": (0, 40),
    "investment.eligible_costs_sek": (1_000, 500_000_000),
    "home_delivery.net_cost_sek": (100, 100_000_000),
    "home_delivery.deliveries": (0, 1_000_000),
    "home_delivery.households": (1, 100_000),
    "payment_services.distance_to_nearest_provider_km": (0, 500),
    "payment_services.estimated_users": (0, 1_000_000),
}


# Reading: "Hur många år har ni redan fått servicebidrag?" "Nej." means none. Only where 0 is
# the usual answer; "nej" to how many articles or households is no number.
_NO_MEANS_ZERO = {"service_grant.years_already_received"}


def is_number(value) -> bool:
    """An answer that is a number: JSON's true is no number, though Python counts it as 1."""
    return isinstance(value, int | float) and type(value) is not bool


def slot_for(path: str) -> str:
    return path.replace(".", "_")


def _answer_kind(path: str) -> str:
    if path in _ANSWER_BY_PATH:
        return _ANSWER_BY_PATH[path]
    if path.endswith("_sek"):
        return "amount_sek"
    if path.endswith("_km"):
        return "distance_km"
    return "yes_no" if SCHEMA[path] is BOOL else "count"


# The year is not asked: the engine takes the current year (and says so).
DIALOGUE_FACTS = {path: DialogueFact(path, _answer_kind(path), _PLAUSIBLE.get(path), path in _NO_MEANS_ZERO)
                  for path in SCHEMA if path != "year"}
BY_SLOT = {fact.slot: fact for fact in DIALOGUE_FACTS.values()}


def facts_from_slots(slots: dict) -> dict:
    """The engine's nested facts from the tracker's slots: unset → absent, UNKNOWN → null."""
    facts: dict = {}
    for fact in DIALOGUE_FACTS.values():
        value = slots.get(fact.slot)
        state = fact_state(value)
        if state is FactState.NOT_ASKED:
            continue
        group, _, key = fact.path.rpartition(".")
        (facts.setdefault(group, {}) if group else facts)[key or fact.path] = \
            None if state is FactState.UNKNOWN else value
    return facts


def slots_from_facts(facts: dict) -> dict:
    """The slots for the engine's nested facts, facts_from_slots turned round: absent →
    unset (left out), null → UNKNOWN."""
    slots: dict = {}
    for fact in DIALOGUE_FACTS.values():
        group, _, key = fact.path.rpartition(".")
        container = (facts.get(group) or {}) if group else facts
        if key in container:
            slots[fact.slot] = UNKNOWN if container[key] is None else container[key]
    return slots
