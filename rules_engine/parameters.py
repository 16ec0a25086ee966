"""Rulesets and parameters as dated data (OpenFisca style).

Every number of the programme lives in `rulesets/*.yaml`, every national amount in
`parameters/*.yaml`, each with the date it starts to apply, its unit and its source. The
engine asks for the values in force on 1 January of the year applied for; a new ruleset
or a new year's prisbasbelopp is a data file, not a code change.

A ruleset is in force from `valid_from` to `valid_until` (inclusive) and names the modules of
`rules_engine/supports` that hold its logic, so a later programme can change how a support is
decided, not only its numbers: it adds a module and names it in its own ruleset.
"""

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from functools import cache
from pathlib import Path

import yaml

HERE = Path(__file__).parent


@dataclass(frozen=True)
class Ruleset:
    id: str
    valid_from: date
    valid_until: date
    title: str
    source: str
    supports: tuple[str, ...]  # modules of rules_engine/supports, in the order results are given
    parameters: dict  # name → {description, unit, reference, quote, values: [{valid_from, value}]}

    def in_force_on(self, day: date) -> bool:
        return self.valid_from <= day <= self.valid_until

    def describe(self) -> dict:
        return {"id": self.id, "valid_from": self.valid_from.isoformat(),
                "valid_until": self.valid_until.isoformat(), "source": self.source}


def _as_number(value):
    """YAML holds shares and slopes as text fractions ("1/15") so no binary float enters money."""
    if isinstance(value, str):
        return Fraction(value)
    if isinstance(value, list):
        return [{key: _as_number(item) for key, item in band.items()} for band in value]
    return value


def value_in_force(values: list[dict], on: date):
    """The value of the latest entry whose valid_from is on or before `on`, else None."""
    in_force = [entry for entry in values if entry["valid_from"] <= on]
    return _as_number(max(in_force, key=lambda entry: entry["valid_from"])["value"]) if in_force else None


@cache
def rulesets() -> tuple[Ruleset, ...]:
    loaded = []
    for path in sorted((HERE / "rulesets").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        loaded.append(Ruleset(id=data["id"], valid_from=data["valid_from"], valid_until=data["valid_until"],
                              title=data["title"], source=data["source"], supports=tuple(data["supports"]),
                              parameters=data["parameters"]))
    return tuple(sorted(loaded, key=lambda ruleset: ruleset.valid_from))


@cache
def national_parameters() -> dict:
    return {
        data["name"]: data
        for path in sorted((HERE / "parameters").glob("*.yaml"))
        for data in [yaml.safe_load(path.read_text(encoding="utf-8"))]
    }


def ruleset_by_id(ruleset_id: str) -> Ruleset | None:
    return next((ruleset for ruleset in rulesets() if ruleset.id == ruleset_id), None)


def ruleset_in_force(candidates: tuple[Ruleset, ...], day: date) -> Ruleset | None:
    """The latest ruleset in force on `day`, or None when none is (before the first, after the last)."""
    in_force = [ruleset for ruleset in candidates if ruleset.in_force_on(day)]
    return max(in_force, key=lambda ruleset: ruleset.valid_from) if in_force else None


@cache
def ruleset_for_year(year: int) -> Ruleset:
    """The ruleset in force on 1 January of `year` (facts.validate keeps `year` within them)."""
    ruleset = ruleset_in_force(rulesets(), date(year, 1, 1))
    if ruleset is None:
        raise LookupError(f"no ruleset is in force in {year}")
    return ruleset


@cache
def first_supported_year() -> int:
    return rulesets()[0].valid_from.year


@cache
def last_prisbasbelopp_year() -> int:
    return max(entry["valid_from"] for entry in national_parameters()["prisbasbelopp"]["values"]).year


@cache
def last_ruleset_year() -> int:
    return max(ruleset.valid_until for ruleset in rulesets()).year


@cache
def last_supported_year() -> int:
    """The latest year with both a ruleset in force and a known prisbasbelopp: later years
    cannot be computed honestly."""
    return min(last_prisbasbelopp_year(), last_ruleset_year())


@cache
def parameters_for_year(year: int) -> dict:
    """Every parameter's value in force on 1 January of `year`, by name."""
    on = date(year, 1, 1)
    ruleset = ruleset_for_year(year)
    values = {name: value_in_force(p["values"], on) for name, p in ruleset.parameters.items()}
    values.update({name: value_in_force(p["values"], on) for name, p in national_parameters().items()})
    return values


def parameter_reference(name: str, year: int) -> str:
    definition = ruleset_for_year(year).parameters.get(name) or national_parameters()[name]
    return definition["reference"]
