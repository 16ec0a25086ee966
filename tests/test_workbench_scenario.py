"""The scenario format: YAML a caseworker reads and writes, its errors, and runs."""

import re

import pytest

from workbench.scenario import (
    ChartRange,
    Expected,
    Mismatch,
    Scenario,
    ScenarioError,
    ScenarioErrors,
    load_library,
    read_library,
    run_scenario,
    scenario_from_yaml,
    scenario_to_yaml,
)

BYABUTIK = """\
name: Byabutiken i Åsele
description: |
  En byabutik med 3 miljoner i omsättning,
  två och en halv mil till närmaste andra butik.
facts:
  year: 2025
  applicant_kind: business
  municipality: Åsele
  municipality_has_service_plan: true
  store:
    sells_groceries: true
    sells_fuel: false
    kind: grocery_store
    grocery_net_turnover_sek: 3000000
    article_count: 1500
    has_all_product_groups: true
    opening_hours_per_week: 45
    open_year_round: true
    distance_to_nearest_grocery_store_km: 25
expected:
  sarskilt_driftstod: {status: eligible, amount_sek: 166667}
  hemsandningsbidrag: not_eligible
conversation:
  - Hej
  - Butik
"""


def test_a_scenario_reads_with_its_expected_outcome_and_conversation():
    scenario = scenario_from_yaml(BYABUTIK, "byabutik")
    assert scenario.id == "byabutik"
    assert scenario.name == "Byabutiken i Åsele"
    assert scenario.description.startswith("En byabutik")
    assert scenario.facts["store"]["grocery_net_turnover_sek"] == 3_000_000
    assert scenario.expected == {"sarskilt_driftstod": Expected("eligible", 166667),
                                 "hemsandningsbidrag": Expected("not_eligible", None)}
    assert scenario.conversation == ["Hej", "Butik"]


def test_without_an_id_the_name_gives_one():
    assert scenario_from_yaml(BYABUTIK).id == "byabutiken-i-asele"


def test_round_trip_keeps_everything_and_swedish_letters():
    scenario = scenario_from_yaml(BYABUTIK, "byabutik")
    text = scenario_to_yaml(scenario)
    assert "Åsele" in text and "\\u" not in text
    assert "sarskilt_driftstod: {status: eligible, amount_sek: 166667}" in text
    assert "hemsandningsbidrag: not_eligible" in text
    assert scenario_from_yaml(text, "byabutik") == scenario


def test_a_scenario_made_in_code_round_trips():
    scenario = Scenario("tom", "Bara ett namn", "", {"municipality": "Vindeln"})
    assert scenario_from_yaml(scenario_to_yaml(scenario), "tom") == scenario


@pytest.mark.parametrize("text, field, words", [
    ("name: [oavslutad", "", "YAML"),
    ("- en lista", "", "mappning"),
    ("name: X\nfakta: {}", "fakta", "Okänt fält"),
    ("description: utan namn", "name", "text"),
    ("name: X\nfacts: [1, 2]", "facts", "mappning"),
    ("name: X\nfacts: {store: {kind: kiosk}}", "facts.store.kind", "grocery_store"),
    ("name: X\nfacts: {store: {article_count: -5}}", "facts.store.article_count", "negativt"),
    ("name: X\nfacts: {butik: 1}", "facts.butik", "Okänt fält"),
    ("name: X\nexpected: {driftstod: eligible}", "expected.driftstod", "sarskilt_driftstod"),
    ("name: X\nexpected: {servicebidrag: kanske}", "expected.servicebidrag.status", "needs_assessment"),
    ("name: X\nexpected: {servicebidrag: {status: eligible, belopp: 5}}",
     "expected.servicebidrag.belopp", "amount_sek"),
    ("name: X\nexpected: {investeringsstod: {status: eligible, amount_sek: 1.5}}",
     "expected.investeringsstod.amount_sek", "hela kronor"),
    ("name: X\nconversation: Hej", "conversation", "lista"),
    ("name: X\nconversation: ['Hej', '']", "conversation.1", "replik"),
    ("name: X\nchart: 5", "chart", "mappning"),
    ("name: X\nchannel: telefon", "channel", "web, phone"),
    ("name: X\nchart: {fact: store.kind}", "chart.fact", "home_delivery.net_cost_sek"),
    ("name: X\nchart: {fact: store.article_count, till: 5}", "chart.till", "Okänt fält"),
    ("name: X\nchart: {fact: store.article_count, from: -1}", "chart.from", "0 eller mer"),
    ("name: X\nchart: {fact: store.article_count, from: 500, to: 100}", "chart.to", "större"),
])
def test_bad_scenarios_name_the_field_in_swedish(text, field, words):
    with pytest.raises(ScenarioError) as raised:
        scenario_from_yaml(text)
    assert raised.value.field == field
    assert words in raised.value.message


def test_a_scenario_can_set_its_charts_fact_and_range():
    chart = "chart: {fact: store.grocery_net_turnover_sek, to: 20000000}\n"
    scenario = scenario_from_yaml(BYABUTIK + chart, "b")
    assert scenario.chart == ChartRange("store.grocery_net_turnover_sek", None, 20_000_000)
    assert scenario_from_yaml(scenario_to_yaml(scenario), "b") == scenario
    assert "chart:" not in scenario_to_yaml(scenario_from_yaml(BYABUTIK, "b"))


def test_a_conversation_can_be_a_call():
    scenario = scenario_from_yaml(BYABUTIK + "channel: phone\n", "samtal")
    assert scenario.channel == "phone"
    assert scenario_from_yaml(scenario_to_yaml(scenario), "samtal") == scenario
    assert scenario_from_yaml(BYABUTIK, "b").channel == "web"
    assert "channel" not in scenario_to_yaml(scenario_from_yaml(BYABUTIK, "b"))


def test_errors_follow_the_language():
    with pytest.raises(ScenarioError) as raised:
        scenario_from_yaml("name: X\nfakta: {}", lang="en")
    assert "Unknown field" in raised.value.message


def test_the_library_takes_ids_from_file_names_and_names_a_bad_file(tmp_path):
    (tmp_path / "b-butik.yaml").write_text(BYABUTIK, encoding="utf-8")
    (tmp_path / "a-tom.yaml").write_text("name: Tom\n", encoding="utf-8")
    (tmp_path / "inte-scenario.txt").write_text("ignoreras", encoding="utf-8")
    assert [scenario.id for scenario in load_library(tmp_path)] == ["a-tom", "b-butik"]

    (tmp_path / "c-trasig.yaml").write_text("name: X\nexpected: {servicebidrag: ja}\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as raised:
        load_library(tmp_path)
    assert raised.value.field == "c-trasig.yaml: expected.servicebidrag.status"
    assert raised.value.message.startswith("c-trasig.yaml, rad 2, kolumn 12: ")


# ---------------------------------------------------------------------------- every mistake, where it is
@pytest.mark.parametrize("text, line, column, words", [
    ("name: X\nfacts:\n\tyear: 2025\n", 3, 1, "tabb"),
    ("name: X\ndescription: Butik: stor: ja\n", 2, 19, "kolon"),
    ("name: X\nexpected: {servicebidrag: eligible\n", 3, 1, "inte stängd"),
    ("name: X\nfacts:\n  year: 2025\n municipality: Vindeln\n", 4, 2, "indraget"),
    ("name: X\n---\nname: Y\n", 2, 1, "flera YAML-dokument"),
    ('name: "X\n', 2, 1, "citattecken"),
])
def test_yaml_syntax_errors_are_said_in_swedish_with_line_and_column(text, line, column, words):
    with pytest.raises(ScenarioError) as raised:
        scenario_from_yaml(text)
    assert (raised.value.place.line, raised.value.place.column) == (line, column)
    assert words in raised.value.message and "Scenariot går inte att läsa som YAML" in raised.value.message
    assert not re.search(r"\b(expected|found|mapping values|while scanning)\b", raised.value.message)
    assert raised.value.described().startswith(f"Rad {line}, kolumn {column}: ")


def test_a_key_written_twice_is_an_error_everywhere_it_happens():
    text = ("name: X\nfacts:\n  year: 2025\n  store:\n    article_count: 900\n    article_count: 1500\n"
            "name: Y\n")
    with pytest.raises(ScenarioErrors) as raised:
        scenario_from_yaml(text)
    found = [(error.place.line, error.place.column, error.message) for error in raised.value.errors]
    assert found == [  # in the order they are written
        (6, 5, "Fältet ”article_count” står två gånger i samma mappning (först på rad 5). Ta bort det ena, "
               "annars gäller bara det sista."),
        (7, 1, "Fältet ”name” står två gånger i samma mappning (först på rad 1). Ta bort det ena, "
               "annars gäller bara det sista."),
    ]


def test_every_mistake_of_a_file_is_named_with_where_it_is():
    text = ("name: X\nfakta: 1\nfacts:\n  store: {kind: kiosk, article_count: -5}\n"
            "expected:\n  servicebidrag: kanske\n  driftstod: eligible\nchart: {fact: store.kind}\n")
    with pytest.raises(ScenarioErrors) as raised:
        scenario_from_yaml(text)
    where = {error.field: (error.place.line, error.place.column) for error in raised.value.errors}
    assert where == {"fakta": (2, 1), "facts.store.kind": (4, 11), "facts.store.article_count": (4, 24),
                     "expected.servicebidrag.status": (6, 3), "expected.driftstod": (7, 3),
                     "chart.fact": (8, 9)}


def test_reading_a_library_keeps_every_good_file_and_every_error(tmp_path):
    (tmp_path / "a-bra.yaml").write_text(BYABUTIK, encoding="utf-8")
    (tmp_path / "b-syntax.yaml").write_text("name: [oavslutad\n", encoding="utf-8")
    (tmp_path / "c-tva-fel.yaml").write_text("name: X\nname: Y\nfacts: {year: 1900}\n", encoding="utf-8")
    (tmp_path / "d-bra.yaml").write_text(BYABUTIK.replace("Åsele", "Vindeln"), encoding="utf-8")
    (tmp_path / "e-latin1.yaml").write_bytes("name: Åsele\n".encode("latin-1"))
    scenarios, errors = read_library(tmp_path)
    assert [scenario.id for scenario in scenarios] == ["a-bra", "d-bra"]
    described = [error.described() for error in errors]
    assert [error.file for error in errors] == ["b-syntax.yaml", "c-tva-fel.yaml", "e-latin1.yaml"]
    assert described[0].startswith("b-syntax.yaml, rad 2, kolumn 1: Scenariot går inte att läsa som YAML")
    assert described[1].startswith("c-tva-fel.yaml, rad 2, kolumn 1: Fältet ”name” står två gånger")
    assert described[2] == "e-latin1.yaml: Filen är inte sparad som UTF-8-text. Spara om den som UTF-8."


def test_a_run_explains_and_finds_no_mismatch_when_the_rules_agree():
    run = run_scenario(scenario_from_yaml(BYABUTIK, "byabutik"))
    assert run.passed and run.mismatches == []
    driftstod = run.for_support("sarskilt_driftstod")
    assert driftstod["amount_sek"] == 166667
    assert all(check["explanation"] and check["reference"] for check in driftstod["checks"])
    assert run.result["ruleset"]["id"] == "rsp-vasterbotten-2018"


def test_a_run_reports_each_difference_in_status_and_amount():
    scenario = scenario_from_yaml(BYABUTIK, "byabutik")
    scenario.expected["sarskilt_driftstod"] = Expected("eligible", 150000)
    scenario.expected["servicebidrag"] = Expected("eligible")
    mismatches = run_scenario(scenario).mismatches
    assert mismatches == [
        Mismatch("sarskilt_driftstod", "amount_sek", 150000, 166667),
        Mismatch("servicebidrag", "status", "eligible", "insufficient_data"),
    ]


def test_a_status_without_an_amount_expects_no_amount():
    """servicebidrag has a ceiling but never an amount (rules-spec: "`amount_sek` is null")."""
    scenario = scenario_from_yaml(BYABUTIK, "byabutik")
    scenario.expected["sarskilt_driftstod"] = Expected("eligible")
    assert run_scenario(scenario).mismatches == [
        Mismatch("sarskilt_driftstod", "amount_sek", None, 166667)]


def test_partial_facts_give_insufficient_data():
    scenario = scenario_from_yaml("name: Bara kommunen\nfacts: {year: 2025, municipality: Vindeln}\n"
                                  "expected: {sarskilt_driftstod: insufficient_data}\n")
    run = run_scenario(scenario)
    assert run.passed
    assert run.for_support("sarskilt_driftstod")["missing_facts"]


def test_a_run_of_facts_changed_in_code_names_the_bad_field():
    scenario = Scenario("x", "X", "", {"store": {"opening_hours_per_week": "många"}})
    with pytest.raises(ScenarioError) as raised:
        run_scenario(scenario)
    assert raised.value.field == "facts.store.opening_hours_per_week"
