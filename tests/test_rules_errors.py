"""Bad input to the rules engine.

Spec (rules-spec.md): "Unknown keys are rejected with a clear error, as are negative numbers
and wrong types." "A name that is no Swedish municipality is an input error." "year ... Given
and outside 2018–2026 → an error naming the field". "Money and counts are integers;
distances and hours are numbers (decimals allowed)."

Every bad input raises FactsError (a ValueError) whose .errors lists {"field", "message"}
with a Swedish message, and whose str() names the field. Never another exception type.
"""

from __future__ import annotations

import copy
import datetime
import math
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rules_engine import FactsError, evaluate
from rules_engine.facts import MAXIMUM
from stodkollen.conversation_facts import DIALOGUE_FACTS

GOOD = {
    "year": 2018,
    "applicant_kind": "business",
    "municipality": "Vindeln",
    "in_central_locality": False,
    "municipality_has_service_plan": True,
    "special_reasons": False,
    "store": {
        "sells_groceries": True,
        "sells_fuel": False,
        "kind": "grocery_store",
        "grocery_net_turnover_sek": 3000000,
        "article_count": 1800,
        "has_all_product_groups": True,
        "opening_hours_per_week": 45,
        "open_year_round": True,
        "distance_to_nearest_grocery_store_km": 14,
        "distance_to_nearest_fuel_station_km": 25,
        "grocery_store_in_locality": True,
        "archipelago_without_road": False,
        "services": ["fuel", "post"],
        "service_strategic": False,
    },
    "service_grant": {"other_measures_tried": True, "years_already_received": 0},
    "investment": {"planned": True, "eligible_costs_sek": 120000, "purposes": ["accessibility"]},
    "home_delivery": {"net_cost_sek": 80000, "deliveries": 1200, "households": 25},
    "payment_services": {"interested": True, "distance_to_nearest_provider_km": 35,
                         "estimated_users": 300, "commercial_provider_likely": False},
}

# Words and letters one finds in a Swedish error message and not in an English one.
SWEDISH_MARKERS = ("å", "ä", "ö", "inte", "ska", "måste", "okänd", "ogiltig", "fält", "värde",
                   "heltal", "kommun", "tal ")


def _with(path: str, value) -> dict:
    facts = copy.deepcopy(GOOD)
    *parents, leaf = path.split(".")
    node = facts
    for parent in parents:
        node = node[parent]
    node[leaf] = value
    return facts


def _assert_rejected(facts, field: str, **kwargs) -> FactsError:
    with pytest.raises(FactsError) as caught:
        evaluate(facts, **kwargs)
    err = caught.value
    assert isinstance(err, ValueError)
    fields = [e["field"] for e in err.errors]
    assert any(f == field or f.startswith(field + "[") or f.startswith(field + ".")
               for f in fields), f"expected an error for {field}, got {err.errors}"
    for e in err.errors:
        assert isinstance(e["message"], str) and e["message"].strip()
        assert any(m in e["message"].lower() for m in SWEDISH_MARKERS), \
            f"message does not look Swedish: {e['message']!r}"
    assert field in str(err)
    return err


def test_the_good_facts_are_accepted():
    result = evaluate(copy.deepcopy(GOOD))
    assert len(result["results"]) == 5


# ----------------------------------------------------------------------------- unknown keys

@pytest.mark.parametrize("facts, field", [
    pytest.param({**GOOD, "colour": "red"}, "colour", id="unknown top-level key"),
    pytest.param({**GOOD, "Municipality": "Vindeln"}, "Municipality", id="key in the wrong case"),
    pytest.param(_with("store.colour", "red"), "store.colour", id="unknown key in store"),
    pytest.param(_with("store.turnover_sek", 3000000), "store.turnover_sek",
                 id="misspelt turnover in store"),
    pytest.param(_with("investment.cost", 5), "investment.cost", id="unknown key in investment"),
    pytest.param(_with("home_delivery.households_served", 5), "home_delivery.households_served",
                 id="unknown key in home_delivery"),
    pytest.param(_with("payment_services.atm", True), "payment_services.atm",
                 id="unknown key in payment_services"),
    pytest.param(_with("service_grant.years", 1), "service_grant.years",
                 id="unknown key in service_grant"),
    pytest.param({**GOOD, "grocery_net_turnover_sek": 3000000}, "grocery_net_turnover_sek",
                 id="store key given at top level"),
])
def test_unknown_keys_are_rejected(facts, field):
    _assert_rejected(facts, field)


# ----------------------------------------------------------------------------- wrong types

@pytest.mark.parametrize("path, value", [
    pytest.param("store.article_count", "1000", id="string for a count"),
    pytest.param("store.article_count", True, id="True is not a count"),
    pytest.param("store.article_count", 1000.5, id="decimal count"),
    pytest.param("store.grocery_net_turnover_sek", "3 000 000", id="string for money"),
    pytest.param("store.grocery_net_turnover_sek", False, id="bool for money"),
    pytest.param("store.grocery_net_turnover_sek", 3000000.5, id="decimal kronor"),
    pytest.param("store.opening_hours_per_week", "45", id="string for hours"),
    pytest.param("store.opening_hours_per_week", True, id="bool for hours"),
    pytest.param("store.distance_to_nearest_grocery_store_km", "14 km", id="string for distance"),
    pytest.param("store.distance_to_nearest_grocery_store_km", True, id="bool for distance"),
    pytest.param("store.open_year_round", "yes", id="string for a yes/no"),
    pytest.param("store.open_year_round", 1, id="1 for a yes/no"),
    pytest.param("store.sells_groceries", "true", id="string true"),
    pytest.param("store.services", "post", id="string instead of a list"),
    pytest.param("store.services", ["bank"], id="unknown service"),
    pytest.param("store.kind", "kiosk", id="unknown store kind"),
    pytest.param("store", [], id="store is a list"),
    pytest.param("store", "Konsum", id="store is a string"),
    pytest.param("applicant_kind", "company", id="unknown applicant kind"),
    pytest.param("applicant_kind", 3, id="number as applicant kind"),
    pytest.param("municipality", 2460, id="municipality as a number"),
    pytest.param("year", "2018", id="year as a string"),
    pytest.param("year", True, id="year as a bool"),
    pytest.param("year", 2018.0, id="year as a float"),
    pytest.param("investment.purposes", ["painting"], id="unknown purpose"),
    pytest.param("investment.eligible_costs_sek", "120000", id="string cost"),
    pytest.param("investment.planned", "ja", id="string for planned"),
    pytest.param("home_delivery.deliveries", 1200.5, id="decimal deliveries"),
    pytest.param("home_delivery.net_cost_sek", [80000], id="list for money"),
    pytest.param("payment_services.estimated_users", "300", id="string users"),
    pytest.param("payment_services.interested", "maybe", id="string interest"),
    pytest.param("service_grant.years_already_received", True, id="True is not a number of years"),
    pytest.param("service_grant.years_already_received", 1.5, id="decimal years"),
])
def test_wrong_types_are_rejected(path, value):
    _assert_rejected(_with(path, value), path)


@pytest.mark.parametrize("path, value", [
    pytest.param("store.distance_to_nearest_grocery_store_km", math.nan, id="NaN distance"),
    pytest.param("store.opening_hours_per_week", math.inf, id="infinite hours"),
    pytest.param("payment_services.distance_to_nearest_provider_km", -math.inf,
                 id="minus infinity"),
])
def test_non_finite_numbers_are_rejected(path, value):
    """NaN and infinity are not JSON numbers; NaN would make every comparison false."""
    _assert_rejected(_with(path, value), path)


# ----------------------------------------------------------------------------- negative numbers

@pytest.mark.parametrize("path, value", [
    ("store.grocery_net_turnover_sek", -1),
    ("store.article_count", -5),
    ("store.opening_hours_per_week", -0.5),
    ("store.distance_to_nearest_grocery_store_km", -0.1),
    ("store.distance_to_nearest_fuel_station_km", -20),
    ("investment.eligible_costs_sek", -30000),
    ("home_delivery.net_cost_sek", -80000),
    ("home_delivery.deliveries", -1),
    ("home_delivery.households", -2),
    ("payment_services.distance_to_nearest_provider_km", -35),
    ("payment_services.estimated_users", -300),
    ("service_grant.years_already_received", -1),
])
def test_negative_numbers_are_rejected(path, value):
    _assert_rejected(_with(path, value), path)


def test_zero_and_decimal_distances_are_accepted():
    evaluate(_with("store.distance_to_nearest_grocery_store_km", 0))
    evaluate(_with("store.distance_to_nearest_grocery_store_km", 10.1))
    evaluate(_with("store.opening_hours_per_week", 39.5))
    evaluate(_with("store.grocery_net_turnover_sek", 0))


# ----------------------------------------------------------------------------- year

@pytest.mark.parametrize("year", [2017, 2027, 2014, 1999, 0, 3000])
def test_year_outside_2018_to_2026_is_rejected(year):
    _assert_rejected(_with("year", year), "year")


@pytest.mark.parametrize("year", [2018, 2022, 2026])
def test_years_of_the_ruleset_are_accepted(year):
    assert evaluate(_with("year", year))["year"] == year


def test_negative_year_is_rejected():
    _assert_rejected(_with("year", -2018), "year")


# ----------------------------------------------------------------------------- municipality

@pytest.mark.parametrize("name", ["Gnesta-by", "Vindel", "Atlantis", "", "Västerbotten", "Umeå centrum"])
def test_unknown_municipality_is_rejected(name):
    _assert_rejected(_with("municipality", name), "municipality")


@pytest.mark.parametrize("name", ["Gnesta", "Stockholm", "Kiruna", "Vindeln", "vindeln", "UMEÅ"])
def test_real_municipalities_are_not_errors(name):
    evaluate(_with("municipality", name))


# ----------------------------------------------------------------------------- several errors at once

def test_every_bad_field_is_reported():
    facts = _with("store.article_count", "many")
    facts["colour"] = "red"
    facts["year"] = 2030
    with pytest.raises(FactsError) as caught:
        evaluate(facts)
    fields = {e["field"] for e in caught.value.errors}
    assert {"store.article_count", "colour", "year"} <= fields, caught.value.errors
    for field in ("store.article_count", "colour", "year"):
        assert field in str(caught.value)


@pytest.mark.parametrize("facts", [None, [], "Vindeln", 42],
                         ids=["None", "list", "string", "number"])
def test_facts_that_are_not_an_object_are_rejected(facts):
    with pytest.raises(FactsError):
        evaluate(facts)


def test_the_input_is_not_changed_by_a_rejection():
    facts = _with("store.article_count", "many")
    before = copy.deepcopy(facts)
    with pytest.raises(FactsError):
        evaluate(facts)
    assert facts == before


def test_errors_do_not_depend_on_the_language():
    with pytest.raises(FactsError) as sv:
        evaluate(_with("year", 2017))
    with pytest.raises(FactsError) as en:
        evaluate(_with("year", 2017), lang="en")
    assert [e["field"] for e in sv.value.errors] == [e["field"] for e in en.value.errors]


def test_today_does_not_override_a_bad_year():
    _assert_rejected(_with("year", 2027), "year", today=datetime.date(2027, 1, 1))


# ----------------------------------------------------------------------------- fuzz

JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers(-10**9, 10**12)
    | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=12),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=6,
)
PATHS = [
    "year", "applicant_kind", "municipality", "in_central_locality",
    "municipality_has_service_plan", "special_reasons", "store", "store.sells_groceries",
    "store.kind", "store.grocery_net_turnover_sek", "store.article_count",
    "store.opening_hours_per_week", "store.distance_to_nearest_grocery_store_km",
    "store.services", "service_grant", "service_grant.years_already_received", "investment",
    "investment.eligible_costs_sek", "investment.purposes", "home_delivery",
    "home_delivery.deliveries", "home_delivery.households", "payment_services",
    "payment_services.estimated_users", "payment_services.interested",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=st.lists(st.tuples(st.sampled_from(PATHS), JSONISH), min_size=1, max_size=3))
def test_garbage_gives_a_result_or_a_facts_error_never_a_crash(changes):
    facts = copy.deepcopy(GOOD)
    for path, value in changes:
        *parents, leaf = path.split(".")
        node = facts
        for parent in parents:
            if not isinstance(node.get(parent), dict):
                node[parent] = {}
            node = node[parent]
        node[leaf] = value
    try:
        result = evaluate(facts, explain=False)
    except FactsError as err:
        assert err.errors and all({"field", "message"} <= set(e) for e in err.errors)
    else:
        assert len(result["results"]) == 5


@pytest.mark.parametrize("path, value", [
    ("home_delivery.households", 0),
    ("home_delivery.deliveries", 0),
    ("home_delivery.net_cost_sek", 0),
    ("store.article_count", 0),
    ("store.opening_hours_per_week", 0),
])
def test_zero_counts_never_crash(path, value):
    """Zero households (D / households / 52) must not divide by zero: a result or a FactsError."""
    facts = _with(path, value)
    facts["applicant_kind"] = "municipality"
    try:
        evaluate(facts)
    except FactsError:
        pass


# ----------------------------------------------------------------------------- hard limits

LIMIT_CASES = yaml.safe_load(
    (Path(__file__).parent / "rules_limits" / "limits.yaml").read_text(encoding="utf-8"))


def _merged(base: dict, extra: dict) -> dict:
    merged = copy.deepcopy(base)
    for key, value in extra.items():
        merged[key] = _merged(merged.get(key, {}), value) if isinstance(value, dict) else value
    return merged


def test_the_limit_cases_cover_every_limited_fact():
    assert LIMIT_CASES, "tests/rules_limits/limits.yaml holds no case"
    refused = {field for case in LIMIT_CASES for field in case.get("refused", [])}
    assert refused == set(MAXIMUM)


@pytest.mark.parametrize("case", LIMIT_CASES, ids=[case["name"] for case in LIMIT_CASES])
def test_a_value_past_its_hard_limit_is_refused_naming_the_field(case):
    facts = _merged(GOOD, case["facts"])
    if case.get("accepted"):
        assert len(evaluate(facts)["results"]) == 5
        return
    err = _assert_rejected(facts, case["refused"][0])
    assert sorted(e["field"] for e in err.errors) == sorted(case["refused"])
    assert all("större än" in e["message"] for e in err.errors)


def test_the_dialogues_plausible_ranges_lie_within_the_hard_limits():
    """The dialogue may accept a surprising value the user repeats, never one the engine refuses."""
    assert DIALOGUE_FACTS
    for fact in DIALOGUE_FACTS.values():
        if fact.plausible and fact.path in MAXIMUM:
            assert fact.plausible[1] <= MAXIMUM[fact.path], fact.path
