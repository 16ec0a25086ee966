"""The facts contract: what the engine accepts, checked before any rule runs.

A key that is absent means "not asked yet" (`ABSENT`); `None` (JSON null) means "asked,
and the applicant does not know"; anything else is an answer. Validation flattens the
nested JSON into dotted paths ("store.article_count") so that rules and `missing_facts`
speak the same names.
"""

import math
from collections.abc import Callable
from typing import NamedTuple

from stodkollen.core.formatting import format_number
from stodkollen.core.i18n import N_, translate

from . import places
from .parameters import first_supported_year, last_supported_year


class _Absent:
    def __repr__(self) -> str:
        return "ABSENT"

    def __bool__(self) -> bool:
        return False


ABSENT = _Absent()

APPLICANT_KINDS = ("business", "municipality", "association", "public_body")
STORE_KINDS = ("grocery_store", "fuel_station", "service_point", "specialist_store", "logistics")
SERVICES = ("fuel", "post", "parcel", "pharmacy_agent", "payment_services")
INVESTMENT_PURPOSES = ("accessibility", "reopen_closed_store", "energy_climate",
                       "add_service_functions", "priority_area", "refrigeration_replacement")


class Problem(NamedTuple):
    """Why a value is not a valid answer: a catalog message id and its placeholders."""

    message_id: str
    params: dict = {}


def _boolean(value, _choices):
    return value if type(value) is bool else Problem(N_("error.not_bool"))


def _whole_number(value, _choices):
    """Kronor and counts are integers (JSON's true is no count)."""
    if type(value) is not int:
        return Problem(N_("error.not_integer"))
    return value if value >= 0 else Problem(N_("error.negative"))


def _year(value, _choices):
    value = _whole_number(value, _choices)
    if isinstance(value, Problem) or first_supported_year() <= value <= last_supported_year():
        return value
    return Problem(N_("error.year_out_of_range"),
                   {"first": first_supported_year(), "last": last_supported_year()})


def _number(value, _choices):
    """Distances and hours may have decimals."""
    if type(value) is int or (type(value) is float and math.isfinite(value)):
        return value if value >= 0 else Problem(N_("error.negative"))
    return Problem(N_("error.not_number"))


def _choice(value, choices):
    return value if value in choices else Problem(N_("error.not_a_choice"), {"choices": ", ".join(choices)})


def _choices(value, choices):
    if type(value) is not list or any(item not in choices for item in value):
        return Problem(N_("error.not_choices"), {"choices": ", ".join(choices)})
    return tuple(dict.fromkeys(value))


def _place(value, _choices):
    """A Swedish municipality, named exactly up to case; the official name is kept."""
    if type(value) is not str:
        return Problem(N_("error.not_text"))
    municipality = places.find_municipality(value)
    if municipality:
        return municipality.name
    suggestions = places.similar_names(value)
    if suggestions:
        return Problem(N_("error.unknown_municipality_suggest"),
                       {"name": value, "suggestions": ", ".join(suggestions)})
    return Problem(N_("error.unknown_municipality"), {"name": value})


class FactType(NamedTuple):
    validate: Callable  # (value, choices) → the normalised value, or a Problem
    choices: tuple[str, ...] = ()


BOOL, NUMBER = FactType(_boolean), FactType(_number)
MONEY = COUNT = FactType(_whole_number)

# Asking order: who and where first, then the store, then money (docs/rules.md, Output).
# The dialogue asks `missing_facts` in this order, so it is the order of this table.
SCHEMA: dict[str, FactType] = {
    "year": FactType(_year),
    "applicant_kind": FactType(_choice, APPLICANT_KINDS),
    "municipality": FactType(_place),
    "in_central_locality": BOOL,
    "store.sells_groceries": BOOL,
    "store.sells_fuel": BOOL,
    "store.kind": FactType(_choice, STORE_KINDS),
    "store.open_year_round": BOOL,
    "store.opening_hours_per_week": NUMBER,
    "store.article_count": COUNT,
    "store.has_all_product_groups": BOOL,
    "store.distance_to_nearest_grocery_store_km": NUMBER,
    "store.distance_to_nearest_fuel_station_km": NUMBER,
    "store.grocery_store_in_locality": BOOL,
    "store.archipelago_without_road": BOOL,
    "special_reasons": BOOL,
    "municipality_has_service_plan": BOOL,
    "store.grocery_net_turnover_sek": MONEY,
    "store.services": FactType(_choices, SERVICES),
    "store.service_strategic": BOOL,
    "service_grant.years_already_received": COUNT,
    "service_grant.other_measures_tried": BOOL,
    "investment.planned": BOOL,
    "investment.eligible_costs_sek": MONEY,
    "investment.purposes": FactType(_choices, INVESTMENT_PURPOSES),
    "home_delivery.net_cost_sek": MONEY,
    "home_delivery.deliveries": COUNT,
    "home_delivery.households": COUNT,
    "payment_services.interested": BOOL,
    "payment_services.commercial_provider_likely": BOOL,
    "payment_services.distance_to_nearest_provider_km": NUMBER,
    "payment_services.estimated_users": COUNT,
}
GROUPS = frozenset(path.split(".")[0] for path in SCHEMA if "." in path)

# Reading: the spec bounds numbers from below only ("negative numbers ... are rejected").
# A value no shop can have is bad input all the same, and is refused naming the field rather
# than computed on: at most 168 hours in a week, 2 000 km (more than Sweden is long), 10^10 kr
# (ten billion, far beyond any shop or grant), 1 000 000 articles, 100 years, and 10 000 000
# deliveries, households or users (about Sweden's population). These are hard limits of the
# contract; the dialogue's kinder plausibility ranges (stodkollen/conversation_facts.py) lie
# within them and may accept an odd value the user repeats, never one past these.
HOURS_IN_A_WEEK = 168
MAX_DISTANCE_KM = 2_000
MAX_AMOUNT_SEK = 10**10
MAX_COUNT = 10_000_000
MAXIMUM: dict[str, int] = {
    "store.opening_hours_per_week": HOURS_IN_A_WEEK,
    "store.article_count": 1_000_000,
    "store.distance_to_nearest_grocery_store_km": MAX_DISTANCE_KM,
    "store.distance_to_nearest_fuel_station_km": MAX_DISTANCE_KM,
    "store.grocery_net_turnover_sek": MAX_AMOUNT_SEK,
    "service_grant.years_already_received": 100,
    "investment.eligible_costs_sek": MAX_AMOUNT_SEK,
    "home_delivery.net_cost_sek": MAX_AMOUNT_SEK,
    "home_delivery.deliveries": MAX_COUNT,
    "home_delivery.households": MAX_COUNT,
    "payment_services.distance_to_nearest_provider_km": MAX_DISTANCE_KM,
    "payment_services.estimated_users": MAX_COUNT,
}


def _within_maximum(path: str, value):
    """The value, or a Problem when it is past the fact's hard limit."""
    maximum = MAXIMUM.get(path)
    if maximum is None or value <= maximum:
        return value
    return Problem(N_("error.too_large"), {"maximum": format_number(maximum)})
ASKING_ORDER = {path: position for position, path in enumerate(SCHEMA)}


class FactsError(ValueError):
    """Bad input: `errors` lists each problem as {"field": dotted path, "message": text}."""

    def __init__(self, errors: list[dict]):
        self.errors = errors
        super().__init__("; ".join(f"{e['field']}: {e['message']}" for e in errors))


def validate(facts: dict, lang: str = "sv") -> dict:
    """Check the facts against the contract; return them flat by dotted path, normalised.

    Raises FactsError naming every bad field; nothing else escapes.
    """
    errors: list[dict] = []

    def reject(path: str, message_id: str, **params) -> None:
        errors.append({"field": path, "message": translate(message_id, lang, field=path, **params)})

    if not isinstance(facts, dict):
        reject("", N_("error.facts_not_an_object"))
        raise FactsError(errors)
    flat: dict = {}

    def accept(path: str, value) -> None:
        fact_type = SCHEMA.get(path)
        if fact_type is None:
            reject(path, N_("error.unknown_field"))
        elif value is None:
            if path != "year":  # an unknown year is no answer: the default year applies
                flat[path] = None
        else:
            checked = fact_type.validate(value, fact_type.choices)
            if type(checked) is not Problem:
                checked = _within_maximum(path, checked)
            if type(checked) is Problem:
                reject(path, checked.message_id, **checked.params)
            else:
                flat[path] = checked

    for key, value in facts.items():
        if key not in GROUPS:
            accept(key, value)
        elif type(value) is not dict:
            reject(key, N_("error.not_an_object"))
        else:
            for inner, inner_value in value.items():
                accept(f"{key}.{inner}", inner_value)
    if errors:
        raise FactsError(errors)
    return flat


def in_asking_order(paths) -> list[str]:
    return sorted(set(paths), key=ASKING_ORDER.__getitem__)
