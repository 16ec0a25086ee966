"""The facts contract: what the engine accepts, checked before any rule runs.

A key that is absent means "not asked yet" (`ABSENT`); `None` (JSON null) means "asked,
and the applicant does not know"; anything else is an answer. Validation flattens the
nested JSON into dotted paths ("store.article_count") so that rules and `missing_facts`
speak the same names.
"""

import math
from dataclasses import dataclass

from stodkollen.i18n import N_, translate

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


@dataclass(frozen=True)
class FactType:
    kind: str  # "bool", "money" (whole kronor), "count", "number", "year", "choice", "choices", "place"
    choices: tuple[str, ...] = ()


BOOL, MONEY, COUNT, NUMBER = FactType("bool"), FactType("money"), FactType("count"), FactType("number")

# Asking order: who and where first, then the store, then money (rules-spec, Output).
# The dialogue asks `missing_facts` in this order, so it is the order of this table.
SCHEMA: dict[str, FactType] = {
    "year": FactType("year"),
    "applicant_kind": FactType("choice", APPLICANT_KINDS),
    "municipality": FactType("place"),
    "in_central_locality": BOOL,
    "store.sells_groceries": BOOL,
    "store.sells_fuel": BOOL,
    "store.kind": FactType("choice", STORE_KINDS),
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
    "store.services": FactType("choices", SERVICES),
    "store.service_strategic": BOOL,
    "service_grant.years_already_received": COUNT,
    "service_grant.other_measures_tried": BOOL,
    "investment.planned": BOOL,
    "investment.eligible_costs_sek": MONEY,
    "investment.purposes": FactType("choices", INVESTMENT_PURPOSES),
    "home_delivery.net_cost_sek": MONEY,
    "home_delivery.deliveries": COUNT,
    "home_delivery.households": COUNT,
    "payment_services.interested": BOOL,
    "payment_services.commercial_provider_likely": BOOL,
    "payment_services.distance_to_nearest_provider_km": NUMBER,
    "payment_services.estimated_users": COUNT,
}
GROUPS = frozenset(path.split(".")[0] for path in SCHEMA if "." in path)
ASKING_ORDER = {path: position for position, path in enumerate(SCHEMA)}


class FactsError(ValueError):
    """Bad input: `errors` lists each problem as {"field": dotted path, "message": text}."""

    def __init__(self, errors: list[dict]):
        self.errors = errors
        super().__init__("; ".join(f"{e['field']}: {e['message']}" for e in errors))


def _problem(path: str, value, fact_type: FactType) -> tuple[str, dict] | None:
    """Why `value` is not a valid answer for `fact_type`, as (message id, params), or None."""
    kind = fact_type.kind
    if kind == "bool":
        return None if isinstance(value, bool) else (N_("error.not_bool"), {})
    if kind in ("money", "count", "year"):
        if isinstance(value, bool) or not isinstance(value, int):
            return N_("error.not_integer"), {}
        if value < 0:
            return N_("error.negative"), {}
        if kind == "year" and not first_supported_year() <= value <= last_supported_year():
            return N_("error.year_out_of_range"), {"first": first_supported_year(),
                                                    "last": last_supported_year()}
        return None
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            return N_("error.not_number"), {}
        return (N_("error.negative"), {}) if value < 0 else None
    if kind == "choice":
        if value not in fact_type.choices:
            return N_("error.not_a_choice"), {"choices": ", ".join(fact_type.choices)}
        return None
    if kind == "choices":
        if not isinstance(value, list) or any(item not in fact_type.choices for item in value):
            return N_("error.not_choices"), {"choices": ", ".join(fact_type.choices)}
        return None
    if kind == "place":
        if not isinstance(value, str):
            return N_("error.not_text"), {}
        if places.find_municipality(value) is None:
            suggestions = places.similar_names(value)
            if suggestions:
                return N_("error.unknown_municipality_suggest"), {"name": value,
                                                                  "suggestions": ", ".join(suggestions)}
            return N_("error.unknown_municipality"), {"name": value}
        return None
    raise AssertionError(f"no validation for fact type {kind!r}")


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
    for key, value in facts.items():
        if key in GROUPS:
            if not isinstance(value, dict):
                reject(key, N_("error.not_an_object"))
                continue
            flat.update((f"{key}.{inner}", inner_value) for inner, inner_value in value.items())
        else:
            flat[key] = value
    for path in list(flat):
        value = flat[path]
        if path not in SCHEMA:
            reject(path, N_("error.unknown_field"))
            del flat[path]
            continue
        if value is None:
            if path == "year":  # unknown year: the default year applies, as when absent
                del flat[path]
            continue
        problem = _problem(path, value, SCHEMA[path])
        if problem:
            reject(path, problem[0], **problem[1])
        elif SCHEMA[path].kind == "place":
            flat[path] = places.find_municipality(value).name
        elif SCHEMA[path].kind == "choices":
            flat[path] = tuple(dict.fromkeys(value))
    if errors:
        raise FactsError(errors)
    return flat


def in_asking_order(paths) -> list[str]:
    return sorted(set(paths), key=ASKING_ORDER.__getitem__)
