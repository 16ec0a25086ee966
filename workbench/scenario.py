"""Scenarios: a store or situation a caseworker can read and write as YAML.

    name: Lanthandeln i Ammarnäs
    description: En byabutik i Sorsele kommun …
    facts: {...}                 # the engine's facts contract; may be partial
    expected:                    # optional: per support, the status (and amount) expected
      sarskilt_driftstod: {status: eligible, amount_sek: 166667}
      servicebidrag: needs_assessment
    conversation:                # optional: the user's turns, in Swedish
      - Hej
    channel: phone               # optional: the conversation as a call (speech), default web (typed)
    caller: 070-312 45 67        # optional, a call's: the calling number (resume codes, sms)

A call's turn is what is said, as a speech recogniser writes it, or a mapping with what is said
or keyed and, optionally, words the spoken reply must contain:

      - {speech: tre mil, says: [trettio kilometer]}
      - {digits: "45#"}
    chart:                       # optional: the what-if chart's fact and range (else chosen to fit)
      fact: home_delivery.net_cost_sek
      from: 0
      to: 300000

A scenario's id is its file name without `.yaml`. An expected amount is always compared:
a support written with its status alone is expected to give no amount (`null`), which is
what the engine says for every not_eligible, insufficient_data and servicebidrag answer.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from rules_engine import SUPPORT_NAMES, FactsError, evaluate
from rules_engine.facts import validate
from stodkollen.core.i18n import DEFAULT_LANGUAGE, N_, translate

from .yaml_source import Place, YamlProblem, read_yaml

STATUSES = ("eligible", "not_eligible", "needs_assessment", "insufficient_data")
FIELDS = ("name", "description", "facts", "expected", "conversation", "chart", "channel", "caller")
CHANNELS = ("web", "phone")  # how a conversation reaches the assistant: typed, or heard on a call
TURN_INPUTS = ("speech", "digits")  # a call's turn: said or keyed, as the phone route takes them
TURN_FIELDS = (*TURN_INPUTS, "says")
# What the service's phone route accepts (service/routers/phone.py, PhoneTurn), so that a file
# the route would refuse is refused here, with its line, before any call is made.
DIGITS = re.compile(r"[0-9*]{1,31}#?")
CALLER = re.compile(r"\+?[0-9 ()-]{3,32}")
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
    # A typed or said turn is its text; a call's turn may be {speech|digits: …, says: [...]}.
    conversation: list[str | dict] = field(default_factory=list)
    chart: ChartRange | None = None
    channel: str = "web"
    caller: str | None = None  # a call's calling number; None: withheld


def turn_input(turn: str | dict) -> tuple[str, str]:
    """("speech", "tre mil") or ("digits", "45#"): what a turn sends (a text is said or typed)."""
    if isinstance(turn, str):
        return "speech", turn
    name = next(name for name in TURN_INPUTS if name in turn)
    return name, turn[name]


def turn_says(turn: str | dict) -> list[str]:
    """Words the reply to this turn must contain."""
    return [] if isinstance(turn, str) else list(turn.get("says", []))


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
    """A scenario that cannot be read: `field` names where (e.g. "expected.servicebidrag"),
    `place` the line and column in its file when it came from one."""

    def __init__(self, field: str, message: str, place: Place | None = None):
        self.field = field
        self.message = message
        self.place = place
        super().__init__(message)

    def described(self, lang: str = DEFAULT_LANGUAGE, file: str | None = None) -> str:
        """"trasig.yaml, rad 3, kolumn 5: …", as much of it as is known."""
        if self.place and file:
            return translate(N_("scenario.error.in_file_at"), lang, file=file, line=self.place.line,
                             column=self.place.column, message=self.message)
        if self.place:
            return translate(N_("scenario.error.at"), lang, line=self.place.line, column=self.place.column,
                             message=self.message)
        return translate(N_("scenario.error.in_file"), lang, file=file, message=self.message) if file \
            else self.message


class ScenarioErrors(ScenarioError):
    """Every mistake found in one scenario; reads as its first."""

    def __init__(self, errors: list[ScenarioError]):
        first = errors[0]
        super().__init__(first.field, first.message, first.place)
        self.errors = errors


def _all(error: ScenarioError) -> list[ScenarioError]:
    return error.errors if isinstance(error, ScenarioErrors) else [error]


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


def _is_text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _turn(value, where: str, phone: bool, lang: str) -> str | dict:
    """One turn: a text, or on a call {speech: …} or {digits: …}, with `says` if any."""
    if _is_text(value):
        return value.strip()
    if not isinstance(value, dict):
        raise _fail(where, N_("scenario.error.bad_turn"), lang)
    if not phone:
        raise _fail(where, N_("scenario.error.phone_only"), lang)
    for key in value:
        if key not in TURN_FIELDS:
            raise _fail(f"{where}.{key}", N_("scenario.error.unknown_field"), lang,
                        allowed=", ".join(TURN_FIELDS))
    given = [name for name in TURN_INPUTS if name in value]
    if len(given) != 1:
        raise _fail(where, N_("scenario.error.turn_input"), lang)
    turn: dict = {}
    if given == ["speech"]:
        if not _is_text(value["speech"]):
            raise _fail(f"{where}.speech", N_("scenario.error.not_text"), lang)
        turn["speech"] = value["speech"].strip()
    else:
        keyed = value["digits"]
        keyed = str(keyed) if type(keyed) is int and keyed >= 0 else keyed  # `digits: 45` is 45 keyed
        if not isinstance(keyed, str) or not DIGITS.fullmatch(keyed):
            raise _fail(f"{where}.digits", N_("scenario.error.digits"), lang)
        turn["digits"] = keyed
    if "says" in value:
        says = value["says"]
        if not isinstance(says, list) or not says or not all(_is_text(words) for words in says):
            raise _fail(f"{where}.says", N_("scenario.error.says"), lang)
        turn["says"] = [words.strip() for words in says]
    return turn


def _caller(value, phone: bool, lang: str) -> str | None:
    if value is None:
        return None
    if not phone:
        raise _fail("caller", N_("scenario.error.phone_only"), lang)
    if not isinstance(value, str) or not CALLER.fullmatch(value.strip()):
        raise _fail("caller", N_("scenario.error.caller"), lang)
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


def _facts_errors(facts: dict, lang: str) -> list[ScenarioError]:
    """One error per problem the engine finds in the facts, each naming its fact."""
    try:
        validate(facts, lang)
    except FactsError as error:
        return [ScenarioError(f"facts.{item['field']}".rstrip("."),
                              translate(N_("scenario.error.in_facts"), lang, detail=item["message"]))
                for item in error.errors]
    return []


def _check_facts(facts: dict, lang: str) -> None:
    errors = _facts_errors(facts, lang)
    if errors:
        raise ScenarioErrors(errors)


def scenario_from_data(data, id: str, lang: str = DEFAULT_LANGUAGE) -> Scenario:
    """A scenario from already-parsed YAML or JSON; raises ScenarioErrors naming every field
    that is wrong (each part is read on its own, so one mistake does not hide the next)."""
    if not isinstance(data, dict):
        raise _fail("", N_("scenario.error.not_a_mapping"), lang, allowed=", ".join(FIELDS))
    errors: list[ScenarioError] = [_fail(str(key), N_("scenario.error.unknown_field"), lang,
                                         allowed=", ".join(FIELDS)) for key in data if key not in FIELDS]

    def read(reader, *args):
        try:
            return reader(*args)
        except ScenarioError as error:
            errors.extend(_all(error))
            return None

    name = read(_text, data, "name", lang, True)
    description = read(_text, data, "description", lang, False)
    facts = data.get("facts") or {}
    if isinstance(facts, dict):
        errors.extend(_facts_errors(facts, lang))
    else:
        errors.append(_fail("facts", N_("scenario.error.not_a_mapping_field"), lang))
    expected_data = data.get("expected") or {}
    expected = {}
    if isinstance(expected_data, dict):
        expected = {support: read(_expected, support, value, lang)
                    for support, value in expected_data.items()}
    else:
        errors.append(_fail("expected", N_("scenario.error.not_a_mapping_field"), lang))
    chart = read(chart_from_data, data.get("chart"), lang)
    channel = data.get("channel", "web")
    if channel not in CHANNELS:
        errors.append(_fail("channel", N_("scenario.error.channel"), lang, channels=", ".join(CHANNELS)))
    phone = channel == "phone"
    turns = data.get("conversation") or []
    conversation = []
    if isinstance(turns, list):  # each turn on its own: `conversation.3.digits` is the fourth's
        conversation = [read(_turn, turn, f"conversation.{number}", phone, lang)
                        for number, turn in enumerate(turns)]
    else:
        errors.append(_fail("conversation", N_("scenario.error.bad_conversation"), lang))
    caller = read(_caller, data.get("caller"), phone, lang)
    if errors:
        raise ScenarioErrors(errors)
    return Scenario(id, name, description, facts, expected, conversation, chart, channel, caller)


def scenario_from_yaml(text: str, id: str | None = None, lang: str = DEFAULT_LANGUAGE) -> Scenario:
    """Read one scenario. Without an id, the name made into a file-name-like slug is used.
    Every error carries the line and column it was found at."""
    try:
        document = read_yaml(text, lang)
    except YamlProblem as problem:
        raise ScenarioErrors([ScenarioError("", item.message, item.place)
                              for item in getattr(problem, "problems", [problem])]) from problem
    try:
        scenario = scenario_from_data(document.data, id or "", lang)
    except ScenarioError as error:
        raise ScenarioErrors([ScenarioError(item.field, item.message, document.place_of(item.field))
                              for item in _all(error)]) from error
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


class _Turn(dict):
    """A call's turn written as a mapping: one flow line, `- {speech: tre mil, says: [...]}`."""


def _turn_representer(dumper, turn: _Turn):
    return dumper.represent_mapping("tag:yaml.org,2002:map", dict(turn), flow_style=True)


_ScenarioDumper.add_representer(str, _text_representer)
_ScenarioDumper.add_representer(Expected, _expected_representer)
_ScenarioDumper.add_representer(_Turn, _turn_representer)


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
        data["conversation"] = [_Turn(turn) if isinstance(turn, dict) else turn
                                for turn in scenario.conversation]
    if scenario.channel != "web":
        data["channel"] = scenario.channel
    if scenario.caller:
        data["caller"] = scenario.caller
    if scenario.chart:
        data["chart"] = scenario.chart.as_data()
    return yaml.dump(data, Dumper=_ScenarioDumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=100)


# The shipped library: scenarios/ at the top of the checkout, where caseworkers find it, linked
# here (workbench/scenarios) so the package carries it as its own data.
LIBRARY_DIR = Path(__file__).resolve().parent / "scenarios"


@dataclass
class FileError:
    """A library file that could not be read, and one thing wrong with it."""

    file: str
    error: ScenarioError

    def described(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return self.error.described(lang, self.file)


def read_library(directory, lang: str = DEFAULT_LANGUAGE) -> tuple[list[Scenario], list[FileError]]:
    """Every `*.yaml` in `directory`, sorted by file name: the scenarios that could be read, and
    every error of every file that could not (a bad file never hides the next one)."""
    scenarios, errors = [], []
    for path in sorted(Path(directory).glob("*.yaml")):
        try:
            scenarios.append(scenario_from_yaml(path.read_text(encoding="utf-8"), path.stem, lang))
        except ScenarioError as error:
            errors.extend(FileError(path.name, item) for item in _all(error))
        except UnicodeDecodeError:
            unreadable = ScenarioError("", translate(N_("scenario.error.not_utf8"), lang))
            errors.append(FileError(path.name, unreadable))
    return scenarios, errors


def load_library(directory, lang: str = DEFAULT_LANGUAGE) -> list[Scenario]:
    """Every scenario of `directory`, or ScenarioError for the first bad file, its field and
    message starting with the file's name (for those who load all or nothing: the web's library)."""
    scenarios, errors = read_library(directory, lang)
    if errors:
        first = errors[0]
        raise ScenarioError(f"{first.file}: {first.error.field}", first.described(lang), first.error.place)
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
