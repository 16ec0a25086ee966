"""The shipped scenario library passes through `stodkollen scenarios run`, and the command
tells a caseworker clearly when a scenario, a file or the assistant is not as it should be."""

import re
from pathlib import Path

import pytest

from rules_engine import SUPPORT_NAMES
from stodkollen.cli import main
from workbench.report import scenario_chart
from workbench.scenario import (
    STATUSES,
    load_library,
    run_scenario,
    scenario_from_yaml,
    scenario_to_yaml,
    turn_input,
)
from workbench.whatif import fact_value, thresholds, whatif_svg

LIBRARY = Path(__file__).resolve().parents[1] / "scenarios"

SHOP = """\
name: Testbutiken i Vindeln
facts:
  year: 2025
  applicant_kind: business
  municipality: Vindeln
  municipality_has_service_plan: true
  store: {sells_groceries: true, sells_fuel: false, kind: grocery_store, open_year_round: true,
          opening_hours_per_week: 45, article_count: 1500, has_all_product_groups: true,
          distance_to_nearest_grocery_store_km: 25, grocery_net_turnover_sek: 3000000}
expected:
  sarskilt_driftstod: {status: eligible, amount_sek: %s}
"""


def test_the_library_is_large_and_varied():
    scenarios = load_library(LIBRARY)
    assert len(scenarios) >= 40
    talks = [scenario for scenario in scenarios if scenario.conversation]
    assert len(talks) >= 8
    assert sum(scenario.channel == "phone" for scenario in talks) >= 3  # calls, in a recogniser's words
    assert all(scenario.conversation for scenario in scenarios if scenario.channel == "phone")
    calls = [scenario for scenario in talks if scenario.channel == "phone"]
    # The calls use what only the phone route has: a calling number, keyed digits, spoken replies.
    assert any(scenario.caller for scenario in calls) and any(not scenario.caller for scenario in calls)
    assert any(turn_input(turn)[0] == "digits" for scenario in calls for turn in scenario.conversation)
    assert all(isinstance(scenario.conversation[-1], dict) and scenario.conversation[-1].get("says")
               for scenario in calls)  # the estimate as it is said
    expected = [(support, e.status) for s in scenarios for support, e in s.expected.items()]
    assert {status for _, status in expected} == set(STATUSES)
    for support in SUPPORT_NAMES:  # every support is expected to be granted somewhere and refused somewhere
        assert {"not_eligible"} < {status for name, status in expected if name == support}, support
    municipalities = {scenario.facts.get("municipality") for scenario in scenarios}
    assert len(municipalities) >= 12


# The what-if axes before issue 19 stopped here, whatever the case; the library keeps a scenario
# beyond each, so that a chart that does not fit its case shows up in a test.
OLD_FIXED_STOPS = {"store.grocery_net_turnover_sek": 13_000_000,
                   "store.distance_to_nearest_grocery_store_km": 30,
                   "store.distance_to_nearest_fuel_station_km": 40, "store.opening_hours_per_week": 80,
                   "store.article_count": 3_000, "investment.eligible_costs_sek": 200_000,
                   "home_delivery.net_cost_sek": 100_000, "service_grant.years_already_received": 6}


@pytest.mark.parametrize("path", OLD_FIXED_STOPS)
def test_the_library_has_a_scenario_beyond_each_old_fixed_range_and_its_chart_fits(path):
    beyond = [scenario for scenario in load_library(LIBRARY)
              if type(fact_value(scenario.facts, path)) in (int, float)
              and fact_value(scenario.facts, path) > OLD_FIXED_STOPS[path]]
    assert beyond, path
    scenario = beyond[0]
    svg = whatif_svg(scenario.facts, path, id_prefix=f"{scenario.id}-")
    assert f'<g id="{scenario.id}-scenario-point">' in svg
    for threshold, _ in thresholds(path, scenario.facts.get("year", 2025), scenario.facts):
        assert f'{scenario.id}-threshold-{threshold.id.replace(".", "-").replace("_", "-")}' in svg


def test_a_scenario_files_chart_range_is_the_reports():
    """34-hemsandning-taket-per-leverans-asele sets `chart: {from: 0, to: 300000}`: the report's chart
    varies the net cost, marks the per-delivery cap (200 000 kr for 1 000 deliveries) and the point."""
    scenario = next(s for s in load_library(LIBRARY) if s.id == "34-hemsandning-taket-per-leverans-asele")
    assert scenario.chart.stop == 300_000
    path, svg = scenario_chart(run_scenario(scenario), "sv")
    assert path == "home_delivery.net_cost_sek"
    assert f'<g id="{scenario.id}-threshold-hemsandning-per-delivery-cap">' in svg
    assert "300\N{NO-BREAK SPACE}000\N{NO-BREAK SPACE}kr" in svg  # the last tick: the range set in the file


def test_the_whole_library_runs_clean_with_a_report(tmp_path, capsys):
    report = tmp_path / "rapport.html"
    assert main(["scenarios", "run", str(LIBRARY), "--report", str(report), "--no-conversations"]) == 0
    out = capsys.readouterr()
    assert re.search(r"(\d+) scenarier körda: \1 utan avvikelser, 0 med avvikelser", out.out), out.out
    assert "scenarier" in out.err  # the progress bar
    html = report.read_text(encoding="utf-8")
    for scenario in load_library(LIBRARY):
        assert f'id="{scenario.id}"' in html
    assert 'class="mismatch"' not in html
    assert "<style>" in html and "<link" not in html and "<script" not in html  # self-contained
    assert re.search(r'<g id="02-kustbutik-exakt-10-km-threshold-distance-grocery-store-min-km">', html)
    assert "Bilaga 1, Särskilt driftstöd" in html  # the checks' sources
    assert "rsp-vasterbotten-2018" in html  # which ruleset produced the amounts


def test_a_wrong_expectation_fails_and_is_highlighted(tmp_path, capsys):
    library = tmp_path / "bibliotek"
    library.mkdir()
    (library / "ratt.yaml").write_text(SHOP % 166667, encoding="utf-8")
    (library / "fel.yaml").write_text(SHOP % 150000, encoding="utf-8")
    report = tmp_path / "rapport.html"
    assert main(["scenarios", "run", str(library), "--report", str(report)]) == 1
    out = capsys.readouterr().out
    assert "Avvikelser i fel (Testbutiken i Vindeln)" in out
    assert ("Särskilt driftstöd: förväntat belopp 150\N{NO-BREAK SPACE}000\N{NO-BREAK SPACE}kr, "
            "regelmotorn gav 166\N{NO-BREAK SPACE}667\N{NO-BREAK SPACE}kr.") in out
    assert "2 scenarier körda: 1 utan avvikelser, 1 med avvikelser" in out
    html = report.read_text(encoding="utf-8")
    failed = html[html.index('id="fel"'):html.index('id="ratt"')]
    assert 'class="amount mismatch"' in failed and 'class="mismatches"' in failed
    assert "mismatch" not in html[html.index('id="ratt"'):]


def test_a_bad_file_is_named_in_swedish(tmp_path, capsys):
    (tmp_path / "trasig.yaml").write_text("name: X\nfacts: {store: {kind: kiosk}}\n", encoding="utf-8")
    assert main(["scenarios", "run", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "trasig.yaml" in err and "store.kind" in err and "Traceback" not in err


def test_every_bad_file_is_shown_and_every_good_one_runs_with_a_report(tmp_path, capsys):
    """Three broken files (a syntax error, a key written twice, two mistakes in one file) between a
    passing and a failing scenario: all five are accounted for, each error with its line and column."""
    (tmp_path / "a-ratt.yaml").write_text(SHOP % 166667, encoding="utf-8")
    (tmp_path / "b-syntax.yaml").write_text("name: X\nfacts:\n\tyear: 2025\n", encoding="utf-8")
    (tmp_path / "c-dubbel.yaml").write_text(SHOP.replace("name: Testbutiken", "name: A\nname: Testbutiken")
                                            % 166667, encoding="utf-8")
    (tmp_path / "d-tva-fel.yaml").write_text(
        "name: X\nfacts: {store: {kind: kiosk}}\nexpected: {stod: eligible}\n", encoding="utf-8")
    (tmp_path / "e-fel.yaml").write_text(SHOP % 150000, encoding="utf-8")
    report = tmp_path / "rapport.html"
    assert main(["scenarios", "run", str(tmp_path), "--report", str(report), "--no-conversations"]) == 2
    out, err = capsys.readouterr()
    assert "b-syntax.yaml, rad 3, kolumn 1: Scenariot går inte att läsa som YAML: ett tecken som inte får " \
           "inleda ett värde, ofta en tabb" in err
    assert "c-dubbel.yaml, rad 2, kolumn 1: Fältet ”name” står två gånger" in err
    assert "d-tva-fel.yaml, rad 2, kolumn 17: Fel bland uppgifterna" in err
    assert "d-tva-fel.yaml, rad 3, kolumn 12: ”expected.stod” är inget stöd" in err
    assert "Traceback" not in err
    assert "2 scenarier körda: 1 utan avvikelser, 1 med avvikelser" in out and "Avvikelser i e-fel" in out
    assert "3 filer gick inte att läsa (4 fel, se ovan) och kördes inte; alla andra kördes." in out
    html = report.read_text(encoding="utf-8")
    errors = html[html.index('<section class="errors" id="fel">'):html.index("</section>")]
    assert errors.count("<tr><td>") == 4 and "rad 3, kolumn 12" in errors and "b-syntax.yaml" in errors
    assert 'id="a-ratt"' in html and 'id="e-fel"' in html
    # Only the files' errors left: still 2; with them fixed and the mismatch left: 1.
    for name in ("b-syntax.yaml", "c-dubbel.yaml", "d-tva-fel.yaml"):
        (tmp_path / name).unlink()
    assert main(["scenarios", "run", str(tmp_path), "--no-conversations"]) == 1


@pytest.mark.parametrize("make", [lambda path: path / "finns-inte", lambda path: path])
def test_no_scenarios_is_said_plainly(tmp_path, capsys, make):
    assert main(["scenarios", "run", str(make(tmp_path))]) == 2
    assert "scenarier" in capsys.readouterr().err


def test_an_assistant_that_does_not_answer_is_said_plainly(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("STODKOLLEN_DATA_DIR", str(tmp_path / "data"))
    (tmp_path / "samtal.yaml").write_text("name: Samtal\nconversation: [Hej]\n", encoding="utf-8")
    # Port 9 (discard) on this machine: nothing listens there.
    assert main(["scenarios", "run", str(tmp_path), "--rasa-url", "http://127.0.0.1:9"]) == 2
    err = capsys.readouterr().err
    assert "Assistenten svarar inte på http://127.0.0.1:9" in err and "--no-conversations" in err
    # Without the conversations the same library runs on the engine alone.
    assert main(["scenarios", "run", str(tmp_path), "--no-conversations"]) == 0


CALL = """\
name: Samtal från Vindeln
facts: {applicant_kind: business, municipality: Vindeln}
channel: phone
caller: 070-174 06 50
conversation:
  - kolla mina stöd
  - {speech: tre mil, says: [trettio kilometer]}
  - {digits: "45#"}
  - {digits: 1}
"""


def test_a_call_states_its_number_and_each_turn_said_or_keyed_with_what_the_reply_says():
    scenario = scenario_from_yaml(CALL, "samtal")
    assert scenario.caller == "070-174 06 50"
    assert [turn_input(turn) for turn in scenario.conversation] == [
        ("speech", "kolla mina stöd"), ("speech", "tre mil"), ("digits", "45#"), ("digits", "1")]
    assert scenario.conversation[1]["says"] == ["trettio kilometer"]
    written = scenario_to_yaml(scenario)
    assert "- {speech: tre mil, says: [trettio kilometer]}" in written and "caller: 070-174 06 50" in written
    assert scenario_from_yaml(written, "samtal") == scenario


# Each mistake in a call's fields, as `stodkollen scenarios run` names it: file, line, column and
# what is wrong, in Swedish (the lines are CALL's, with one line replaced).
BAD_CALLS = [
    ("caller: 070-174 06 50", "caller: ring mig", "rad 4, kolumn 1: ”caller” ska vara ett telefonnummer"),
    ("caller: 070-174 06 50", "caller: 070-174 06 50\nsays: [x]", "rad 5, kolumn 1: Okänt fält ”says”"),
    ("channel: phone", "channel: web", "rad 4, kolumn 1: ”caller” hör till ett telefonsamtal: skriv också "
                                       "channel: phone"),
    ('{digits: "45#"}', '{digits: "4a5"}', "rad 8, kolumn 6: ”conversation.2.digits” ska vara knappade"),
    ('{digits: "45#"}', '{digits: "4#5"}', "rad 8, kolumn 6: ”conversation.2.digits” ska vara knappade"),
    ('{digits: "45#"}', '{digits: "12345678901234567890123456789012"}',
     "rad 8, kolumn 6: ”conversation.2.digits” ska vara knappade"),
    ('{digits: "45#"}', '{speech: ja, digits: "1"}', "rad 8, kolumn 5: ”conversation.2” ska ha antingen "
                                                     "speech (det som sägs) eller digits"),
    ('{digits: "45#"}', '{says: [ja]}', "rad 8, kolumn 5: ”conversation.2” ska ha antingen speech"),
    ('{digits: "45#"}', '{speech: ja, sager: [ja]}', "rad 8, kolumn 18: Okänt fält ”conversation.2.sager”"),
    ('{digits: "45#"}', '{speech: ja, says: []}', "rad 8, kolumn 18: ”conversation.2.says” ska vara en"),
    ('{digits: "45#"}', '{speech: ja, says: trettio}', "rad 8, kolumn 18: ”conversation.2.says” ska vara"),
    ('{digits: "45#"}', '{speech: "  "}', "rad 8, kolumn 6: Fältet ”conversation.2.speech” ska vara en text"),
    ('{digits: "45#"}', "[ja]", "rad 8, kolumn 5: ”conversation.2” ska vara en replik"),
]


@pytest.mark.parametrize(("old", "new", "said"), BAD_CALLS, ids=[new for _, new, _ in BAD_CALLS])
def test_a_calls_mistakes_are_named_with_line_and_column(tmp_path, capsys, old, new, said):
    assert CALL.count(old) == 1
    (tmp_path / "samtal.yaml").write_text(CALL.replace(old, new), encoding="utf-8")
    assert main(["scenarios", "run", str(tmp_path), "--no-conversations"]) == 2
    err = capsys.readouterr().err
    assert f"samtal.yaml, {said}" in err, err
    assert "Traceback" not in err


def test_a_typed_conversation_has_no_call_turns(tmp_path, capsys):
    (tmp_path / "chatt.yaml").write_text(CALL.replace("channel: phone\ncaller: 070-174 06 50\n", ""),
                                         encoding="utf-8")
    assert main(["scenarios", "run", str(tmp_path), "--no-conversations"]) == 2
    err = capsys.readouterr().err
    for line, column, turn in ((5, 5, 1), (6, 5, 2), (7, 5, 3)):
        assert (f"chatt.yaml, rad {line}, kolumn {column}: ”conversation.{turn}” hör till ett telefonsamtal: "
                "skriv också channel: phone.") in err, err


def test_a_service_that_does_not_answer_the_phone_route_is_said_plainly(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("STODKOLLEN_DATA_DIR", str(tmp_path / "data"))
    library = tmp_path / "bibliotek"
    library.mkdir()
    (library / "samtal.yaml").write_text(CALL, encoding="utf-8")
    # Port 9 (discard) on this machine: nothing listens there.
    assert main(["scenarios", "run", str(library), "--service-url", "http://127.0.0.1:9"]) == 2
    err = capsys.readouterr().err
    assert "Tjänsten svarar inte på http://127.0.0.1:9" in err and "POST /api/v1/phone" in err
    assert "--no-conversations" in err
