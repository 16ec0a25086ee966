"""What-if sweeps and charts: the amounts move where the rules say, the thresholds come
from the ruleset's parameters, and the SVG carries its markers as text a test can find."""

import re

import pytest

import workbench.whatif as whatif
from rules_engine.parameters import parameters_for_year
from workbench.whatif import VARIABLE_FACTS, default_values, sweep, thresholds, whatif_svg

BYABUTIK = {
    "year": 2025, "applicant_kind": "business", "municipality": "Vindeln",
    "municipality_has_service_plan": True, "special_reasons": False,
    "store": {"sells_groceries": True, "sells_fuel": False, "kind": "grocery_store",
              "grocery_net_turnover_sek": 3_000_000, "article_count": 1500, "has_all_product_groups": True,
              "opening_hours_per_week": 45, "open_year_round": True,
              "distance_to_nearest_grocery_store_km": 25, "archipelago_without_road": False},
}


def test_sweeping_the_turnover_follows_the_spec_examples():
    """rules-spec: T = 3 000 000 → 166 667 kr; T = 9 000 000 → 150 000 kr; over 11 000 000 → not_eligible."""
    points = sweep(BYABUTIK, "store.grocery_net_turnover_sek", [3_000_000, 9_000_000, 11_000_001])
    assert [p.amounts["sarskilt_driftstod"] for p in points] == [166667, 150000, None]
    assert [p.statuses["sarskilt_driftstod"] for p in points] == ["eligible", "eligible", "not_eligible"]
    assert [p.value for p in points] == [3_000_000, 9_000_000, 11_000_001]


def test_sweeping_the_distance_finds_the_ten_km_cliff():
    """"Grocery criterion: grocery distance > 10 km (strictly)"; no special reasons → not_eligible."""
    points = sweep(BYABUTIK, "store.distance_to_nearest_grocery_store_km", [10, 10.1])
    assert [p.statuses["sarskilt_driftstod"] for p in points] == ["not_eligible", "eligible"]
    assert all(isinstance(p.value, float) for p in points)


def test_a_sweep_leaves_the_scenario_alone():
    before = repr(BYABUTIK)
    sweep(BYABUTIK, "store.opening_hours_per_week", [10, 50])
    assert repr(BYABUTIK) == before


def test_only_numbers_of_the_contract_can_be_varied():
    with pytest.raises(ValueError, match="store.kind"):
        sweep(BYABUTIK, "store.kind", [1])


def test_every_variable_fact_has_thresholds_from_the_ruleset():
    for path in VARIABLE_FACTS:
        assert thresholds(path, 2025), path
    values = {t.id: v for t, v in thresholds("store.grocery_net_turnover_sek", 2025)}
    parameters = parameters_for_year(2025)
    assert values["driftstod.small_store_turnover_sek"] == parameters["driftstod.small_store_turnover_sek"]
    assert values["driftstod.max_turnover_sek"] == parameters["driftstod.max_turnover_sek"] == 11_000_000
    assert [v for _, v in thresholds("store.distance_to_nearest_grocery_store_km", 2025)] == [10]


def test_the_home_delivery_threshold_is_half_the_years_prisbasbelopp():
    """"at least half a prisbasbelopp of the year (2018: 22 750 kr)"."""
    assert [v for _, v in thresholds("home_delivery.net_cost_sek", 2018)] == [22750]
    assert [v for _, v in thresholds("home_delivery.net_cost_sek", 2026)] == [29600]


def test_thresholds_move_with_the_parameters(monkeypatch):
    """No number of the rules is written in the chart code: a changed parameter moves the line."""
    changed = dict(parameters_for_year(2025), **{"distance.grocery_store_min_km": 12})
    monkeypatch.setattr(whatif, "parameters_for_year", lambda year: changed)
    assert [v for _, v in thresholds("store.distance_to_nearest_grocery_store_km", 2025)] == [12]


def test_default_values_include_each_threshold_and_just_past_it():
    values = default_values("store.distance_to_nearest_grocery_store_km", 2025)
    assert {10, 10.1} <= set(values) and values == sorted(values)
    assert {11_000_000, 11_000_001} <= set(default_values("store.grocery_net_turnover_sek", 2025))


@pytest.fixture(scope="module")
def turnover_chart() -> str:
    return whatif_svg(BYABUTIK, "store.grocery_net_turnover_sek", "sarskilt_driftstod")


def test_the_chart_marks_each_threshold_with_its_source(turnover_chart):
    for gid in ("driftstod-small-store-turnover-sek", "driftstod-max-turnover-sek", "driftstod-bands-first",
                "driftstod-bands-flat", "driftstod-bands-falling"):
        assert f'<g id="threshold-{gid}">' in turnover_chart, gid
    title = re.search(r'<g id="threshold-driftstod-max-turnover-sek">\s*<title>([^<]*)</title>',
                      turnover_chart).group(1)
    assert "11\N{NO-BREAK SPACE}000\N{NO-BREAK SPACE}000\N{NO-BREAK SPACE}kr" in title
    assert "Bilaga 1" in title


def test_the_chart_shows_the_scenarios_own_point(turnover_chart):
    assert '<g id="scenario-point">' in turnover_chart
    assert '<g id="scenario-point-sarskilt-driftstod">' in turnover_chart
    assert "Scenariot: 3\N{NO-BREAK SPACE}000\N{NO-BREAK SPACE}000\N{NO-BREAK SPACE}kr" in turnover_chart


def test_the_chart_keeps_its_text_as_swedish_text(turnover_chart):
    assert turnover_chart.lstrip().startswith("<?xml")
    assert "Belopp" in turnover_chart and "Nettoomsättningen för dagligvaror" in turnover_chart
    assert "300\N{NO-BREAK SPACE}000\N{NO-BREAK SPACE}kr" in turnover_chart  # a y tick, Swedish style
    assert "Uppfyller villkoren" in turnover_chart and "Inte stöd" in turnover_chart


def test_the_chart_speaks_english_too():
    chart = whatif_svg(BYABUTIK, "store.opening_hours_per_week", "sarskilt_driftstod", lang="en",
                       values=[10, 30, 50])
    assert "Amount" in chart and "Belopp" not in chart
    assert '<g id="threshold-driftstod-min-hours-per-week">' in chart


def test_without_a_support_the_chart_shows_those_the_fact_affects():
    facts = dict(BYABUTIK, investment={"planned": True, "purposes": ["energy_climate"]})
    chart = whatif_svg(facts, "investment.eligible_costs_sek", values=[20_000, 40_000, 60_000])
    assert '<g id="amount-investeringsstod">' in chart
    assert '<g id="amount-sarskilt-driftstod">' not in chart
    assert "scenario-point" not in chart  # the scenario gives no cost to mark
    assert '<g id="threshold-investering-high-rate-min-costs-sek">' in chart


def test_a_prefix_keeps_ids_apart_when_charts_share_a_page():
    chart = whatif_svg(BYABUTIK, "store.distance_to_nearest_grocery_store_km", "sarskilt_driftstod",
                       values=[5, 15], id_prefix="s1-")
    assert '<g id="s1-threshold-distance-grocery-store-min-km">' in chart
    assert '<g id="s1-scenario-point">' in chart


def test_a_chart_needs_a_range_to_draw():
    with pytest.raises(ValueError, match="store.grocery_store_in_locality"):
        whatif_svg(BYABUTIK, "store.grocery_store_in_locality")
    with pytest.raises(ValueError, match="minst ett värde"):
        whatif_svg(BYABUTIK, "store.opening_hours_per_week", values=[])
