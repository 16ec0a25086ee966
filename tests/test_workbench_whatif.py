"""What-if sweeps and charts: the amounts move where the rules say, the thresholds come
from the ruleset's parameters, and the SVG carries its markers as text a test can find."""

import re

import pytest

import workbench.whatif as whatif
from rules_engine.parameters import parameters_for_year
from workbench.whatif import (
    VARIABLE_FACTS,
    chart_range,
    default_values,
    overlapping_texts,
    spread,
    sweep,
    thresholds,
    whatif_chart,
    whatif_svg,
)

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
    assert VARIABLE_FACTS
    facts = dict(BYABUTIK, home_delivery={"net_cost_sek": 90_000, "deliveries": 700})
    for path in VARIABLE_FACTS:
        assert thresholds(path, 2025, facts), path
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
                       values=[5, 30], id_prefix="s1-")
    assert '<g id="s1-threshold-distance-grocery-store-min-km">' in chart
    assert '<g id="s1-scenario-point">' in chart


def test_a_chart_needs_a_range_to_draw():
    with pytest.raises(ValueError, match="store.grocery_store_in_locality"):
        whatif_svg(BYABUTIK, "store.grocery_store_in_locality")
    with pytest.raises(ValueError, match="minst ett värde"):
        whatif_svg(BYABUTIK, "store.opening_hours_per_week", values=[])


# ---------------------------------------------------------------------------- charts that fit the case
HOME_DELIVERY = {"year": 2025, "applicant_kind": "municipality", "municipality": "Vilhelmina",
                 "municipality_has_service_plan": True,
                 "store": {"sells_groceries": False, "sells_fuel": False, "kind": "service_point"},
                 "home_delivery": {"net_cost_sek": 120_000, "deliveries": 900, "households": 14}}
INVESTMENT = dict(BYABUTIK, investment={"planned": True, "purposes": ["energy_climate"]})


def _with(facts: dict, path: str, value) -> dict:
    group, _, key = path.rpartition(".")
    return {**facts, group: {**facts.get(group, {}), key: value}}


def test_the_per_delivery_cap_starts_to_bind_where_100_kr_per_delivery_is_half_the_cost():
    """SFS 2000:284 20 §: at most half the net cost, and at most 100 kr per household and delivery.
    900 deliveries: 90 000 kr, reached at a net cost of 180 000 kr; above that the cap limits."""
    values = {t.id: v for t, v in thresholds("home_delivery.net_cost_sek", 2025, HOME_DELIVERY)}
    assert values == {"hemsandning.min_net_cost": 29_400, "hemsandning.per_delivery_cap": 180_000}
    points = sweep(HOME_DELIVERY, "home_delivery.net_cost_sek", [170_000, 180_000, 190_000])
    assert [p.amounts["hemsandningsbidrag"] for p in points] == [85_000, 90_000, 90_000]
    # Along the deliveries, the same cap: below 600 deliveries (60 000 kr = half of 120 000 kr) it limits.
    assert [v for _, v in thresholds("home_delivery.deliveries", 2025, HOME_DELIVERY)] == [600]
    points = sweep(HOME_DELIVERY, "home_delivery.deliveries", [599, 600, 601])
    assert [p.amounts["hemsandningsbidrag"] for p in points] == [59_900, 60_000, 60_000]
    # Without the number of deliveries there is no cap to draw, and no made-up line.
    no_count = _with(HOME_DELIVERY, "home_delivery.deliveries", None)
    assert [t.id for t, _ in thresholds("home_delivery.net_cost_sek", 2025, no_count)] == \
        ["hemsandning.min_net_cost"]


# Each beyond the old fixed range (VARIABLE_FACTS before issue 19: 13 000 000 kr turnover, 30 km,
# 40 km fuel, 80 h, 3 000 articles, 200 000 kr investment, 100 000 kr net cost, 6 years).
BEYOND = [
    (HOME_DELIVERY, "home_delivery.net_cost_sek", 120_000, 100_000),
    (BYABUTIK, "store.grocery_net_turnover_sek", 16_000_000, 13_000_000),
    (BYABUTIK, "store.distance_to_nearest_grocery_store_km", 42.5, 30),
    (dict(BYABUTIK, store={**BYABUTIK["store"], "sells_fuel": True}),
     "store.distance_to_nearest_fuel_station_km", 55, 40),
    (BYABUTIK, "store.opening_hours_per_week", 98, 80),
    (BYABUTIK, "store.article_count", 4_200, 3_000),
    (INVESTMENT, "investment.eligible_costs_sek", 350_000, 200_000),
    (dict(BYABUTIK, service_grant={"years_already_received": 8}),
     "service_grant.years_already_received", 8, 6),
]


def test_beyond_covers_every_variable_fact():
    assert {path for _, path, _, _ in BEYOND} | {"home_delivery.deliveries"} == set(VARIABLE_FACTS)


@pytest.mark.parametrize(("facts", "path", "own", "old_stop"), BEYOND, ids=[case[1] for case in BEYOND])
def test_the_axis_spans_the_scenarios_value_and_every_threshold_in_reach(facts, path, own, old_stop):
    facts = _with(facts, path, own)
    start, stop = chart_range(facts, path, 2025)
    assert own > old_stop and start == 0
    assert stop >= own * 1.1, "the scenario's value needs a margin, not the edge"
    for threshold, value in thresholds(path, 2025, facts):
        assert value < stop, threshold.id
    chart = whatif_svg(facts, path)
    assert '<g id="scenario-point">' in chart
    for threshold, _ in thresholds(path, 2025, facts):
        assert f'<g id="threshold-{threshold.id.replace(".", "-").replace("_", "-")}">' in chart, threshold.id


def test_the_issues_case_has_its_cap_and_point_on_the_chart():
    """"A net home-delivery cost of 120 000 kr gets a chart whose axis stops at 100 000 kr."""
    chart = whatif_svg(HOME_DELIVERY, "home_delivery.net_cost_sek")
    assert '<g id="threshold-hemsandning-per-delivery-cap">' in chart
    assert '<g id="scenario-point-hemsandningsbidrag">' in chart  # the point is drawn, not only the label
    title = re.search(r'<g id="threshold-hemsandning-per-delivery-cap">\s*<title>([^<]*)</title>',
                      chart).group(1)
    assert "180\N{NO-BREAK SPACE}000\N{NO-BREAK SPACE}kr" in title and "SFS 2000:284" in title


def test_a_threshold_far_out_of_reach_does_not_squeeze_the_chart():
    """50 000 deliveries: the cap would bind at 10 000 000 kr, out of reach, and is left out."""
    many = _with(HOME_DELIVERY, "home_delivery.deliveries", 50_000)
    assert chart_range(many, "home_delivery.net_cost_sek", 2025)[1] <= 200_000


def test_the_range_can_be_set_and_a_wrong_one_is_said_in_swedish():
    values = default_values("store.grocery_net_turnover_sek", 2025, BYABUTIK, start=1_000_000, stop=4_000_000)
    assert values[0] == 1_000_000 and values[-1] == 4_000_000
    assert {2_000_000, 2_000_001, 3_000_000} <= set(values)  # threshold, just past it, the scenario's own
    assert 11_000_000 not in values
    chart = whatif_svg(BYABUTIK, "store.grocery_net_turnover_sek", start=4_000_000, stop=9_000_000)
    assert "threshold-driftstod-max-turnover-sek" not in chart and "scenario-point" not in chart
    with pytest.raises(ValueError, match="måste börja på 0 eller mer"):
        chart_range(BYABUTIK, "store.grocery_net_turnover_sek", 2025, start=5_000_000, stop=1_000_000)


def test_spread_keeps_labels_apart_and_inside():
    assert spread([10, 11, 12], 5, 0, 100) == [10, 15, 20]
    assert spread([98, 99], 5, 0, 100) == [95, 100]
    assert spread([10, 50], 5, 0, 100) == [10, 50]  # far apart: each on its own line


LABEL_CASES = [(facts, path, own, None) for facts, path, own, _ in BEYOND] + [
    (BYABUTIK, "store.grocery_net_turnover_sek", 3_000_000, 60_000_000),  # five thresholds squeezed left
    (BYABUTIK, "store.opening_hours_per_week", 45, None),  # the long hour ticks of the issue
    (HOME_DELIVERY, "home_delivery.deliveries", 900, None),
]


@pytest.mark.parametrize(("facts", "path", "own", "stop"), LABEL_CASES,
                         ids=[f"{case[1]}-{case[2]}" for case in LABEL_CASES])
def test_no_two_labels_overlap_and_the_legend_hides_no_threshold(facts, path, own, stop):
    chart = whatif_chart(_with(facts, path, own), path, stop=stop)
    assert overlapping_texts(chart.figure) == []
    amount_axes = chart.figure.axes[0]
    renderer = chart.figure.canvas.get_renderer()
    legend = amount_axes.get_legend()
    if legend is not None:  # above the plot, where no threshold line or label is
        assert legend.get_window_extent(renderer).y0 >= amount_axes.get_window_extent(renderer).y1
