"""Checks and results in words, from the catalogs in `locales/`.

Placeholders are formatted by their name's ending, so a message never formats a number
itself: `*_sek` → "166 667 kr", `*_km` → "12,5 km", `*hours` → "45 timmar per vecka",
`*_count` → "1 200", `*_share` → "90 %", `*_in_full` → "Vindelns kommun" (a municipality
named as the language does it; "kommunen" when not known); kinds become their catalog labels.
"""

from fractions import Fraction
from functools import cache
from string import Formatter

from stodkollen.core.formatting import format_hours, format_km, format_number, format_percent, format_sek
from stodkollen.core.i18n import translate
from stodkollen.core.place_names import municipality_in_full

from .checks import MISSING, Check

FORMATTERS = (("_sek", format_sek), ("_km", format_km), ("hours", format_hours),
              ("_count", format_number), ("_share", format_percent), ("_in_full", municipality_in_full))
LABELLED = ("applicant_kind", "store_kind")


def plain(value):
    """JSON-compatible numbers: parameters may be exact fractions."""
    if type(value) is Fraction:
        return int(value) if value.denominator == 1 else float(value)
    return value


@cache
def _formatter_for(name: str):
    return next((formatter for ending, formatter in FORMATTERS if name.endswith(ending)), None)


def _formatted(name: str, value, lang: str) -> str:
    if value is None:
        return translate("value.unknown", lang)
    if name in LABELLED:
        return translate(f"{name}.{value}", lang)
    formatter = _formatter_for(name)
    return formatter(plain(value), lang) if formatter else str(value)


@cache
def _placeholders(message: str, lang: str) -> tuple[str, ...]:
    return tuple(name for _, name, _, _ in Formatter().parse(translate(message, lang)) if name)


def sentence(message, params: dict, lang: str) -> str:
    """One catalog message, or several joined, with their placeholders filled in (only
    those the message uses: formatting is most of the cost of an explanation)."""
    if isinstance(message, tuple):
        return " ".join(sentence(part, params, lang) for part in message)
    text = translate(message, lang, **{name: _formatted(name, params[name], lang)
                                       for name in _placeholders(message, lang)})
    return text[:1].upper() + text[1:]  # "kommunen har planerat …" opens a sentence


def fact_label(path: str, lang: str) -> str:
    return translate(f"fact.{path}", lang)


def explanation(check: Check, lang: str) -> str:
    parts = [sentence(check.message, check.params, lang)] if check.message else []
    if check.outcome == MISSING:
        labels = ", ".join(fact_label(path, lang) for path in check.needs)
        parts.append(translate("check.missing", lang, facts=labels))
    return " ".join(parts)


def check_as_dict(check: Check, lang: str) -> dict:
    return {"id": check.id, "passed": check.passed, "outcome": check.outcome,
            "value": plain(check.value), "threshold": plain(check.threshold),
            "explanation": explanation(check, lang), "reference": check.reference}


def render_result(result: dict, lang: str, explain: bool) -> dict:
    """With `explain`, every check and text in words; without, status and amounts only."""
    if not explain:
        for key in ("checks", "conditions", "notes", "apply_to"):
            del result[key]
        return result
    result["checks"] = [check_as_dict(check, lang) for check in result["checks"]]
    result["name"] = translate(f"support.{result['support']}", lang)
    for key in ("conditions", "notes"):
        result[key] = [translate(message, lang) for message in result[key]]
    result["apply_to"] = translate(result["apply_to"], lang)
    return result
