"""The one form: it asks exactly what the rules engine still needs, in its order."""

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from rules_engine.facts import SCHEMA
from rules_engine.places import find_municipality
from stodkollen.conversation_facts import BY_SLOT, UNKNOWN, is_number

from .answers import (
    ASKER_FACTS,
    NOT_UNDERSTOOD,
    Place,
    locality_elsewhere,
    read_answer,
    read_answer_reading,
    read_asker,
    read_place,
)
from .engine import missing_slots
from .opening import asker_in, told_when_starting

ASKER, LOCALITY = "asker", "locality"
# On the phone every number is read back before it is taken ("Jag uppfattade tre komma två
# miljoner kronor. Stämmer det?"): speech recognition mishears, and a wrong number would give
# a wrong estimate. Typed numbers on the web are shown in the summary instead.
CONFIRMATION = "value_confirmation"
READ_BACK_ON_THE_PHONE = {"amount_sek", "distance_km", "hours_per_week", "count"}
TYPICAL_START = {ASKER: "store", **ASKER_FACTS["store"], "municipality": "Vindeln", LOCALITY: "Byn"}
# Said instead of an answer: the reply it deserves, then the question again.
SMALL_TALK_REPLIES = {"out_of_scope": "utter_out_of_scope", "chitchat": "utter_chitchat",
                      "insult": "utter_insult", "greet": "utter_greet", "thank": "utter_thanks",
                      "goodbye": "utter_goodbye"}
# After this many answers in a row that cannot be read, we offer a person instead of looping.
ATTEMPTS_BEFORE_HANDOFF = 3
# The number slots whose answer was an estimate ("runt tre miljoner"): shown with "ca" in the
# summary and the draft. The engine's facts stay plain numbers; the rules never see this.
APPROXIMATE = "approximate_slots"


def approximate_after(current: list | None, readings: dict[str, bool]) -> list[str]:
    """The approximate slots once `readings` (slot → read as an estimate) are taken: the
    latest reading of a slot decides, so an exact answer clears an earlier estimate."""
    flagged = set(current or [])
    for slot, approximate in readings.items():
        (flagged.add if approximate else flagged.discard)(slot)
    return sorted(flagged)


def needs_read_back(slot: str, value: Any, tracker: Tracker) -> bool:
    """A number heard on the phone that the caller has not yet confirmed."""
    return (tracker.get_slot("channel") == "phone" and slot in BY_SLOT
            and BY_SLOT[slot].answer in READ_BACK_ON_THE_PHONE and isinstance(value, int | float)
            and (tracker.get_slot("confirmed_values") or {}).get(slot) != value)


def _asks_for_locality(slots: dict) -> bool:
    """The locality's name (for the application draft) matters for a sales point in
    Västerbotten; a municipality applying is asked about its deliveries instead."""
    municipality = slots.get("municipality")
    found = find_municipality(municipality) if isinstance(municipality, str) else None
    return (bool(found and found.in_vasterbotten) and slots.get(LOCALITY) is None
            and slots.get("applicant_kind") != "municipality")


def _already_a_value(slot: str, answer: str) -> bool:
    """Read before (the form validates every filled slot again when it starts anew after a
    correction) or set by who is asking: nothing to read."""
    if slot == ASKER:
        return answer in ASKER_FACTS
    return answer == UNKNOWN or (slot in BY_SLOT and answer in SCHEMA[BY_SLOT[slot].path].choices)


class ValidateFactsForm(FormValidationAction):
    def name(self) -> str:
        return "validate_facts_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list[str]:
        """Who is asking first, then what the engine's missing_facts say, with the
        locality's name asked right after a municipality in Västerbotten. The question
        being answered stays in the list so that its answer is validated."""
        slots = tracker.slots
        needed = [ASKER] if slots.get(ASKER) is None else missing_slots(slots)
        # Only once who is asking is known: a municipality applying has no locality to name
        # (the municipality may be known first, from "vad kan vi få i Malå?").
        if slots.get(ASKER) is not None and "municipality" not in needed and _asks_for_locality(slots):
            needed.insert(0, LOCALITY)
        if slots.get("value_to_confirm"):
            needed.insert(0, CONFIRMATION)
        requested = slots.get("requested_slot")
        # (The read-back is asked only while a number waits for it, so not kept in the list.)
        if requested and requested not in needed and requested != CONFIRMATION \
                and requested in tracker.slots_to_validate():
            needed.insert(0, requested)
        return needed

    async def get_extraction_events(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> list[EventType]:
        """The message that starts the check ("jag har en lanthandel i Sorsele, vad kan jag
        få?") may already say who is asking and where: those answers are taken from it and
        validated like any other, so the form goes on with the next question."""
        events = await super().get_extraction_events(dispatcher, tracker, domain)
        starting = tracker.get_slot("requested_slot") is None and tracker.get_slot(ASKER) is None
        if starting:
            opening = tracker.latest_message.get("text") or ""
            told = {slot: value for slot, value in told_when_starting(opening).items()
                    if tracker.get_slot(slot) is None}
            if told:
                dispatcher.utter_message(response="utter_opening_understood", **told)
            events += [SlotSet(slot, value) for slot, value in told.items()]
        return events

    async def get_validation_events(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> list[EventType]:
        """Every slot filled by this turn's answer is read by the understanding layer."""
        updates: dict[str, Any] = {}
        for slot, value in tracker.slots_to_validate().items():
            if slot == CONFIRMATION:
                updates.update(self._confirm(value, dispatcher, tracker))
            elif slot == ASKER or slot == LOCALITY or slot in BY_SLOT:
                updates.update(self._read(slot, value, dispatcher, tracker))
            if APPROXIMATE in updates:  # two numbers in one turn: the second adds to the first's
                tracker.slots[APPROXIMATE] = updates[APPROXIMATE]
        tracker.slots.update(updates)
        return [SlotSet(slot, value) for slot, value in updates.items()]

    def _read(self, slot: str, answer: Any, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict:
        """A typed value for the slot from this turn's answer (text, or a value already read
        by a correction), asking again when it cannot be read or is hard to believe."""
        if slot == LOCALITY:
            return {slot: (answer.strip()[:100] or None) if isinstance(answer, str) else answer}
        # Only an answer read now says whether it is an estimate; a value validated again (or
        # put by a correction, which flags it itself) keeps the flag it has.
        flag: dict = {}
        if isinstance(answer, str) and not _already_a_value(slot, answer):
            if slot == ASKER:
                value = self._read_asker(answer)
            else:
                reading = read_answer_reading(BY_SLOT[slot].answer, answer)
                value = reading.value
                flag = {APPROXIMATE: approximate_after(tracker.get_slot(APPROXIMATE),
                                                       {slot: reading.approximate and is_number(value)})}
        else:
            value = answer
        if value is NOT_UNDERSTOOD:
            return self._ask_again(slot, dispatcher, tracker)
        plausible = BY_SLOT[slot].plausible if slot in BY_SLOT else None
        if plausible and isinstance(value, (int, float)) and not plausible[0] <= value <= plausible[1]:
            if tracker.get_slot("implausible_answer") != [slot, value]:
                dispatcher.utter_message(response="utter_implausible_answer", slot=slot, value=value)
                return {slot: None, "implausible_answer": [slot, value]}
            # The same value twice: the shop owner means it, so we take it.
        if needs_read_back(slot, value, tracker):
            # The flag is kept while the number waits: the caller's yes takes it as heard.
            return {slot: None, "value_to_confirm": [slot, value], "implausible_answer": None, **flag}
        read = {slot: value, "failed_attempts": 0, "implausible_answer": None, **flag}
        if slot == ASKER:
            read.update(ASKER_FACTS[value])
        if slot == "municipality" and isinstance(answer, str) and value != UNKNOWN:
            read.update(self._locality_with(answer, value, dispatcher, tracker))
        return read

    @staticmethod
    def _locality_with(answer: str, municipality: str, dispatcher: CollectingDispatcher,
                       tracker: Tracker) -> dict:
        """"Åmsele" answered to the municipality question: the municipality comes from the
        localities table and the village fills the locality, so it is not asked for next.

        The inference is said back as a statement with an invitation to correct it ("Åmsele
        ligger i Vindelns kommun, så jag räknar med Vindeln. Säg till om det inte stämmer."),
        not as a yes/no question: the table lists only places whose municipality is certain,
        so a confirmation would cost every shop owner a turn to catch a rare mistake, and a
        mistake is put right the usual way ("nej, butiken ligger i Vännäs", corrections.py)."""
        place = read_place(answer)
        if isinstance(place, Place) and place.locality and place.municipality == municipality:
            dispatcher.utter_message(response="utter_locality_understood", locality=place.locality,
                                     municipality=municipality)
            return {LOCALITY: place.locality}
        if locality_elsewhere(tracker.get_slot(LOCALITY), municipality):
            return {LOCALITY: None}  # a village taken for the earlier municipality: asked anew
        return {}

    @staticmethod
    def _read_asker(answer: str):
        """"En lanthandel i Sorsele kommun" is a store: one clearly named kind of asker first
        (its "i ... kommun" says where), else the answer's first kind."""
        return asker_in(answer) or read_asker(answer)

    def _confirm(self, answer: Any, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict:
        """The caller's answer to a number read back: yes takes it; no (or "vet inte") asks
        the question again; another number is read back in its turn."""
        slot, value = tracker.get_slot("value_to_confirm") or (None, None)
        if slot not in BY_SLOT:
            return {CONFIRMATION: None, "value_to_confirm": None}
        if not isinstance(answer, str):
            return self._ask_again(CONFIRMATION, dispatcher, tracker)
        reading = read_answer_reading(BY_SLOT[slot].answer, answer)
        heard = reading.value
        heard_a_number = is_number(heard)
        if heard_a_number and heard != value:  # "nej, fyra miljoner": that one is read back
            flags = approximate_after(tracker.get_slot(APPROXIMATE), {slot: reading.approximate})
            return {CONFIRMATION: None, "value_to_confirm": [slot, heard], APPROXIMATE: flags}
        said = read_answer("yes_no", answer)
        if said is True or heard_a_number:  # "ja", or the same number again
            confirmed = {**(tracker.get_slot("confirmed_values") or {}), slot: value}
            return {slot: value, CONFIRMATION: None, "value_to_confirm": None, "confirmed_values": confirmed,
                    "failed_attempts": 0}
        if said is False or said == UNKNOWN:
            return {slot: None, CONFIRMATION: None, "value_to_confirm": None,
                    APPROXIMATE: approximate_after(tracker.get_slot(APPROXIMATE), {slot: False})}
        return self._ask_again(CONFIRMATION, dispatcher, tracker)

    @staticmethod
    def _ask_again(slot: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict:
        attempts = int(tracker.get_slot("failed_attempts") or 0) + 1
        small_talk = SMALL_TALK_REPLIES.get((tracker.latest_message.get("intent") or {}).get("name"))
        if attempts >= ATTEMPTS_BEFORE_HANDOFF:
            dispatcher.utter_message(response="utter_offer_handoff")
            attempts = 0
        elif small_talk:
            dispatcher.utter_message(response=small_talk)
        else:
            dispatcher.utter_message(response="utter_invalid_answer", slot=slot)
        return {slot: None, "failed_attempts": attempts}

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        events = await super().run(dispatcher, tracker, domain)
        answered = any(event["name"] != "requested_slot" for event in events if event["event"] == "slot")
        if tracker.get_slot("requested_slot") and not answered:
            # Nothing read from this message (a question, "börja om", a correction): return
            # no slot at all, so that Rasa rejects the form and the digression's rule answers.
            return events
        return events + [SlotSet("progress", await self._progress(dispatcher, tracker, domain))]

    async def _progress(self, dispatcher, tracker, domain) -> dict:
        """"Fråga 3 av ungefär 7": the questions asked and answered so far, plus those the
        engine still needs (an estimate: an answer can make more or fewer questions)."""
        asked = {event.get("value") for event in tracker.events
                 if event.get("event") == "slot" and event.get("name") == "requested_slot"}
        answered = sum(1 for slot in asked if slot and tracker.slots.get(slot) is not None)
        remaining = [slot for slot in await self.required_slots([], dispatcher, tracker, domain)
                     if tracker.slots.get(slot) is None]
        expected = max(len(remaining), _typical_remaining(tracker.slots))
        return {"question": answered + 1, "of": answered + expected}


def _typical_remaining(slots: dict) -> int:
    """Until who and where are answered the engine only asks for those; the usual case, a
    village store in Västerbotten, tells how many questions are likely to follow."""
    if slots.get(ASKER) is not None and slots.get("municipality") is not None:
        return 1
    typical = {**TYPICAL_START, **{slot: value for slot, value in slots.items() if value is not None}}
    gates = [slot for slot in (ASKER, "municipality", LOCALITY) if slots.get(slot) is None]
    return len(gates) + len(missing_slots(typical))
