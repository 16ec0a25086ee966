"""Corrections and volunteered answers at any point: "nej, omsättningen var 3,5 miljoner",
"jag menade 12 km", "butiken ligger i Vannas"."""

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from stodkollen.conversation_facts import BY_SLOT, DIALOGUE_FACTS, slot_for
from swedish_quantities import parse

from .answers import matching_choices
from .form import needs_read_back

# Which fact a quantity is about when no word in the message says so.
DEFAULT_FACT = {
    "amount_sek": "store.grocery_net_turnover_sek",
    "distance_km": "store.distance_to_nearest_grocery_store_km",
    "hours_per_week": "store.opening_hours_per_week",
    "article_count": "store.article_count",
    "municipality": "municipality",
}
DEFAULT_FACT_FOR_MUNICIPALITIES = {"amount_sek": "home_delivery.net_cost_sek"}
DEFAULT_FACT_FOR_FUEL_STATIONS = {"distance_km": "store.distance_to_nearest_fuel_station_km"}


def _fact_for(kind: str, text: str, tracker: Tracker) -> str | None:
    """The fact a quantity of `kind` is about: the one the words around it name; else the
    question being asked, if it takes that kind; else the usual one for this applicant."""
    named = [path for path in matching_choices(text, "fact_context")
             if DIALOGUE_FACTS[path].answer == kind
             or (kind == "article_count" and DIALOGUE_FACTS[path].answer == "count")]
    if named:
        return named[0]
    requested = BY_SLOT.get(tracker.get_slot("requested_slot") or "")
    if requested and (requested.answer == kind or (kind == "article_count" and requested.answer == "count")):
        return requested.path
    if tracker.get_slot("applicant_kind") == "municipality" and kind in DEFAULT_FACT_FOR_MUNICIPALITIES:
        return DEFAULT_FACT_FOR_MUNICIPALITIES[kind]
    if tracker.get_slot("store_sells_groceries") is False and kind in DEFAULT_FACT_FOR_FUEL_STATIONS:
        return DEFAULT_FACT_FOR_FUEL_STATIONS[kind]
    return DEFAULT_FACT.get(kind)


def corrections_in(text: str, tracker: Tracker) -> dict:
    """Slot → new value for every quantity in the message that names a fact."""
    found = {}
    # A correction's "nej" says the earlier answer was wrong; it answers nothing itself.
    for quantity in (q for q in parse(text) if q.kind != "yes_no"):
        path = _fact_for(quantity.kind, text, tracker)
        if path:
            found[slot_for(path)] = quantity.value
    return found


class ActionCorrectFact(Action):
    def name(self) -> str:
        return "action_correct_fact"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        corrections = corrections_in(tracker.latest_message.get("text") or "", tracker)
        if not corrections:
            dispatcher.utter_message(response="utter_correction_not_understood")
            return []
        if len(corrections) == 1 and needs_read_back(*next(iter(corrections.items())), tracker):
            # On the phone the one number heard is read back first; the form asks it next.
            return [SlotSet("value_to_confirm", list(next(iter(corrections.items()))))]
        for slot, value in corrections.items():
            dispatcher.utter_message(response="utter_correction_done", slot=slot, value=value,
                                     previous=tracker.get_slot(slot))
        # Plausibility is the form's: it validates these when it resumes.
        return [SlotSet(slot, value) for slot, value in corrections.items()]
