"""The spec's worked examples and the shape of the JSON contract."""

import json
from datetime import date

import pytest
from examples import STORE

from rules_engine import SUPPORT_NAMES, evaluate


def driftstod_for(turnover: int, **evaluate_options) -> dict:
    facts = {**STORE, "store": {**STORE["store"], "grocery_net_turnover_sek": turnover}}
    return evaluate(facts, **evaluate_options)["results"][0]


@pytest.mark.parametrize(("turnover", "amount"), [(3_000_000, 166_667), (9_000_000, 150_000),
                                                  (10_999_000, 75)])
def test_the_specs_examples_come_out_exactly(turnover, amount):
    assert driftstod_for(turnover)["amount_sek"] == amount
    assert driftstod_for(turnover, explain=False)["amount_sek"] == amount


def test_result_names_the_ruleset_and_gives_all_five_supports_in_order():
    output = evaluate(STORE)
    assert output["ruleset"]["id"] == "rsp-vasterbotten-2018"
    assert [result["support"] for result in output["results"]] == list(SUPPORT_NAMES)
    json.dumps(output)  # JSON-compatible all the way down


def test_every_check_explains_itself_and_cites_its_source():
    for result in evaluate(STORE)["results"]:
        for check in result["checks"]:
            assert check["explanation"] and check["reference"], check


def test_a_narrow_miss_says_by_how_much():
    facts = {**STORE, "special_reasons": False,
             "store": {**STORE["store"], "distance_to_nearest_grocery_store_km": 8,
                       "archipelago_without_road": False, "grocery_net_turnover_sek": 11_040_000}}
    checks = {check["id"]: check["explanation"] for check in evaluate(facts)["results"][0]["checks"]}
    assert "2\N{NO-BREAK SPACE}km för kort avstånd" in checks["D2"]
    assert "40\N{NO-BREAK SPACE}000\N{NO-BREAK SPACE}kr över gränsen" in checks["D4"]


def test_without_a_year_the_current_one_is_used_and_said():
    facts = {key: value for key, value in STORE.items() if key != "year"}
    output = evaluate(facts, today=date(2026, 3, 1))
    assert output["year"] == 2026
    assert "2026" in output["notes"][0]


def test_after_the_last_known_prisbasbelopp_the_latest_year_is_used():
    facts = {key: value for key, value in STORE.items() if key != "year"}
    output = evaluate(facts, today=date(2031, 1, 1))
    assert output["year"] == 2026
    assert "inte känt" in output["notes"][0]


def test_without_explanations_only_status_and_amounts_remain():
    result = driftstod_for(3_000_000, explain=False)
    assert set(result) == {"support", "status", "amount_sek", "max_amount_sek", "period", "missing_facts"}
