"""Boundary cases for training: one unit below, at and above every threshold a scenario's facts
touch, each with the engine's outcome; from the command line and the web workbench."""

import io
import zipfile
from pathlib import Path

import pytest
from test_workbench_web import WORKBENCH, client, library, text  # noqa: F401  (fixtures)

from stodkollen.cli import main
from workbench.boundaries import boundary_cases, unit_of
from workbench.scenario import load_library, scenario_from_yaml
from workbench.whatif import VARIABLE_FACTS, thresholds

LIBRARY = Path(__file__).resolve().parents[1] / "scenarios"
NBSP = "\N{NO-BREAK SPACE}"


@pytest.fixture(scope="module")
def scenarios() -> dict:
    return {scenario.id: scenario for scenario in load_library(LIBRARY)}


def test_the_units_are_the_smallest_steps_a_caseworker_writes():
    assert VARIABLE_FACTS
    units = {path: unit_of(path) for path in VARIABLE_FACTS}
    assert units["store.grocery_net_turnover_sek"] == 1
    assert units["store.distance_to_nearest_grocery_store_km"] == 0.1
    assert units["store.opening_hours_per_week"] == 0.5 and units["store.article_count"] == 1
    assert units["home_delivery.deliveries"] == 1 and units["service_grant.years_already_received"] == 1


def test_every_threshold_the_facts_touch_gets_three_cases(scenarios):
    scenario = scenarios["02-kustbutik-exakt-10-km"]
    cases = boundary_cases(scenario)
    touched = [(path, value) for path in VARIABLE_FACTS if path in {c.fact for c in cases}
               for _, value in thresholds(path, 2025, scenario.facts)]
    assert touched and len(cases) == 3 * len(touched)
    distance = [c for c in cases if c.fact == "store.distance_to_nearest_grocery_store_km"]
    assert [(c.position, c.value) for c in distance] == [("below", 9.9), ("at", 10), ("above", 10.1)]
    # "more than 10 km": at 10 km no särskilt driftstöd, at 10,1 km the spec's 233 333 kr
    assert [c.scenario.expected["sarskilt_driftstod"].status for c in distance] == \
        ["not_eligible", "not_eligible", "eligible"]
    assert distance[2].scenario.expected["sarskilt_driftstod"].amount_sek == 233_333
    assert distance[2].scenario.facts["store"]["distance_to_nearest_grocery_store_km"] == 10.1
    assert scenario.facts["store"]["distance_to_nearest_grocery_store_km"] == 10  # the scenario is untouched
    assert "10,1 km (strax över gränsen 10 km)" in distance[2].scenario.name.replace(NBSP, " ")


def test_the_per_delivery_cap_is_a_boundary_of_the_scenarios_own_deliveries(scenarios):
    cases = boundary_cases(scenarios["33-hemsandning-120000-dorotea"])
    cap = [(c.value, c.scenario.expected["hemsandningsbidrag"].amount_sek) for c in cases
           if c.fact == "home_delivery.net_cost_sek" and c.threshold == "hemsandning.per_delivery_cap"]
    assert cap == [(179_999, 89_999), (180_000, 90_000), (180_001, 90_000)]  # 100 kr × 900 deliveries


def test_a_scenario_with_no_number_by_a_threshold_has_no_cases():
    assert boundary_cases(scenario_from_yaml("name: Tom\nfacts: {municipality: Vindeln}\n", "tom")) == []


def test_the_command_writes_each_case_as_a_scenario_file(tmp_path, capsys):
    out = tmp_path / "gransfall"
    scenario = str(LIBRARY / "02-kustbutik-exakt-10-km.yaml")
    assert main(["scenarios", "boundaries", scenario, "--out", str(out)]) == 0
    printed = capsys.readouterr().out.replace(NBSP, " ")
    files = sorted(out.glob("*.yaml"))
    assert len(files) == 30 and "30 gränsfall skrivna" in printed
    assert ("avståndet till närmaste andra dagligvarubutik 10,1 km (strax över gränsen 10 km): "
            "Särskilt driftstöd: Uppfyller villkoren, 233 333 kr") in printed
    # Each file is a scenario the workbench reads, expecting what the engine says: running them agrees.
    assert main(["scenarios", "run", str(out), "--no-conversations"]) == 0


def test_the_command_names_a_bad_file_in_swedish(tmp_path, capsys):
    (tmp_path / "trasig.yaml").write_text("name: X\nname: Y\n", encoding="utf-8")
    assert main(["scenarios", "boundaries", str(tmp_path / "trasig.yaml")]) == 2
    assert "trasig.yaml, rad 2, kolumn 1: Fältet ”name” står två gånger" in capsys.readouterr().err
    assert main(["scenarios", "boundaries", str(tmp_path / "finns-inte.yaml")]) == 2
    assert "finns inte" in capsys.readouterr().err


def test_the_web_lists_the_cases_and_gives_them_as_a_zip(library):  # noqa: F811
    page = library.get(f"{WORKBENCH}/scenario/02-kustbutik-exakt-10-km")
    assert "/scenario/02-kustbutik-exakt-10-km/gransfall" in page.text
    html = text(library.get(f"{WORKBENCH}/scenario/02-kustbutik-exakt-10-km/gransfall").text)
    assert "10,1 km (strax över gränsen 10 km)" in html and "Uppfyller villkoren, 233 333 kr" in html
    archive = zipfile.ZipFile(io.BytesIO(library.get(
        f"{WORKBENCH}/scenario/02-kustbutik-exakt-10-km/gransfall.zip").content))
    assert len(archive.namelist()) == 30
