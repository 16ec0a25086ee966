"""The workbench's form for a scenario's facts: one field per fact of the engine's contract
(rules_engine/facts.py SCHEMA, in its asking order), labelled as the chat's summary labels it,
with the fact's description as help text.

Every field can be left empty (not asked yet: the engine says what is missing) or answered
"vet inte" (asked, and the applicant does not know: the engine's null). What the caseworker
typed is kept as typed, so a form with a mistake comes back exactly as it was sent, with
the problem written next to its field.
"""

import re
from dataclasses import dataclass

from rules_engine import FactsError
from rules_engine.facts import (
    ABSENT,
    APPLICANT_KINDS,
    BOOL,
    INVESTMENT_PURPOSES,
    NUMBER,
    SCHEMA,
    SERVICES,
    STORE_KINDS,
    validate,
)
from rules_engine.places import vasterbotten_municipalities
from stodkollen.core.formatting import format_number
from stodkollen.core.i18n import N_, translate

# The form's own words for the engine's null ("asked, and the applicant does not know"): the
# code of that choice in selects and check boxes (service/templates/workbench/_field.html), and
# what a text field shows. Not the dialogue's slot value (conversation_facts.UNKNOWN): the form
# reads and writes the engine's facts, where a fact not asked is ABSENT and an unknown one null.
UNKNOWN_CHOICE = "vet_inte"
UNKNOWN_TEXT = "vet inte"
NONE_OF_THEM = "ingen"  # for several-choice facts: asked, and none applies
YES, NO = "ja", "nej"
CHOICE_LABELS = {"applicant_kind": "applicant_kind.{}", "store.kind": "store_kind.{}",
                 "store.services": "service.{}", "investment.purposes": "purpose.{}"}
CHOICES = {"applicant_kind": APPLICANT_KINDS, "store.kind": STORE_KINDS, "store.services": SERVICES,
           "investment.purposes": INVESTMENT_PURPOSES}
# How to write a number, by the fact's name's ending (as the engine formats them, rules_engine/render.py).
HINTS_BY_ENDING = (("_sek", N_("workbench.hint.amount_sek")), ("_km", N_("workbench.hint.km")),
                   ("hours_per_week", N_("workbench.hint.hours")),
                   ("years_already_received", N_("workbench.hint.years")))
# A typical value of each number fact, for its help text: of the size a caseworker meets (a
# household count is tens, an investment a hundred thousand kronor), never a number of the rules.
EXAMPLES = {"store.opening_hours_per_week": 45, "store.article_count": 1500,
            "store.distance_to_nearest_grocery_store_km": 12.5,
            "store.distance_to_nearest_fuel_station_km": 25,
            "store.grocery_net_turnover_sek": 2_500_000, "service_grant.years_already_received": 1,
            "investment.eligible_costs_sek": 120_000, "home_delivery.net_cost_sek": 90_000,
            "home_delivery.deliveries": 700, "home_delivery.households": 14,
            "payment_services.distance_to_nearest_provider_km": 30, "payment_services.estimated_users": 250}
UNKNOWN_WORDS = (UNKNOWN_TEXT, "vet ej", "okänt", "?")
NUMBER_PATTERN = re.compile(r"^\d+([.,]\d+)?$")
SPACES = re.compile(r"[\s\u00a0\u202f]")  # Babel writes 2 500 000 with no-break spaces


@dataclass(frozen=True)
class FactField:
    path: str
    kind: str  # year, yes_no, choice, choices, whole, number, municipality
    choices: tuple[str, ...] = ()

    @property
    def html_id(self) -> str:
        return "fakta-" + self.path.replace(".", "-").replace("_", "-")

    @property
    def group(self) -> str:
        return self.path.split(".")[0] if "." in self.path else ""


def _kind(path: str) -> str:
    fact_type = SCHEMA[path]
    if path == "year":
        return "year"
    if path == "municipality":
        return "municipality"
    if fact_type is BOOL:
        return "yes_no"
    if path in CHOICES:
        return "choices" if path in ("store.services", "investment.purposes") else "choice"
    return "number" if fact_type is NUMBER else "whole"


FIELDS = tuple(FactField(path, _kind(path), CHOICES.get(path, ())) for path in SCHEMA)


def label(path: str, lang: str) -> str:
    """"Försäljning av dagligvaror förra året": the chat summary's label for the fact."""
    if path == "year":
        return translate(N_("workbench.fact.year"), lang)
    return translate(f"summary.{path.replace('.', '_')}", lang)


def _hint(field: FactField) -> str | None:
    if field.kind == "year":
        return N_("workbench.hint.year")
    if field.kind not in ("whole", "number"):
        return None
    return next((hint for ending, hint in HINTS_BY_ENDING if field.path.endswith(ending)),
                N_("workbench.hint.count"))


def help_text(field: FactField, lang: str) -> str:
    """"Nettoomsättningen för dagligvaror senaste året. I kronor, till exempel 2 500 000." """
    description = translate(f"fact.{field.path}", lang)
    hint = _hint(field)
    if hint and field.kind != "year":
        hint = translate(hint, lang, example=format_number(EXAMPLES[field.path], lang))
    elif hint:
        hint = translate(hint, lang)
    return description[:1].upper() + description[1:] + "." + (f" {hint}" if hint else "")


def choice_label(field: FactField, code: str, lang: str) -> str:
    return translate(CHOICE_LABELS[field.path].format(code), lang)


def municipalities() -> list[str]:
    return sorted(municipality.name for municipality in vasterbotten_municipalities())


def _get(facts: dict, path: str, missing):
    group, _, key = path.rpartition(".")
    container = facts.get(group) if group else facts
    return container.get(key, missing) if isinstance(container, dict) else missing


def form_values(facts: dict, lang: str) -> dict[str, str | list[str]]:
    """The facts as the form shows them: numbers the Swedish way, choices by code."""
    values: dict[str, str | list[str]] = {}
    for field in FIELDS:
        value = _get(facts, field.path, ABSENT)
        if value is ABSENT:
            values[field.path] = [] if field.kind == "choices" else ""
        elif value is None:  # selects and check boxes have a "vet inte" choice; text fields the words
            values[field.path] = ([UNKNOWN_CHOICE] if field.kind == "choices"
                                  else UNKNOWN_CHOICE if field.kind in ("yes_no", "choice") else UNKNOWN_TEXT)
        elif field.kind == "yes_no":
            values[field.path] = YES if value else NO
        elif field.kind == "choices":
            values[field.path] = list(value) or [NONE_OF_THEM]
        elif field.kind in ("whole", "number"):
            # As many decimals as the value has (format_number pads to the number it is given).
            decimals = len(repr(value).partition(".")[2]) if type(value) is float else 0
            values[field.path] = format_number(value, lang, decimals=decimals)
        else:
            values[field.path] = str(value)
    return values


class FormProblem(ValueError):
    """A typed value the form cannot read; its argument is the catalog id shown by the field."""


def _read_number(field: FactField, text: str):
    number = read_amount(text)
    if field.kind in ("whole", "year") and type(number) is not int:
        raise FormProblem(N_("workbench.error.not_whole"))
    return number


def read_amount(text: str) -> float:
    """A number typed the Swedish way ("1 500 000", "10,5"), for a chart's range; FormProblem if not."""
    compact = SPACES.sub("", text)
    if not NUMBER_PATTERN.match(compact):
        raise FormProblem(N_("workbench.error.not_a_number"))
    number = float(compact.replace(",", "."))
    return int(number) if number == int(number) else number


def _read(field: FactField, raw):
    """One field's typed value → the engine's value, ABSENT, or FormProblem."""
    if field.kind == "choices":
        chosen = [code for code in raw if code]
        if not chosen:
            return ABSENT
        if UNKNOWN_CHOICE in chosen:
            return None
        return [code for code in chosen if code != NONE_OF_THEM]
    text = (raw or "").strip()
    if not text:
        return ABSENT
    if text == UNKNOWN_CHOICE or text.lower() in UNKNOWN_WORDS:
        return None
    if field.kind == "yes_no":
        return {YES: True, NO: False}.get(text, text)  # anything else: the engine names the problem
    if field.kind in ("whole", "number", "year"):
        return _read_number(field, text)
    return text


def facts_from_form(form: dict[str, str | list[str]], lang: str) -> tuple[dict, dict[str, str]]:
    """The nested facts the form describes, and the problems by field (empty when none).
    The engine's own validation has the last word, so the form accepts exactly what the API does."""
    facts: dict = {}
    problems: dict[str, str] = {}
    for field in FIELDS:
        try:
            value = _read(field, form.get(field.path, [] if field.kind == "choices" else ""))
        except FormProblem as problem:
            problems[field.path] = translate(str(problem), lang, field=label(field.path, lang))
            continue
        if value is ABSENT:
            continue
        group, _, key = field.path.rpartition(".")
        (facts.setdefault(group, {}) if group else facts)[key] = value
    try:
        validate(facts, lang)
    except FactsError as error:
        known = {field.path for field in FIELDS}
        for item in error.errors:
            # The engine names the field by its path ("Fältet municipality: …"); the form by its label.
            message = item["message"].replace(item["field"], label(item["field"], lang)) \
                if item["field"] in known else item["message"]
            problems.setdefault(item["field"], message)
    return facts, problems


def display_value(field: FactField, value: str | list[str], lang: str) -> str:
    """A form value in words, for reading rather than editing ("Ja", "Post, Paket", "Vet inte")."""
    if value in (UNKNOWN_CHOICE, [UNKNOWN_CHOICE], UNKNOWN_TEXT):
        return translate(N_("answer.dont_know"), lang)
    if field.kind == "yes_no" and value:
        return translate(N_("answer.yes") if value == YES else N_("answer.no"), lang)
    if field.kind == "choice" and value:
        return choice_label(field, value, lang)
    if field.kind == "choices":
        if value == [NONE_OF_THEM]:
            return translate(N_("answer.none_of_them"), lang)
        return ", ".join(choice_label(field, code, lang) for code in value)
    return value


def field_views(values: dict, errors: dict[str, str], lang: str) -> list[dict]:
    """What the template needs of each field: its label, help, value as typed, problem, choices."""
    return [{"path": field.path, "id": field.html_id, "kind": field.kind, "group": field.group,
             "label": label(field.path, lang), "help": help_text(field, lang),
             "value": values.get(field.path, [] if field.kind == "choices" else ""),
             "error": errors.get(field.path),
             "choices": [(code, choice_label(field, code, lang)) for code in field.choices]}
            for field in FIELDS]


GROUPS = {"": N_("workbench.group.general"), "store": N_("workbench.group.store"),
          "service_grant": N_("workbench.group.service_grant"),
          "investment": N_("workbench.group.investment"),
          "home_delivery": N_("workbench.group.home_delivery"),
          "payment_services": N_("workbench.group.payment_services")}


def grouped_field_views(values: dict, errors: dict[str, str], lang: str) -> list[dict]:
    """The fields under a heading per part of the facts (the applicant and place, the store, …),
    in the engine's asking order within each."""
    views = field_views(values, errors, lang)
    return [{"legend": translate(message, lang), "fields": [view for view in views if view["group"] == group]}
            for group, message in GROUPS.items()]
