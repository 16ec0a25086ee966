"""The engine's answer as the workbench shows it: per support its status, amount and every
check with its source reference and, where the ruleset quotes it, the sentence of the
programme behind it.

A check names its reference but not the parameter it compared with; the parameter is found
by the threshold the check reports (a check that compares with 10 km cites the parameter
whose value in force is 10 km). Where several parameters have that value (20 km to a fuel
station, 20 hours a week for a small store), the one with the check's own reference is it.
Where still no single parameter matches, only the reference is shown: a wrong quotation
would be worse than none.
"""

from functools import cache

from rules_engine.parameters import parameters_for_year, ruleset_for_year
from rules_engine.render import plain
from service.nlg.results import amount_phrase
from stodkollen.core.formatting import format_sek
from workbench.statuses import outcome_word, status_word


@cache
def _parameters_by_value(year: int) -> dict:
    """Threshold value → the programme's parameters with that value in force (national ones,
    like prisbasbelopp, have no quoted sentence in the programme)."""
    definitions = ruleset_for_year(year).parameters
    in_force = parameters_for_year(year)
    by_value: dict = {}
    for name, definition in definitions.items():
        value = plain(in_force[name])
        if isinstance(value, int | float) and not isinstance(value, bool) and definition.get("quote"):
            by_value.setdefault(value, []).append(definition)
    return by_value


def source_sentence(check: dict, year: int) -> dict | None:
    """{"quote", "reference"} of the parameter the check compared with, when exactly one fits."""
    threshold = check.get("threshold")
    if threshold is None or isinstance(threshold, bool):
        return None
    candidates = _parameters_by_value(year).get(threshold, [])
    if len(candidates) > 1:
        candidates = [candidate for candidate in candidates if candidate["reference"] == check["reference"]]
    if len(candidates) != 1:
        return None
    return {"quote": candidates[0]["quote"], "reference": candidates[0]["reference"]}


def status_label(status: str, lang: str) -> str:
    """The workbench's word for a status, the same as the CLI's and the report's."""
    return status_word(status, lang)


def support_view(support: dict, year: int, lang: str) -> dict:
    return {"support": support["support"], "name": support["name"], "status": support["status"],
            "status_label": status_label(support["status"], lang),
            "amount_sek": support["amount_sek"], "amount": amount_phrase(support, lang, format_sek),
            "checks": [{**check, "outcome_label": outcome_word(check["outcome"], lang),
                        "source": source_sentence(check, year)} for check in support["checks"]],
            "conditions": support["conditions"], "notes": support["notes"]}


def result_view(result: dict, lang: str) -> dict:
    """The explained result (rules_engine.evaluate's output) ready for a template."""
    return {"ruleset": result["ruleset"], "year": result["year"], "notes": result["notes"],
            "missing_facts": result["missing_facts"],
            "supports": [support_view(support, result["year"], lang) for support in result["results"]]}
