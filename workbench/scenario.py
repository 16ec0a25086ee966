"""Scenarios: a store or situation a caseworker can read and write as YAML.

    name: Lanthandeln i Ammarnäs
    description: En byabutik i Sorsele kommun …
    facts: {...}                 # the engine's facts contract; may be partial
    expected:                    # optional: per support, the status (and amount) expected
      sarskilt_driftstod: {status: eligible, amount_sek: 166667}
      servicebidrag: needs_assessment
    conversation:                # optional: the user's turns, in Swedish
      - Hej
    chart:                       # optional: the what-if chart's fact and range (else chosen to fit)
      fact: home_delivery.net_cost_sek
      from: 0
      to: 300000

A scenario's id is its file name without `.yaml`. An expected amount is always compared:
a support written with its status alone is expected to give no amount (`null`), which is
what the engine says for every not_eligible, insufficient_data and servicebidrag answer.
"""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from rules_engine import SUPPORT_NAMES, FactsError, evaluate
from rules_engine.facts import validate
from stodkollen.core.i18n import DEFAULT_LANGUAGE, N_, translate

STATUSES = ("eligible", "not_eligible", "needs_assessment", "insufficient_data")
FIELDS = ("name", "description", "facts", "expected", "conversation", "chart")
EXPECTED_FIELDS = ("status", "amount_sek")
CHART_FIELDS = ("fact", "from", "to")


@dataclass
class Expected:
    status: str
    amount_sek: int | None = None


@dataclass(frozen=True)
class ChartRange:
    """The what-if chart a scenario asks for: the fact to vary, and optionally its axis."""

    fact: str
    start: float | None = None
    stop: float | None = None

    def as_data(self) -> dict:
        data: dict = {"fact": self.fact}
        data.update({key: value for key, value in (("from", self.start), ("to", self.stop))
                     if value is not None})
        return data


@dataclass
class Scenario:
    id: str
    name: str
    description: str
    facts: dict
    expected: dict[str, Expected] = field(default_factory=dict)
    conversation: list[str] = field(default_factory=list)
    chart: ChartRange | None = None


@dataclass
class Mismatch:
    """One difference between what a scenario expects and what was answered."""

    support: str
    field: str  # "status" or "amount_sek"
    expected: object
    actual: object


@dataclass
class ScenarioRun:
    scenario: Scenario
    result: dict  # the engine's explained answer (the JSON contract's output)
    mismatches: list[Mismatch]

    @property
    def passed(self) -> bool:
        return not self.mismatches

    def for_support(self, support: str) -> dict:
        return next(result for result in self.result["results"] if result["support"] == support)


class ScenarioError(ValueError):
    """A scenario that cannot be read: `field` names where (e.g. "expected.servicebidrag")."""

    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message
        super().__init__(message)


def _fail(field_name: str, message_id: str, lang: str, **params) -> ScenarioError:
    return ScenarioError(field_name, translate(message_id, lang, field=field_name, **params))


def _is_amount(value) -> bool:
    return value is None or (type(value) is int and value >= 0)


def _expected(support: str, value, lang: str) -> Expected:
    """`eligible` or `{status: eligible, amount_sek: 166667}`."""
    where = f"expected.{support}"
    if support not in SUPPORT_NAMES:
        raise _fail(where, N_("scenario.error.unknown_support"), lang, supports=", ".join(SUPPORT_NAMES))
    if isinstance(value, str):
        value = {"status": value}
    if not isinstance(value, dict):
        raise _fail(where, N_("scenario.error.bad_expected"), lang, statuses=", ".join(STATUSES))
    for key in value:
        if key not in EXPECTED_FIELDS:
            raise _fail(f"{where}.{key}", N_("scenario.error.unknown_field"), lang,
                        allowed=", ".join(EXPECTED_FIELDS))
    if value.get("status") not in STATUSES:
        raise _fail(f"{where}.status", N_("scenario.error.unknown_status"), lang,
                    value=value.get("status"), statuses=", ".join(STATUSES))
    if not _is_amount(value.get("amount_sek")):
        raise _fail(f"{where}.amount_sek", N_("scenario.error.bad_amount"), lang)
    return Expected(value["status"], value.get("amount_sek"))


def _text(data: dict, key: str, lang: str, required: bool) -> str:
    if key not in data and not required:
        return ""
    value = data.get(key)
    if not isinstance(value, str) or (required and not value.strip()):
        raise _fail(key, N_("scenario.error.not_text"), lang)
    return value.strip()


def _is_bound(value) -> bool:
    return type(value) in (int, float) and value >= 0


def chart_from_data(value, lang: str = DEFAULT_LANGUAGE) -> ChartRange | None:
    """`chart: {fact: …, from: …, to: …}`: the fact must be one the chart can vary."""
    from .whatif import VARIABLE_FACTS  # matplotlib only when a scenario asks for a chart

    if value is None:
        return None
    if not isinstance(value, dict):
        raise _fail("chart", N_("scenario.error.not_a_mapping_field"), lang)
    for key in value:
        if key not in CHART_FIELDS:
            raise _fail(f"chart.{key}", N_("scenario.error.unknown_field"), lang,
                        allowed=", ".join(CHART_FIELDS))
    if value.get("fact") not in VARIABLE_FACTS:
        raise _fail("chart.fact", N_("scenario.error.chart_fact"), lang, facts=", ".join(VARIABLE_FACTS))
    for key in ("from", "to"):
        if key in value and not _is_bound(value[key]):
            raise _fail(f"chart.{key}", N_("scenario.error.chart_bound"), lang)
    start, stop = value.get("from"), value.get("to")
    if stop is not None and stop <= (start or 0):
        raise _fail("chart.to", N_("scenario.error.chart_order"), lang)
    return ChartRange(value["fact"], start, stop)


def _check_facts(facts: dict, lang: str) -> None:
    try:
        validate(facts, lang)
    except FactsError as error:
        first = error.errors[0]
        raise ScenarioError(f"facts.{first['field']}".rstrip("."),
                            translate(N_("scenario.error.in_facts"), lang,
                                      detail=" ".join(item["message"] for item in error.errors))) from error


def scenario_from_data(data, id: str, lang: str = DEFAULT_LANGUAGE) -> Scenario:
    """A scenario from already-parsed YAML or JSON; raises ScenarioError naming the field."""
    if not isinstance(data, dict):
        raise _fail("", N_("scenario.error.not_a_mapping"), lang, allowed=", ".join(FIELDS))
    for key in data:
        if key not in FIELDS:
            raise _fail(str(key), N_("scenario.error.unknown_field"), lang, allowed=", ".join(FIELDS))
    name = _text(data, "name", lang, required=True)
    description = _text(data, "description", lang, required=False)
    facts = data.get("facts") or {}
    if not isinstance(facts, dict):
        raise _fail("facts", N_("scenario.error.not_a_mapping_field"), lang)
    _check_facts(facts, lang)
    expected_data = data.get("expected") or {}
    if not isinstance(expected_data, dict):
        raise _fail("expected", N_("scenario.error.not_a_mapping_field"), lang)
    expected = {support: _expected(support, value, lang) for support, value in expected_data.items()}
    conversation = data.get("conversation") or []
    if not isinstance(conversation, list) or not all(isinstance(turn, str) and turn.strip()
                                                     for turn in conversation):
        raise _fail("conversation", N_("scenario.error.bad_conversation"), lang)
    return Scenario(id, name, description, facts, expected, [turn.strip() for turn in conversation],
                    chart_from_data(data.get("chart"), lang))


def scenario_from_yaml(text: str, id: str | None = None, lang: str = DEFAULT_LANGUAGE) -> Scenario:
    """Read one scenario. Without an id, the name made into a file-name-like slug is used."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        line = where.line + 1 if where is not None else "?"
        raise _fail("", N_("scenario.error.yaml"), lang, line=line,
                    detail=getattr(error, "problem", None) or error) from error
    scenario = scenario_from_data(data, id or "", lang)
    if not id:
        scenario.id = slug(scenario.name)
    return scenario


def slug(name: str) -> str:
    """"Lanthandeln i Åsele" → "lanthandeln-i-asele": a safe file name for a scenario."""
    plain = name.lower().translate(str.maketrans("åäöéü", "aaoeu"))
    words = "".join(char if char.isascii() and char.isalnum() else " " for char in plain).split()
    return "-".join(words) or "scenario"


class _ScenarioDumper(yaml.SafeDumper):
    """Block style for the facts, one flow line per expected support, `|` for long texts."""


def _text_representer(dumper, text: str):
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


def _expected_representer(dumper, expected: Expected):
    if expected.amount_sek is None:
        return dumper.represent_str(expected.status)
    return dumper.represent_mapping("tag:yaml.org,2002:map",
                                    {"status": expected.status, "amount_sek": expected.amount_sek},
                                    flow_style=True)


_ScenarioDumper.add_representer(str, _text_representer)
_ScenarioDumper.add_representer(Expected, _expected_representer)


def scenario_to_yaml(scenario: Scenario) -> str:
    """The scenario as a caseworker would write it (the id is the file's name, not a field)."""
    data: dict = {"name": scenario.name}
    if scenario.description:
        data["description"] = scenario.description
    data["facts"] = scenario.facts
    if scenario.expected:
        data["expected"] = {support: scenario.expected[support]
                            for support in SUPPORT_NAMES if support in scenario.expected}
    if scenario.conversation:
        data["conversation"] = list(scenario.conversation)
    if scenario.chart:
        data["chart"] = scenario.chart.as_data()
    return yaml.dump(data, Dumper=_ScenarioDumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=100)


# The shipped library: scenarios/ at the top of the checkout, where caseworkers find it, linked
# here (workbench/scenarios) so the package carries it as its own data.
LIBRARY_DIR = Path(__file__).resolve().parent / "scenarios"


def load_library(directory, lang: str = DEFAULT_LANGUAGE) -> list[Scenario]:
    """Every `*.yaml` in `directory`, sorted by file name. A bad file raises ScenarioError
    whose field starts with the file's name, so the caseworker knows which one to fix."""
    scenarios = []
    for path in sorted(Path(directory).glob("*.yaml")):
        try:
            scenarios.append(scenario_from_yaml(path.read_text(encoding="utf-8"), path.stem, lang))
        except ScenarioError as error:
            raise ScenarioError(f"{path.name}: {error.field}",
                                f"{path.name}: {error.message}") from error
    return scenarios


def compare(expected: dict[str, Expected], result: dict) -> list[Mismatch]:
    """Expected vs answered status and amount, per support the scenario states."""
    answered = {item["support"]: item for item in result["results"]}
    mismatches = []
    for support in SUPPORT_NAMES:
        if support not in expected:
            continue
        wanted, got = expected[support], answered[support]
        if got["status"] != wanted.status:
            mismatches.append(Mismatch(support, "status", wanted.status, got["status"]))
        if got["amount_sek"] != wanted.amount_sek:
            mismatches.append(Mismatch(support, "amount_sek", wanted.amount_sek, got["amount_sek"]))
    return mismatches


def run_scenario(scenario: Scenario, lang: str = DEFAULT_LANGUAGE, today: date | None = None) -> ScenarioRun:
    """The engine's explained answer for the scenario's facts, compared with what it expects.
    Facts outside the contract raise ScenarioError (field "facts.…")."""
    _check_facts(scenario.facts, lang)
    result = evaluate(scenario.facts, lang=lang, today=today)
    return ScenarioRun(scenario, result, compare(scenario.expected, result))
