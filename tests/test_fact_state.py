"""The three states of a fact (not asked, asked and unknown, answered) as the slots write them,
and the bridge to the engine's facts that keeps them (absent, null, a value)."""

import pytest

from stodkollen.conversation_facts import (
    DIALOGUE_FACTS,
    UNKNOWN,
    FactState,
    fact_state,
    facts_from_slots,
    slots_from_facts,
)


@pytest.mark.parametrize(("slot_value", "state"), [
    (None, FactState.NOT_ASKED),
    (UNKNOWN, FactState.UNKNOWN),
    # Falsy answers are answers: "nej", none at all, no services.
    (False, FactState.ANSWERED),
    (0, FactState.ANSWERED),
    (0.0, FactState.ANSWERED),
    ([], FactState.ANSWERED),
    ("", FactState.ANSWERED),
    (True, FactState.ANSWERED),
    (2_500_000, FactState.ANSWERED),
    ("Sorsele", FactState.ANSWERED),
    (["post", "parcel"], FactState.ANSWERED),
])
def test_each_slot_value_stands_for_one_state(slot_value, state):
    assert fact_state(slot_value) is state


def test_every_state_is_reached():
    reached = {fact_state(value) for value in (None, UNKNOWN, 12)}
    assert reached == set(FactState)


# One fact of each kind the dialogue asks, in each of the three states.
SLOTS = {"municipality": "Sorsele", "store_open_year_round": False, "store_article_count": UNKNOWN,
         "store_services": [], "store_grocery_net_turnover_sek": 0, "special_reasons": None}
FACTS = {"municipality": "Sorsele", "store": {"open_year_round": False, "article_count": None,
                                              "services": [], "grocery_net_turnover_sek": 0}}


def test_slots_become_the_engines_facts_state_by_state():
    assert facts_from_slots(SLOTS) == FACTS


def test_the_engines_facts_become_slots_state_by_state():
    slots = slots_from_facts(FACTS)
    assert slots == {slot: value for slot, value in SLOTS.items() if value is not None}
    assert "special_reasons" not in slots  # not asked: no slot set


def test_every_fact_survives_the_round_trip_in_every_state():
    assert DIALOGUE_FACTS
    for state_value in (UNKNOWN, 1):
        slots = {fact.slot: state_value for fact in DIALOGUE_FACTS.values()}
        assert slots_from_facts(facts_from_slots(slots)) == slots
    assert slots_from_facts(facts_from_slots({})) == {}
