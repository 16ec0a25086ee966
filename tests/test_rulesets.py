"""Rulesets end, and each names the logic its supports run (rules_engine/parameters.py)."""

import dataclasses
from datetime import date

import pytest

import rules_engine
from rules_engine import FactsError, evaluate
from rules_engine.parameters import (
    last_supported_year,
    ruleset_by_id,
    ruleset_for_year,
    ruleset_in_force,
    rulesets,
)
from rules_engine.supports import support_modules
from tests.examples import STORE


def test_every_ruleset_has_an_end_and_runs_known_support_modules():
    assert rulesets()
    for ruleset in rulesets():
        assert ruleset.valid_from < ruleset.valid_until
        modules = support_modules(ruleset.supports)
        names = [module.SUPPORT for module in modules]
        assert len(names) == len(set(names)) == len(ruleset.supports)
        assert all(callable(module.evaluate) and module.PERIOD for module in modules)


def test_the_2018_programme_is_in_force_through_2026():
    ruleset = ruleset_by_id("rsp-vasterbotten-2018")
    assert (ruleset.valid_from, ruleset.valid_until) == (date(2018, 1, 1), date(2026, 12, 31))
    assert ruleset_for_year(2026) is ruleset
    assert last_supported_year() == 2026
    with pytest.raises(LookupError):
        ruleset_for_year(2027)


def test_the_result_names_the_rulesets_end():
    described = evaluate({**STORE, "year": 2018}, explain=False)["ruleset"]
    assert described["valid_until"] == "2026-12-31"


def test_a_later_ruleset_takes_over_and_none_is_in_force_after_the_last():
    first = ruleset_by_id("rsp-vasterbotten-2018")
    later = dataclasses.replace(first, id="later", valid_from=date(2027, 1, 1),
                                valid_until=date(2030, 12, 31))
    assert ruleset_in_force((first, later), date(2026, 12, 31)) is first
    assert ruleset_in_force((first, later), date(2027, 1, 1)) is later
    assert ruleset_in_force((first, later), date(2031, 1, 1)) is None
    assert ruleset_in_force((first, later), date(2017, 12, 31)) is None


def test_a_year_after_the_last_ruleset_is_an_error_naming_the_field():
    with pytest.raises(FactsError) as raised:
        evaluate({**STORE, "year": last_supported_year() + 1})
    assert [error["field"] for error in raised.value.errors] == ["year"]


def test_the_logic_of_each_support_comes_from_the_ruleset(monkeypatch):
    """A ruleset that runs other modules gets other results: here one that decides only
    särskilt driftstöd and servicebidrag, in that order."""
    first = ruleset_by_id("rsp-vasterbotten-2018")
    narrower = dataclasses.replace(first, supports=("servicebidrag", "sarskilt_driftstod"))
    monkeypatch.setattr(rules_engine, "ruleset_for_year", lambda year: narrower)
    result = evaluate({**STORE, "year": 2018}, explain=False)
    assert [support["support"] for support in result["results"]] == ["servicebidrag", "sarskilt_driftstod"]


def _notes_without_a_year(today: date) -> list[str]:
    facts = {key: value for key, value in STORE.items() if key != "year"}
    return evaluate(facts, today=today)["notes"]


def test_the_default_year_says_why_it_is_not_this_year(monkeypatch):
    after = date(last_supported_year() + 1, 6, 1)
    assert _notes_without_a_year(after)[0].startswith("Prisbasbeloppet för i år är inte känt än")
    # With next year's prisbasbelopp known, it is the programme's end that holds the year back.
    monkeypatch.setattr(rules_engine, "last_prisbasbelopp_year", lambda: after.year)
    assert _notes_without_a_year(after)[0] == (
        f"Programmets regler gäller till och med {last_supported_year()}, så beräkningen gäller "
        f"{last_supported_year()}.")
