"""Stödkollen's rules engine: facts in, an explained estimate out, for every support.

Pure Python: no Rasa, no web framework, no database. The bot, the API and the scenario
workbench all call `evaluate`, so they all give the same answer.
"""

from datetime import date

from stodkollen.core.i18n import DEFAULT_LANGUAGE, N_, translate

from .context import Context
from .facts import ASKING_ORDER, SCHEMA, FactsError, in_asking_order, validate
from .parameters import (
    last_prisbasbelopp_year,
    last_supported_year,
    parameters_for_year,
    ruleset_for_year,
    rulesets,
)
from .render import render_result
from .result import support_result
from .supports import support_modules

__all__ = ["ASKING_ORDER", "SCHEMA", "SUPPORT_NAMES", "FactsError", "evaluate"]
# Every support any ruleset decides, in the order results are given.
SUPPORT_NAMES = tuple(dict.fromkeys(module.SUPPORT for ruleset in rulesets()
                                    for module in support_modules(ruleset.supports)))


def _year(facts: dict, today: date | None) -> tuple[int, str | None]:
    """The year applied for; absent → this year, or the latest with a known prisbasbelopp and
    a ruleset in force."""
    if "year" in facts:
        return facts["year"], None
    today = today or date.today()
    if today.year <= last_supported_year():
        return today.year, N_("year.defaulted")
    if today.year <= last_prisbasbelopp_year():
        return last_supported_year(), N_("year.ruleset_ended")
    return last_supported_year(), N_("year.latest_known")


def evaluate(facts: dict, *, lang: str = DEFAULT_LANGUAGE, explain: bool = True,
             today: date | None = None) -> dict:
    """Evaluate every support for `facts` (the JSON facts contract, docs/rules.md).

    `explain=False` gives statuses, amounts and missing facts only, for bulk runs and charts.
    Raises FactsError, naming each bad field, for input outside the contract.
    """
    flat = validate(facts, lang)
    year, year_note = _year(flat, today)
    ctx = Context(flat, parameters_for_year(year), year)
    ruleset = ruleset_for_year(year)
    results = [support_result(support.SUPPORT, support.PERIOD, support.evaluate(ctx))
               for support in support_modules(ruleset.supports)]
    output = {
        "ruleset": ruleset.describe(),
        "year": year,
        "results": [render_result(result, lang, explain) for result in results],
        "missing_facts": in_asking_order(path for result in results for path in result["missing_facts"]),
        "notes": [year_note] if year_note else [],
    }
    if explain:
        output["notes"] = [translate(note, lang, year=year) for note in output["notes"]]
        output["notes"].append(translate("ruleset.current_amounts", lang))
    return output
