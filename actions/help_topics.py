"""Which short help entry answers a question asked in the middle of the questions.

The nearest entry, not the nearest intent: the message's own words choose the topic
(actions/help_topics.yml), and a question about the question being asked ("varför frågar du
det?", "räknas drivmedel in i omsättningen?") gets that question's own entry: why we ask, or
what counts. The intent model is asked only when no words decide.

Each answer is a message id in locales/: `help.why.<slot>`, the slot's what-counts entry,
`help.term.<term>` or `help.topic.<topic>`; every entry is short enough to be read in the
middle of the questions (under 600 characters) and heard on the phone (under 40 words).
"""

import re
from functools import cache
from pathlib import Path

import yaml

from .listening import folded

WHY = "why_this_question"
# "räknas X som <term>", "does X count as <term>": the term compared with
SOM = re.compile(r"\b(?:som|as) (\w+(?: \w+)?)")
WHAT = "what_counts_here"
# Remarks rather than questions: answered even when nothing in them asks.
REMARKS = ("repeat_question", "language_switch", "complaint_frustration")
# What counts, for the questions whose definition is a term of the programme's.
WHAT_BY_SLOT = {
    "store_grocery_net_turnover_sek": "term_nettoomsattning",
    "store_article_count": "term_mangsidigt_utbud",
    "store_has_all_product_groups": "term_mangsidigt_utbud",
    "store_sells_groceries": "term_dagligvaror",
    "store_sells_fuel": "term_drivmedel",
    "store_distance_to_nearest_fuel_station_km": "term_drivmedel",
    "municipality_has_service_plan": "term_serviceplan",
    "in_central_locality": "term_serviceort_nod_punkt",
    "special_reasons": "term_sarskilda_skal",
    "home_delivery_net_cost_sek": "term_hemsandning",
    "home_delivery_deliveries": "term_hemsandning",
    "home_delivery_households": "term_hemsandning",
    "payment_services_interested": "term_betaltjanster",
    "payment_services_commercial_provider_likely": "term_betaltjanster",
    "investment_planned": "term_investeringsstod",
    "investment_eligible_costs_sek": "term_investeringsstod",
    "service_grant_years_already_received": "term_servicebidrag",
    "service_grant_other_measures_tried": "term_servicebidrag",
}
# When no words decide: the topic the intent model names.
TOPIC_BY_INTENT = {
    "faq_net_turnover": "term_nettoomsattning", "faq_varied_range": "term_mangsidigt_utbud",
    "faq_where_to_apply": "how_to_apply", "faq_when_paid": "payout_timing",
    "faq_service_places": "term_serviceort_nod_punkt", "faq_supports": "supports",
    "faq_priority_areas": "priority_areas", "faq_estimate": "who_decides",
    "bot_challenge": "bot_challenge", "out_of_scope": "out_of_scope",
}


@cache
def _patterns() -> dict[str, re.Pattern]:
    table = yaml.safe_load((Path(__file__).with_name("help_topics.yml")).read_text(encoding="utf-8"))
    return {key: re.compile(r"(?<!\w)(?:" + "|".join(patterns) + ")") for key, patterns in table.items()}


def entry_for_topic(topic: str) -> str:
    return f"help.term.{topic.removeprefix('term_')}" if topic.startswith("term_") else f"help.topic.{topic}"


def what_counts(slot: str) -> str:
    return entry_for_topic(WHAT_BY_SLOT[slot]) if slot in WHAT_BY_SLOT else f"help.what.{slot}"


def _about_the_question(topic: str, slot: str | None) -> str | None:
    if not slot or slot == "value_confirmation":
        return None
    return f"help.why.{slot}" if topic == WHY else what_counts(slot)


def help_entry(text: str, requested_slot: str | None, intent: str | None,
               remarks_only: bool = False) -> str | None:
    """The message id that answers `text` while `requested_slot` is asked (None: outside
    the questions), or None when nothing fits. `remarks_only`: the message asks nothing, so
    only a remark's entry (a complaint, "upprepa") may answer it."""
    words = folded(text)
    for key, pattern in _patterns().items():
        topic = key.split(" ", 1)[0]
        if remarks_only and topic not in REMARKS:
            continue
        if not pattern.search(words):
            continue
        if topic == WHAT and (term := _other_term(words, requested_slot)):
            # "räknas kortbetalning som betaltjänst?", or "räknas drivmedel in i omsättningen?"
            # while the service plan is asked: the programme's term it asks about
            return entry_for_topic(term)
        if topic in (WHY, WHAT):
            entry = _about_the_question(topic, requested_slot)
            if entry:
                return entry
            continue
        return entry_for_topic(topic)
    if remarks_only:
        return None
    if intent in TOPIC_BY_INTENT:
        return entry_for_topic(TOPIC_BY_INTENT[intent])
    if "varfor" in words.split():  # "varför just tusen artiklar" names no term we know
        return _about_the_question(WHY, requested_slot)
    return None


def _named_terms(words: str) -> list[str]:
    return [key for key, pattern in _patterns().items() if key.startswith("term_") and pattern.search(words)]


def _other_term(words: str, requested_slot: str | None) -> str | None:
    """The term a "what counts" question asks about when it is not the pending question's
    own: the one after "som" ("räknas X som <term>"), else the first the message names, as
    long as the question's own term is not among them."""
    after_som = SOM.search(words)
    compared = _named_terms(after_som.group(1)) if after_som else []
    if compared:
        return compared[0]
    named = _named_terms(words)
    own = WHAT_BY_SLOT.get(requested_slot or "")
    return named[0] if named and own not in named else None
