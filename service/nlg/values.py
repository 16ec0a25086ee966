"""Slot values in words: "Ja", "3 000 000 kr", "12,5 km", "post och apoteksombud" — or, on
the phone, "tre miljoner kronor" as a listener expects them."""

from babel.lists import format_list

from stodkollen.conversation_facts import BY_SLOT, FactState, fact_state, is_number
from stodkollen.core.formatting import (
    BABEL_LOCALES,
    UNITS,
    format_km,
    format_number,
    format_quantity,
    format_sek,
    spoken_km,
    spoken_number,
    spoken_sek,
)
from stodkollen.core.i18n import N_, translate
from swedish_quantities.yes_no import DONT_KNOW

# The two slots the form asks that are no engine facts: who is asking, and the locality.
FORM_ONLY_KINDS = {"asker": "asker", "locality": "locality"}
# The form's slots in the order it asks them: who and where, then the engine's asking order.
FORM_SLOTS = (*FORM_ONLY_KINDS, *BY_SLOT)
# How a choice answer's value is named: the catalog id of each code.
CHOICE_LABELS = {"asker": "asker.{}", "applicant_kind": "applicant_kind.{}",
                 "store_kind": "store_kind.{}", "services": "service.{}", "purposes": "purpose.{}"}
# Counts that read better with their unit ("1 500 artiklar"); the others are plain numbers
# whose label names what is counted ("Hemsändningar per år: 1 200").
COUNT_UNITS = {"store_article_count": "articles"}
YES_NO = {True: N_("answer.yes"), False: N_("answer.no")}
# A number answered as an estimate ("runt tre miljoner"): "ca 3 000 000 kr" to read, "cirka tre
# miljoner kronor" to hear (the abbreviation would be spelt out by the speech synthesis).
APPROXIMATELY = {False: N_("value.approximately"), True: N_("value.approximately.phone")}


def answer_kind(slot: str) -> str:
    return FORM_ONLY_KINDS.get(slot) or BY_SLOT[slot].answer


def summary_label(slot: str, lang: str) -> str:
    """A short label for the summary: "Antal artiklar"."""
    return translate(f"summary.{slot}", lang)


def topic(slot: str, lang: str) -> str:
    """What the answer is about, to name it in a sentence: "omsättningen"."""
    return translate(f"topic.{slot}", lang)


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def spoken_list(items: list[str], lang: str, style: str = "standard") -> str:
    """"post och apoteksombud"; style "or": "butik, mack eller kommun"."""
    return format_list(items, style=style, locale=BABEL_LOCALES[lang]) if items else ""


def _number(kind: str, slot: str, value: float, lang: str, spoken: bool) -> str:
    if kind == "amount_sek":
        return spoken_sek(value, lang) if spoken else format_sek(value, lang)
    if kind == "distance_km":
        return spoken_km(value, lang) if spoken else format_km(value, lang)
    unit = "hours_per_week" if kind == "hours_per_week" else COUNT_UNITS.get(slot)
    if spoken:
        number = spoken_number(value, lang)
        return f"{number} {UNITS[unit][lang]}" if unit else number
    return format_quantity(value, unit, lang) if unit else format_number(value, lang)


def formatted_value(slot: str, value, lang: str, spoken: bool = False) -> str:
    """The value as it is shown in the summary (or spoken): yes/no answers capitalised."""
    kind = answer_kind(slot)
    # The understanding layer's own "dont_know" is the same answer: never shown as a code.
    if fact_state(value) is not FactState.ANSWERED or value == DONT_KNOW:
        return translate("answer.dont_know", lang)
    if kind == "yes_no" and type(value) is bool:
        return translate(YES_NO[value], lang)
    if kind in CHOICE_LABELS:
        codes = value if isinstance(value, list | tuple) else [value]
        labels = [translate(CHOICE_LABELS[kind].format(code), lang) for code in codes]
        return spoken_list(labels, lang) if labels else translate(N_("value.nothing"), lang)
    if is_number(value):
        return _number(kind, slot, value, lang, spoken)
    return str(value)


def estimated_value(slot: str, value, approximate_slots, lang: str, spoken: bool = False) -> str:
    """formatted_value, marked "ca" when the shop owner gave the number as an estimate."""
    text = formatted_value(slot, value, lang, spoken=spoken)
    estimated = is_number(value) and slot in (approximate_slots or ())
    return translate(APPROXIMATELY[spoken], lang, value=text) if estimated else text


# An amount in a spoken result, rounded for the ear (issue 15): to the nearest thousand from
# 10 000 kr, to the nearest hundred from 1 000 kr, exactly below. The draft and the sms keep it exact.
SPOKEN_ROUNDING = ((10_000, 1_000), (1_000, 100))


def spoken_rounded_sek(amount: int, lang: str) -> str:
    """166667 → "cirka etthundrasextiosjutusen kronor"; 300000 → "trehundratusen kronor"."""
    step = next((step for least, step in SPOKEN_ROUNDING if amount >= least), 1)
    rounded = int((amount + step // 2) // step * step)  # half up, as people round money
    said = spoken_sek(rounded, lang)
    return said if rounded == amount else translate(APPROXIMATELY[True], lang, value=said)
