"""Runs every caseworker-readable case in tests/rules_cases/*.yaml through the rules engine.

A case is ``{name, facts, expect, today?}``. ``facts`` is exactly the JSON facts contract of
docs/rules-spec.md. ``expect`` holds, per support (``sarskilt_driftstod``, ``servicebidrag``,
``investeringsstod``, ``hemsandningsbidrag``, ``betaltjanster``), any of:

- ``status``, ``amount_sek``, ``max_amount_sek``, ``period``: compared with ``==``;
- ``missing_facts``: the support's missing facts, exactly and in order;
- ``missing_facts_include``: these facts are among the missing ones, in this relative order;
- ``failed_checks``: the ids of the checks that failed, exactly (order does not matter);
- ``failed_checks_include``: at least these check ids failed.

and at top level ``year``, ``ruleset_id``, ``missing_facts`` and ``missing_facts_include``
(the union over the supports). Only the keys given are compared. A case's optional ``today``
(a date) is passed as ``evaluate(facts, today=...)``.
"""

from __future__ import annotations

import copy
import datetime
from pathlib import Path

import pytest
import yaml

from rules_engine import SUPPORT_NAMES, evaluate

CASE_DIR = Path(__file__).parent / "rules_cases"
CASE_FILES = [
    "sarskilt_driftstod.yaml",
    "servicebidrag.yaml",
    "investeringsstod.yaml",
    "hemsandningsbidrag.yaml",
    "betaltjanster.yaml",
    "general.yaml",
]
SUPPORTS = list(SUPPORT_NAMES)
SUPPORT_KEYS = {
    "status", "amount_sek", "max_amount_sek", "period", "missing_facts",
    "missing_facts_include", "failed_checks", "failed_checks_include",
}
TOP_KEYS = {"year", "ruleset_id", "missing_facts", "missing_facts_include"}
STATUSES = {"eligible", "not_eligible", "needs_assessment", "insufficient_data"}

# The facts contract (rules-spec.md, "Facts contract (JSON)"), used only to lint the case
# files so that a typo in a case fails here and not as a puzzling engine error.
BOOL, INT, NUM, STR, LIST = "bool", "int", "number", "str", "list"
CONTRACT: dict = {
    "year": INT,
    "applicant_kind": {"business", "municipality", "association", "public_body"},
    "municipality": STR,
    "in_central_locality": BOOL,
    "municipality_has_service_plan": BOOL,
    "special_reasons": BOOL,
    "store": {
        "sells_groceries": BOOL,
        "sells_fuel": BOOL,
        "kind": {"grocery_store", "fuel_station", "service_point", "specialist_store", "logistics"},
        "grocery_net_turnover_sek": INT,
        "article_count": INT,
        "has_all_product_groups": BOOL,
        "opening_hours_per_week": NUM,
        "open_year_round": BOOL,
        "distance_to_nearest_grocery_store_km": NUM,
        "distance_to_nearest_fuel_station_km": NUM,
        "grocery_store_in_locality": BOOL,
        "archipelago_without_road": BOOL,
        "services": ("list", {"fuel", "post", "parcel", "pharmacy_agent", "payment_services"}),
        "service_strategic": BOOL,
    },
    "service_grant": {"other_measures_tried": BOOL, "years_already_received": INT},
    "investment": {
        "planned": BOOL,
        "eligible_costs_sek": INT,
        "purposes": ("list", {"accessibility", "reopen_closed_store", "energy_climate",
                              "add_service_functions", "priority_area",
                              "refrigeration_replacement"}),
    },
    "home_delivery": {"net_cost_sek": INT, "deliveries": INT, "households": INT},
    "payment_services": {
        "interested": BOOL,
        "distance_to_nearest_provider_km": NUM,
        "estimated_users": INT,
        "commercial_provider_likely": BOOL,
    },
}


def _lint_facts(facts: dict, schema: dict, prefix: str = "") -> list[str]:
    problems = []
    for key, value in facts.items():
        path = prefix + key
        if key not in schema:
            problems.append(f"{path}: not in the facts contract")
            continue
        kind = schema[key]
        if isinstance(kind, dict):
            if not isinstance(value, dict):
                problems.append(f"{path}: should be an object")
            else:
                problems.extend(_lint_facts(value, kind, path + "."))
            continue
        if value is None:  # null = "asked, does not know"
            continue
        ok = {
            BOOL: lambda v: isinstance(v, bool),
            INT: lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0,
            NUM: lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0,
            STR: lambda v: isinstance(v, str),
        }
        if isinstance(kind, set):
            good = value in kind
        elif isinstance(kind, tuple):
            good = isinstance(value, list) and all(v in kind[1] for v in value)
        else:
            good = ok[kind](value)
        if not good:
            problems.append(f"{path}: {value!r} does not fit the contract")
    return problems


def _load_cases() -> list:
    params = []
    for file_name in CASE_FILES:
        cases = yaml.safe_load((CASE_DIR / file_name).read_text(encoding="utf-8"))
        for case in cases:
            params.append(pytest.param(case, id=f"{file_name[:-5]}: {case['name']}"))
    return params


ALL_CASES = _load_cases()


def test_case_files_are_well_formed():
    names = set()
    problems = []
    for param in ALL_CASES:
        case = param.values[0]
        name = case.get("name")
        if param.id in names:
            problems.append(f"duplicate name {param.id!r}")
        names.add(param.id)
        if set(case) - {"name", "facts", "expect", "today"}:
            problems.append(f"{name}: unknown case keys {set(case) - {'name', 'facts', 'expect', 'today'}}")
        if "today" in case and not isinstance(case["today"], datetime.date):
            problems.append(f"{name}: today must be a date")
        problems.extend(f"{name}: {p}" for p in _lint_facts(case["facts"], CONTRACT))
        expect = case.get("expect") or {}
        if not expect:
            problems.append(f"{name}: nothing expected")
        for key, value in expect.items():
            if key in SUPPORTS:
                if set(value) - SUPPORT_KEYS:
                    problems.append(f"{name}: unknown keys {set(value) - SUPPORT_KEYS} for {key}")
                if "status" in value and value["status"] not in STATUSES:
                    problems.append(f"{name}: bad status {value['status']!r}")
            elif key not in TOP_KEYS:
                problems.append(f"{name}: unknown expect key {key!r}")
    assert not problems, "\n".join(problems)
    assert len(ALL_CASES) >= 120


def _is_ordered_subsequence(wanted: list, got: list) -> bool:
    it = iter(got)
    return all(any(w == g for g in it) for w in wanted)


def _compare_missing(label: str, expected: dict, got: list, problems: list) -> None:
    if "missing_facts" in expected and got != expected["missing_facts"]:
        problems.append(f"{label} missing_facts: expected {expected['missing_facts']}, got {got}")
    if "missing_facts_include" in expected and not _is_ordered_subsequence(
        expected["missing_facts_include"], got
    ):
        problems.append(
            f"{label} missing_facts: expected to include {expected['missing_facts_include']} "
            f"(in that order), got {got}"
        )


@pytest.mark.parametrize("case", ALL_CASES)
def test_rules_case(case):

    kwargs = {"today": case["today"]} if "today" in case else {}
    facts = copy.deepcopy(case["facts"])
    result = evaluate(facts, **kwargs)
    assert facts == case["facts"], "evaluate() must not change the facts it is given"

    by_support = {r["support"]: r for r in result["results"]}
    assert [r["support"] for r in result["results"]] == SUPPORTS

    problems: list[str] = []
    expect = case["expect"]
    if "year" in expect and result["year"] != expect["year"]:
        problems.append(f"year: expected {expect['year']}, got {result['year']}")
    if "ruleset_id" in expect and result["ruleset"]["id"] != expect["ruleset_id"]:
        problems.append(f"ruleset: expected {expect['ruleset_id']}, got {result['ruleset']['id']}")
    _compare_missing("(all supports)", expect, result["missing_facts"], problems)

    for support in SUPPORTS:
        if support not in expect:
            continue
        wanted, got = expect[support], by_support[support]
        for key in ("status", "amount_sek", "max_amount_sek", "period"):
            if key in wanted and got[key] != wanted[key]:
                problems.append(f"{support} {key}: expected {wanted[key]!r}, got {got[key]!r}")
        _compare_missing(support, wanted, got["missing_facts"], problems)
        failed = sorted({c["id"] for c in got["checks"] if c["passed"] is False})
        if "failed_checks" in wanted and failed != sorted(set(wanted["failed_checks"])):
            problems.append(
                f"{support} failed checks: expected {sorted(set(wanted['failed_checks']))}, got {failed}"
            )
        if "failed_checks_include" in wanted and not set(wanted["failed_checks_include"]) <= set(failed):
            problems.append(
                f"{support} failed checks: expected to include {wanted['failed_checks_include']}, "
                f"got {failed}"
            )

    if problems:
        summary = {
            s: (by_support[s]["status"], by_support[s]["amount_sek"], by_support[s]["missing_facts"],
                [c["id"] for c in by_support[s]["checks"] if c["passed"] is False])
            for s in SUPPORTS
        }
        pytest.fail(
            "\n".join(problems)
            + "\n\nengine said (status, amount, missing, failed checks):\n"
            + "\n".join(f"  {s}: {v}" for s, v in summary.items()),
            pytrace=False,
        )


# ----------------------------------------------------------------------------- the explained answer
# A few fixed checks of what the spec asks the answer to say besides statuses and amounts.

def _example_facts() -> dict:
    """The spec's own example of input (general.yaml's first case)."""
    return copy.deepcopy(ALL_CASES[[p.id for p in ALL_CASES].index(
        "general: Specens exempel på indata (butik med mack i Vindeln): alla fem stöd")].values[0]["facts"])


def _support(result: dict, support: str) -> dict:
    return next(r for r in result["results"] if r["support"] == support)


def test_the_answer_names_its_ruleset():
    """"Ruleset id rsp-vasterbotten-2018, valid from 2018-01-01 ... Every answer names the
    ruleset it used"."""

    ruleset = evaluate(_example_facts())["ruleset"]
    assert ruleset["id"] == "rsp-vasterbotten-2018"
    assert ruleset["valid_from"] == "2018-01-01"
    assert ruleset["source"]


def test_checks_carry_value_threshold_explanation_and_reference():
    """The spec's output example: {"id": "D2", "passed": true, "value": 14, "threshold": 10, ...}."""

    driftstod = _support(evaluate(_example_facts()), "sarskilt_driftstod")
    d2 = next(c for c in driftstod["checks"] if c["id"] == "D2")
    assert (d2["passed"], d2["outcome"], d2["value"], d2["threshold"]) == (True, "passed", 14, 10)
    for check in driftstod["checks"]:
        assert check["explanation"].strip() and check["reference"].strip(), check
    assert driftstod["conditions"], "D5: the SGEI undertaking is stated as a condition"
    assert driftstod["apply_to"].strip()


def test_explanations_follow_the_language():

    sv = _support(evaluate(_example_facts()), "sarskilt_driftstod")["checks"]
    en = _support(evaluate(_example_facts(), lang="en"), "sarskilt_driftstod")["checks"]
    assert [c["id"] for c in sv] == [c["id"] for c in en]
    assert any(a["explanation"] != b["explanation"] for a, b in zip(sv, en, strict=True))


def test_year_fallback_is_said_in_the_result():
    """"Absent → ... the latest year with a known prisbasbelopp when the current year has none
    (said in the result)"."""

    result = evaluate({"applicant_kind": "business", "municipality": "Vindeln"},
                      today=datetime.date(2030, 1, 15))
    assert result["year"] == 2026
    assert any("2026" in note for note in result["notes"]), result["notes"]


def test_priority_note_for_stores_with_other_basic_services():
    """"Priority note (not a criterion): stores that also provide fuel, post, pharmacy or
    payment services are to be prioritised; say so in the result.\""""

    with_services = _example_facts()
    without = _example_facts()
    without["store"]["services"] = []
    a = _support(evaluate(with_services), "sarskilt_driftstod")
    b = _support(evaluate(without), "sarskilt_driftstod")
    assert (a["status"], a["amount_sek"]) == (b["status"], b["amount_sek"])
    assert len(a["notes"]) > len(b["notes"])


def test_other_measures_not_tried_only_adds_advice():

    tried = _example_facts()
    not_tried = _example_facts()
    not_tried["service_grant"]["other_measures_tried"] = False
    a = _support(evaluate(tried), "servicebidrag")
    b = _support(evaluate(not_tried), "servicebidrag")
    assert (a["status"], a["max_amount_sek"]) == (b["status"], b["max_amount_sek"])
    assert len(b["notes"]) > len(a["notes"])


def test_more_than_two_deliveries_a_week_is_only_a_recommendation():
    """Bilaga 2: "Högst två leveranser per vecka och hushåll" – compare D / households / 52 with 2."""

    facts = {"year": 2018, "applicant_kind": "municipality", "municipality": "Vindeln",
             "municipality_has_service_plan": True,
             "home_delivery": {"net_cost_sek": 80000, "deliveries": 1200, "households": 25}}
    calm = _support(evaluate(facts), "hemsandningsbidrag")
    facts["home_delivery"]["households"] = 5  # 1200 / 5 / 52 ≈ 4.6 deliveries a week
    busy = _support(evaluate(facts), "hemsandningsbidrag")
    assert (calm["status"], calm["amount_sek"]) == (busy["status"], busy["amount_sek"]) == ("eligible", 40000)
    assert len(busy["notes"]) > len(calm["notes"])


def test_a_shop_owner_is_told_that_the_municipality_applies_for_home_delivery():

    result = _support(evaluate(_example_facts()), "hemsandningsbidrag")
    assert result["status"] == "not_eligible"
    said = " ".join([result["apply_to"] or "", *result["notes"],
                     *(c["explanation"] for c in result["checks"])]).lower()
    assert "kommun" in said, said


@pytest.mark.parametrize("municipality, answer, status", [
    ("Vindeln", "absent", "eligible"),           # the county says yes: not asked
    ("Vindeln", None, "eligible"),               # the applicant does not know: the county knows
    ("Vindeln", False, "not_eligible"),          # an explicit answer wins
    ("Dorotea", "absent", "not_eligible"),       # the county says no
    ("Dorotea", True, "eligible"),               # an explicit answer wins
    ("Sorsele", "absent", "insufficient_data"),  # unknown to the county too: asked
    ("Sorsele", None, "needs_assessment"),
])
def test_county_service_plan_settings_fill_the_fact(monkeypatch, municipality, answer, status):
    """"A known setting fills municipality_has_service_plan when the applicant does not know;
    an explicit answer wins." (rules-spec.md, Places; the lead's reading 2: absent or null)."""
    import rules_engine.context as context

    if not hasattr(context, "service_plan_settings"):
        pytest.skip("the engine reads the county settings some other way")
    settings = {name: None for name in ["Bjurholm", "Dorotea", "Lycksele", "Malå", "Nordmaling",
                                        "Norsjö", "Robertsfors", "Skellefteå", "Sorsele",
                                        "Storuman", "Umeå", "Vilhelmina", "Vindeln", "Vännäs",
                                        "Åsele"]}
    settings.update({"Vindeln": True, "Dorotea": False})
    monkeypatch.setattr(context, "service_plan_settings", lambda: settings)

    facts = _example_facts()
    facts["municipality"] = municipality
    if answer == "absent":
        del facts["municipality_has_service_plan"]
    else:
        facts["municipality_has_service_plan"] = answer
    driftstod = _support(evaluate(facts), "sarskilt_driftstod")
    assert driftstod["status"] == status, driftstod["missing_facts"]
    if status == "insufficient_data":
        assert driftstod["missing_facts"] == ["municipality_has_service_plan"]


def _everything_said(result: dict) -> str:
    return " ".join([result.get("apply_to") or "", *result.get("notes", []),
                     *result.get("conditions", []),
                     *(c["explanation"] for c in result.get("checks", []))])


def test_outside_vasterbotten_points_to_that_county():
    """"a real municipality elsewhere is recognised: every support is then not_eligible with a
    pointer to that county's länsstyrelse or region"."""

    result = evaluate({"year": 2018, "applicant_kind": "business", "municipality": "Kiruna"})
    for support in SUPPORTS:
        said = _everything_said(_support(result, support))
        assert "Norrbotten" in said, (support, said)


def test_payment_services_show_the_two_need_factors():
    """"Otherwise needs_assessment, with the two factors shown."""

    facts = _example_facts()
    facts["payment_services"].update({"distance_to_nearest_provider_km": 37,
                                      "estimated_users": 412})
    said = _everything_said(_support(evaluate(facts), "betaltjanster"))
    assert "37" in said and "412" in said, said


def test_investment_amount_is_described_as_up_to():
    """"Amount: amount_sek = floor(rate × C), described as "upp till"."""

    said = _everything_said(_support(evaluate(_example_facts()), "investeringsstod"))
    assert "upp till" in said.lower(), said


def test_every_answer_says_that_lansstyrelsen_decides_the_current_amounts():

    notes = " ".join(evaluate(_example_facts())["notes"])
    assert "Länsstyrelsen" in notes, notes
