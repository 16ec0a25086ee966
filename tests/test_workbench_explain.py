"""Which sentence of the programme the workbench quotes beside a check."""

from rules_engine import evaluate
from service.workbench.explain import source_sentence

SMALL_STORE = {"year": 2018, "applicant_kind": "business", "municipality": "Sorsele",
               "store": {"sells_groceries": True, "kind": "grocery_store",
                         "grocery_net_turnover_sek": 1_500_000, "opening_hours_per_week": 25,
                         "open_year_round": True}}


def check(facts: dict, support: str, check_id: str) -> dict:
    result = next(item for item in evaluate(facts)["results"] if item["support"] == support)
    return next(item for item in result["checks"] if item["id"] == check_id)


def test_the_small_stores_20_hours_are_quoted_not_the_20_km_to_a_fuel_station():
    hours = check(SMALL_STORE, "sarskilt_driftstod", "D3")
    assert hours["threshold"] == 20  # as many as the kilometres of distance.fuel_station_min_km
    assert source_sentence(hours, 2018) == {
        "quote": "Öppet året runt i genomsnitt minst 20 timmar per vecka för butiker med omsättning under "
                 "2 miljoner kronor.",
        "reference": "Bilaga 1, Särskilt driftstöd, Definitioner"}


def test_a_threshold_no_parameter_of_the_check_explains_gets_no_quote():
    made_up = {"id": "X", "threshold": 20, "reference": "Någon annan bilaga"}
    assert source_sentence(made_up, 2018) is None
    assert source_sentence({**made_up, "threshold": 123_456}, 2018) is None
