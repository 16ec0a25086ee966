"""The one form: it asks exactly what the rules engine still needs, in its order, and listens
to each message in the light of the question it asked (actions/listening.py)."""

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from quantities import CONFIRM_ABOVE, CONFIRM_BELOW, CONFIRM_MILES, CONFIRM_RANGE, parse, parse_count
from rules_engine.facts import SCHEMA
from rules_engine.places import find_municipality
from stodkollen.conversation_facts import BY_SLOT, FactState, fact_state, is_number
from stodkollen.dialogue_slots import (
    APPROXIMATE_SLOTS,
    ASKER,
    CHANNEL,
    CONFIRMED_VALUES,
    CONFLICTING_ANSWER,
    FAILED_ATTEMPTS,
    HANDOFF_CONSENT,
    HANDOFF_OFFERED,
    IMPLAUSIBLE_ANSWER,
    LOCALITY,
    PROGRESS,
    REQUESTED_SLOT,
    TIMES_WITHOUT_DAYS,
    VALUE_CONFIRMATION,
    VALUE_TO_CONFIRM,
)
from swedish_quantities.localities import locality_municipality

from .answers import (
    ASKER_FACTS,
    NOT_UNDERSTOOD,
    Place,
    approximate_after,
    describes,
    locality_elsewhere,
    needs_read_back,
    outside_the_centralort,
    read_answer,
    read_asker,
    read_fact_answer,
    read_locality,
    read_place,
    times_without_days,
    which_mile,
)
from .choices import matching_choices
from .conversation import language_of
from .corrections import correction_events, corrections_in, named_values_in
from .engine import missing_slots, readings_decide_differently
from .handoff import answer_consent
from .help_topics import help_entry
from .listening import Role, role_by_intent, role_of
from .opening import asker_facts, asker_in, told_when_starting
from .statements import stated_facts

CENTRAL_LOCALITY = "in_central_locality"
NO_FIRST = re.compile(r"\s*(nej|nä|nää|nope|no)\b", re.IGNORECASE)
DONT_KNOW_FIRST = re.compile(r"\s*(vet (inte|ej|int)|ingen aning|osäker|(i )?(don'?t|do not) know"
                             r"|not sure)\b", re.IGNORECASE)
TYPICAL_START = {ASKER: "store", **ASKER_FACTS["store"], "municipality": "Vindeln", LOCALITY: "Byn"}
# Said instead of an answer: the reply it deserves, then the question again.
SMALL_TALK_REPLIES = {"out_of_scope": "utter_out_of_scope", "chitchat": "utter_chitchat",
                      "insult": "utter_insult", "greet": "utter_greet", "thank": "utter_thanks",
                      "goodbye": "utter_goodbye"}
HOURS = "store_opening_hours_per_week"
# "det förra", "det nya": which of two answers to the same question is right.
EARLIER = re.compile(r"\b(?:förra|forra|första|forsta|tidigare|först|forst|earlier|first|before|previous)\b")
LATER = re.compile(r"\b(?:nya|senaste|andra|nu|nyss|sista|new|second|latest|now|later)\b")
PLANNED, PURPOSES = "investment_planned", "investment_purposes"
# Estimates whose figure is asked for where they straddle a threshold ("knappt tusen").
EXACT_FIGURE_ASKED = (CONFIRM_RANGE, CONFIRM_BELOW, CONFIRM_ABOVE)
# After this many answers in a row that cannot be read, we offer a person instead of looping.
ATTEMPTS_BEFORE_HANDOFF = 3


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
    # A list's answer is a list: the text "post" is an answer to read, not the value itself.
    if fact_state(answer) is FactState.UNKNOWN:
        return True
    return (slot in BY_SLOT and BY_SLOT[slot].answer not in ("services", "purposes")
            and answer in SCHEMA[BY_SLOT[slot].path].choices)


def _attempts_with_this(tracker: Tracker) -> int:
    """Answers in a row that have not given the question its value, this one included."""
    return int(tracker.get_slot(FAILED_ATTEMPTS) or 0) + 1


def _doubts_miles(doubted: Any, slot: str) -> bool:
    """[slot, English-mile km, Swedish-mil km]: the form asked which "miles" were meant."""
    return isinstance(doubted, list) and len(doubted) == 3 and doubted[0] == slot


def _fresh_message(tracker: Tracker) -> bool:
    """The form runs right after the user's message (not on its way back from a digression's
    reply): only then is the message read. Rasa appends the form's own execution and the
    candidates to the tracker it sends, so the action before that one tells."""
    actions = [event.get("name") for event in tracker.events if event.get("event") == "action"]
    return len(actions) >= 2 and actions[-2] == "action_listen"


def questions_asked(tracker: Tracker) -> set:
    """Every slot the form has asked for in this conversation: the values requested_slot held."""
    return {event.get("value") for event in tracker.events
            if event.get("event") == "slot" and event.get("name") == REQUESTED_SLOT}


def _changes_an_earlier_answer(text: str, tracker: Tracker, requested: str) -> bool:
    """A "nej" that opens a message giving another value for an answer already given is "no,
    that was wrong", not the answer to a yes/no question asked now."""
    if not NO_FIRST.match(text) or BY_SLOT.get(requested) is None or BY_SLOT[requested].answer != "yes_no":
        return False
    return any(slot != requested and tracker.get_slot(slot) is not None
               for slot in corrections_in(text, tracker))


def _place_in_passing(text: str, tracker: Tracker, requested: str | None) -> tuple[dict, list | None]:
    """"Ja, vi ligger på Holmön, det går bara färja": a village the localities table knows,
    named where another question is answered. Taken with its municipality when no other place
    was given; told where another village was, which is right is asked (the earlier stands
    until then). (The slots taken, [LOCALITY, earlier, now] or None.)"""
    if requested in (None, ASKER, "municipality", LOCALITY):  # the opening and the place's own questions
        return {}, None
    lang = language_of(tracker)
    villages = {q.locality: q.value for q in parse(text, lang=lang)
                if q.kind == "municipality" and q.locality}
    if not villages and requested == CENTRAL_LOCALITY:  # "nej, Stöcksjö": the village is why not
        place = read_place(text, lang)
        villages = {place.locality: place.municipality} if isinstance(place, Place) and place.locality else {}
    if len(villages) != 1:
        return {}, None
    (village, municipality), = villages.items()
    held = tracker.get_slot(LOCALITY)
    if held == village:
        return {}, None
    if held is None and tracker.get_slot("municipality") in (None, municipality):
        return {LOCALITY: village, "municipality": municipality}, None
    return {}, [LOCALITY, held, village] if held else None


def _reading(slot: str, text: str, lang: str):
    """The value the message gives for `slot`, or NOT_UNDERSTOOD."""
    if slot == ASKER:
        return asker_in(text) or read_asker(text)
    if slot == LOCALITY:
        return read_locality(text, lang) or NOT_UNDERSTOOD
    if slot in (VALUE_CONFIRMATION, HANDOFF_CONSENT):
        return read_answer("yes_no", text, lang)
    value = read_fact_answer(slot, text, lang).value
    return True if value is NOT_UNDERSTOOD and describes(slot, text) else value


class ValidateFactsForm(FormValidationAction):
    def name(self) -> str:
        return "validate_facts_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list[str]:
        """What waits for a yes first (a person offered, a number read back), then who is
        asking, the locality's name right after a municipality in Västerbotten, and what the
        engine's missing_facts say. The question being answered stays in the list so that
        its answer is validated."""
        slots = tracker.slots
        pending = [slot for slot, waits in ((HANDOFF_CONSENT, bool(slots.get(HANDOFF_OFFERED))),
                                            (VALUE_CONFIRMATION, bool(slots.get(VALUE_TO_CONFIRM))))
                   if waits]
        if slots.get(ASKER) is None:
            needed = [ASKER]
        else:
            engine = missing_slots(slots)
            # A municipality applying has no locality to name; it is asked once the
            # municipality is known (it may be known first, from "vad kan vi få i Malå?").
            locality = [LOCALITY] if "municipality" not in engine and _asks_for_locality(slots) else []
            needed = locality + engine
        requested = slots.get(REQUESTED_SLOT)
        # (The read-back and the offer are asked only while they wait, so not kept here.)
        kept = [requested] if (requested and requested not in needed + pending
                               and requested not in (VALUE_CONFIRMATION, HANDOFF_CONSENT)
                               and requested in tracker.slots_to_validate()) else []
        return pending + kept + needed

    async def get_extraction_events(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> list[EventType]:
        """The message is read in the light of the question it follows: the answer to that
        question, a correction, a question of its own, a request, and any facts it gives
        besides ("1 500 artiklar och öppet 50 timmar"). See actions/listening.py."""
        if not _fresh_message(tracker):
            return []
        text = (tracker.latest_message.get("text") or "").strip()
        requested = tracker.get_slot(REQUESTED_SLOT)
        if requested is None:
            return self._opening(text, dispatcher, tracker)
        conflict = tracker.get_slot(CONFLICTING_ANSWER)
        if conflict:
            settled = self._settle(conflict, text, dispatcher, tracker)
            if settled:
                return settled
        events = self._listen(text, requested, dispatcher, tracker)
        return [SlotSet(CONFLICTING_ANSWER, None), *events] if conflict and events else events

    def _listen(self, text: str, requested: str, dispatcher: CollectingDispatcher,
                tracker: Tracker) -> list[EventType]:
        """The message read as the answer to `requested`, or as what else it is."""
        if text.startswith("/"):  # a button's intent ("/talk_to_person"): its rule answers
            return self._intent_button(text, dispatcher, tracker)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        lang = language_of(tracker)
        heard = self._with_the_times(requested, text, tracker)  # "vardagar", to "which days?"
        role = role_of(text, _reading(requested, heard, lang) is not NOT_UNDERSTOOD)
        if requested in (VALUE_CONFIRMATION, HANDOFF_CONSENT) and role is Role.OTHER:
            role = Role.ANSWER  # the read-back and the offer judge their own answers
        elif role is Role.ANSWER and _changes_an_earlier_answer(text, tracker, requested):
            role = Role.CORRECTION  # "nej, butiken ligger i Vännäs" to a yes/no question
        if role is Role.OTHER:
            also = self._also_given(text, dispatcher, tracker, requested)
            if also:  # facts for other questions, and nothing for this one: kept, this is asked again
                return also
            remark = help_entry(text, requested, intent, remarks_only=True)
            if remark:  # "nu börjar jag bli trött på alla frågor": its words, before any intent's guess
                dispatcher.utter_message(response="utter_help", entry=remark)
                return [SlotSet(FAILED_ATTEMPTS, 0)]
            role = role_by_intent(intent, bool(parse(text, lang=lang)) or parse_count(text, lang) is not None)
        if role is Role.ANSWER:
            return [SlotSet(requested, text), *self._also_given(text, dispatcher, tracker, requested)]
        if role is Role.CORRECTION:
            return self._correct(text, dispatcher, tracker)
        if role is Role.QUESTION and DONT_KNOW_FIRST.match(text) and not text.rstrip().endswith("?") \
                and fact_state(_reading(requested, text, lang)) is FactState.UNKNOWN:
            # "vet inte vad som skulle räknas": an answer, "vet inte", and what counts is told with it
            answered = self._answer_question(text, intent, dispatcher, tracker, requested)
            return [SlotSet(requested, text), *answered]
        if role is Role.QUESTION:
            return self._answer_question(text, intent, dispatcher, tracker, requested)
        if role is Role.PERSON:
            return self._offer_person(dispatcher, tracker)
        if role is Role.PAUSE:
            dispatcher.utter_message(response="utter_help", entry="help.pause")
            return [SlotSet(FAILED_ATTEMPTS, 0)]
        if role in (Role.RESTART, Role.REQUEST):
            return []  # no slot: Rasa rejects the form and the request's rule answers
        remark = help_entry(text, requested, intent, remarks_only=True)
        if remark:
            dispatcher.utter_message(response="utter_help", entry=remark)
            return [SlotSet(FAILED_ATTEMPTS, 0)]
        return [SlotSet(requested, text)]  # read, and answered as not understood

    def _opening(self, text: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        """The message that starts the check ("jag har en lanthandel i Sorsele, vad kan jag
        få?") may already say who is asking and where, and more: those answers are taken
        from it and validated like any other, so the form goes on with the next question.
        Told after the questions were answered, a fact is a correction."""
        if tracker.get_slot(ASKER) is not None:
            # The questions were answered already (the summary, the result): a fact told now
            # changes an earlier answer.
            return correction_events(text, dispatcher, tracker)
        told = {slot: value for slot, value in told_when_starting(text, language_of(tracker)).items()
                if tracker.get_slot(slot) is None}
        told.update({fact: value for fact, value in
                     outside_the_centralort(told.get("municipality"), told.get(LOCALITY)).items()
                     if tracker.get_slot(fact) is None})
        if told:
            dispatcher.utter_message(response="utter_opening_understood", **told)
        # "öppet året runt", "vi är postombud": facts stated in passing, said back as noted.
        stated = {slot: value for slot, value in stated_facts(text).items()
                  if tracker.get_slot(slot) is None and slot not in told}
        return [*(SlotSet(slot, value) for slot, value in {**told, **stated}.items()),
                *self._also_given(text, dispatcher, tracker, None,
                                  exclude=set(told) | set(stated) | {"municipality"}, stated=stated)]

    def _intent_button(self, text: str, dispatcher: CollectingDispatcher,
                       tracker: Tracker) -> list[EventType]:
        if text.startswith("/talk_to_person"):
            return self._offer_person(dispatcher, tracker)
        if text.startswith(("/change", "/correct")):  # "Ändra ett svar", or the phone's "tillbaka"
            return self._correct("", dispatcher, tracker)
        return []

    @staticmethod
    def _also_given(text: str, dispatcher: CollectingDispatcher, tracker: Tracker, requested: str | None,
                    exclude: frozenset | set = frozenset(), stated: dict | None = None) -> list[EventType]:
        """Facts for other questions that the message names clearly ("det är två och en halv
        mil till närmaste affär" while the articles are asked), and any `stated` in words: kept
        and said back in one message, so they are never asked. One that changes an earlier
        answer is said as a change."""
        named = {slot: quantity for slot, quantity in named_values_in(text, language_of(tracker)).items()
                 if slot != requested and slot not in exclude and tracker.get_slot(slot) != quantity.value}
        # In the middle of the questions, a yes or no said in words of its own ("och vi har
        # serviceplan") counts too; the opening has taken its own already (`stated`). Lists of
        # services or purposes are left to their questions: a side remark names only some.
        in_words = {} if requested is None else {
            slot: value for slot, value in stated_facts(text).items()
            if BY_SLOT[slot].answer == "yes_no" and slot != requested and slot not in exclude
            and slot not in named and tracker.get_slot(slot) is None}
        stated = {**(stated or {}), **in_words}
        placed, place_differs = _place_in_passing(text, tracker, requested)
        stated.update(placed)
        in_words.update(placed)
        given = {slot: quantity.value for slot, quantity in named.items()}
        approximate = approximate_after(tracker.get_slot(APPROXIMATE_SLOTS), {
            slot: quantity.approximate for slot, quantity in named.items() if is_number(quantity.value)})
        # On the phone a number is read back for a yes instead.
        said_back = {slot: value for slot, value in given.items()
                     if not needs_read_back(slot, value, tracker)}
        noted = {**(stated or {}), **{slot: value for slot, value in said_back.items()
                                       if tracker.get_slot(slot) is None}}
        if noted:
            dispatcher.utter_message(response="utter_facts_noted", noted=noted, approximate=approximate)
        # A fact given again differently, not as a correction: which is right is asked, and the
        # earlier answer stands until then (issue 13: "say so and ask which is right").
        differing = [slot for slot in said_back if slot not in noted]
        asked = {}
        if differing:
            slot = differing[0]
            place_differs = [slot, tracker.get_slot(slot), given.pop(slot)]
        if place_differs:
            slot, earlier, now = place_differs
            dispatcher.utter_message(response="utter_which_is_right", slot=slot, earlier=earlier, now=now)
            asked = {CONFLICTING_ANSWER: place_differs}
        events = [SlotSet(slot, value) for slot, value in {**given, **asked, **in_words}.items()]
        return [*events, SlotSet(APPROXIMATE_SLOTS, approximate)] if given else events

    @staticmethod
    def _settle(conflict: list, text: str, dispatcher: CollectingDispatcher,
                tracker: Tracker) -> list[EventType]:
        """The answer to "Tidigare sa du 20 km, nu 15 km. Vilket stämmer?": either value, or a
        word for the earlier or the later one. Anything else is read as usual."""
        slot, earlier, now = conflict
        folded = text.casefold()
        if slot == LOCALITY:  # either name, as said; any other words name no third place
            value = next((name for name in (earlier, now) if name.casefold() in folded), NOT_UNDERSTOOD)
        else:
            value = read_fact_answer(slot, text, language_of(tracker)).value
        if value is NOT_UNDERSTOOD:
            value = (earlier if EARLIER.search(folded) else now if LATER.search(folded) else NOT_UNDERSTOOD)
        if value is NOT_UNDERSTOOD:
            return []
        if value != earlier:
            dispatcher.utter_message(response="utter_correction_done", slot=slot, value=value,
                                     previous=earlier, approximate=False)
        events = [SlotSet(slot, value), SlotSet(CONFLICTING_ANSWER, None)]
        if slot == LOCALITY and value != earlier and locality_municipality(value):
            events.append(SlotSet("municipality", locality_municipality(value)))  # the village's own
        return events

    @staticmethod
    def _correct(text: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        """"Förresten, omsättningen var 3,5 miljoner": the facts it changes, said back; with
        no fact in it ("jag skrev fel förut"), the shop owner is asked what to change."""
        if not text or not corrections_in(text, tracker):  # "kan jag ändra ett svar?"
            dispatcher.utter_message(response="utter_ask_what_to_change")
            return [SlotSet(FAILED_ATTEMPTS, 0)]
        return [*correction_events(text, dispatcher, tracker), SlotSet(FAILED_ATTEMPTS, 0)]

    @staticmethod
    def _answer_question(text: str, intent: str | None, dispatcher: CollectingDispatcher,
                         tracker: Tracker, requested: str) -> list[EventType]:
        """A question gets its own short answer, and the question waiting is asked again."""
        entry = help_entry(text, requested, intent) or "help.cannot_answer"
        dispatcher.utter_message(response="utter_help", entry=entry)
        return [SlotSet(FAILED_ATTEMPTS, 0)]

    @staticmethod
    def _offer_person(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        """How to reach Länsstyrelsen at once, and a question before anything is saved for a
        caseworker: nobody's answers are passed on without their yes. On the phone the caller
        is put through at once, with no further question, and nothing is passed on."""
        dispatcher.utter_message(response="utter_handoff")
        if tracker.get_slot(CHANNEL) == "phone":
            return [SlotSet(FAILED_ATTEMPTS, 0)]
        return [SlotSet(HANDOFF_OFFERED, True), SlotSet(FAILED_ATTEMPTS, 0)]

    async def get_validation_events(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> list[EventType]:
        """Every slot filled by this turn's answer is read by the understanding layer."""
        updates: dict[str, Any] = {}
        # The question asked first: on the phone one number is read back at a time, and it is
        # the answer's ("en gång i veckan till tjugo hushåll" to the deliveries); a number given
        # besides is then left for its own question.
        requested = tracker.get_slot(REQUESTED_SLOT)
        for slot, value in sorted(tracker.slots_to_validate().items(), key=lambda item: item[0] != requested):
            if slot == VALUE_CONFIRMATION:
                updates.update(self._confirm(value, dispatcher, tracker))
            elif slot == HANDOFF_CONSENT:
                updates.update(await self._consent(value, dispatcher, tracker, domain))
            elif slot == ASKER or slot == LOCALITY or slot in BY_SLOT:
                read = self._read(slot, value, dispatcher, tracker, updates.get(APPROXIMATE_SLOTS))
                if VALUE_TO_CONFIRM in read and updates.get(VALUE_TO_CONFIRM):
                    read = {slot: None}
                updates.update(read)
            elif slot != REQUESTED_SLOT:
                # Set while reading the message (a question answered, a person offered): kept,
                # and it tells Rasa that the form heard the message, so no rule overrides it.
                updates.setdefault(slot, value)
        return [SlotSet(slot, value) for slot, value in updates.items()]

    async def _consent(self, answer: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                       domain: DomainDict) -> dict:
        """Yes to "Vill du att en handläggare får dina svar?": the answers are saved for a
        caseworker under a reference; no keeps them here only. Either way the questions go on."""
        lang = language_of(tracker)
        said = read_answer("yes_no", answer, lang) if isinstance(answer, str) else NOT_UNDERSTOOD
        if not await answer_consent(said, dispatcher, tracker, domain):
            return self._ask_again(HANDOFF_CONSENT, dispatcher, tracker)
        return {HANDOFF_CONSENT: None, HANDOFF_OFFERED: None}

    def _read(self, slot: str, answer: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
              approximate_so_far: list | None) -> dict:
        """A typed value for the slot from this turn's answer (text, or a value already read
        by a correction), asking again when it cannot be read or is hard to believe.
        `approximate_so_far`: the flags as an earlier slot of this turn left them."""
        lang = language_of(tracker)
        if slot == LOCALITY:
            locality = read_locality(answer[:100], lang) if isinstance(answer, str) else answer
            implied = outside_the_centralort(tracker.get_slot("municipality"), locality)
            return {slot: locality, **{fact: value for fact, value in implied.items()
                                       if tracker.get_slot(fact) is None}}
        answer = self._mile_meant(slot, answer, tracker)
        answer = self._with_the_times(slot, answer, tracker)
        said_to_doubt = self._said_to_a_doubt(slot, answer, tracker)
        if said_to_doubt is False:
            # "…noll artiklar? Det verkar lågt." "nej": the doubted value is wrong; asked again
            return {slot: None, IMPLAUSIBLE_ANSWER: None}
        if said_to_doubt is True:  # "ja": the doubted value is meant
            answer = tracker.get_slot(IMPLAUSIBLE_ANSWER)[1]
        # Only an answer read now says whether it is an estimate; a value validated again (or
        # put by a correction, which flags it itself) keeps the flag it has.
        flag: dict = {}
        if isinstance(answer, str) and not _already_a_value(slot, answer):
            if slot == ASKER:
                value = _reading(ASKER, answer, lang)
            else:
                reading = read_fact_answer(slot, answer, lang)
                value = reading.value
                value = self._no_means_none(slot, answer, value, dispatcher, tracker)
                if value is NOT_UNDERSTOOD and describes(slot, answer):
                    value = True
                current = (approximate_so_far if approximate_so_far is not None
                           else tracker.get_slot(APPROXIMATE_SLOTS))
                estimate = reading.approximate and (is_number(value) or isinstance(value, bool))
                flag = {APPROXIMATE_SLOTS: approximate_after(current, {slot: estimate})}
                # A value that is no single figure is asked about only where what it may mean
                # lies across a rule's threshold for this store; a total with other sales in it
                # ("8 miljoner med bensinen") always.
                asks = reading.confirm is not None and (
                    reading.span is None or readings_decide_differently(tracker.slots, slot, *reading.span))
                if asks and reading.confirm == CONFIRM_MILES:
                    # english.yml: never guess silently across a threshold; ask once.
                    swedish_mil_km = reading.span[1]
                    dispatcher.utter_message(response="utter_which_mile", slot=slot, value=value,
                                             swedish_mil_km=swedish_mil_km)
                    return {slot: None, IMPLAUSIBLE_ANSWER: [slot, value, swedish_mil_km], **flag}
                if asks and reading.confirm in EXACT_FIGURE_ASKED:
                    # "mellan 1,5 och 2,5 miljoner", "knappt 11 miljoner": the figure is asked for;
                    # a yes would take a value the shop owner never gave.
                    low, high = reading.span or (value, value)
                    dispatcher.utter_message(response="utter_exact_figure", slot=slot, value=value,
                                             said=reading.confirm, low=low, high=high)
                    return {slot: None, **flag, FAILED_ATTEMPTS: _attempts_with_this(tracker)}
                if asks and tracker.get_slot(IMPLAUSIBLE_ANSWER) != [slot, value]:
                    # "8 miljoner, men då är bensinen med": asked before taken
                    dispatcher.utter_message(response="utter_implausible_answer", slot=slot, value=value)
                    return {slot: None, IMPLAUSIBLE_ANSWER: [slot, value], **flag}
        else:
            value = answer
        if value is NOT_UNDERSTOOD and slot == HOURS and times_without_days(str(answer), lang):
            dispatcher.utter_message(response="utter_opening_days", times=answer.strip())
            return {slot: None, TIMES_WITHOUT_DAYS: answer.strip(),
                    FAILED_ATTEMPTS: _attempts_with_this(tracker)}
        if value is NOT_UNDERSTOOD:
            return self._ask_again(slot, dispatcher, tracker)
        plausible = BY_SLOT[slot].plausible if slot in BY_SLOT else None
        if plausible and isinstance(value, (int, float)) and not plausible[0] <= value <= plausible[1]:
            # A week has 168 hours: more is a slip however often it is said.
            if slot == HOURS or tracker.get_slot(IMPLAUSIBLE_ANSWER) != [slot, value]:
                dispatcher.utter_message(response="utter_implausible_answer", slot=slot, value=value)
                return {slot: None, IMPLAUSIBLE_ANSWER: [slot, value]}
            # The same value twice: the shop owner means it, so we take it.
        if needs_read_back(slot, value, tracker):
            # The flag is kept while the number waits: the caller's yes takes it as heard.
            return {slot: None, VALUE_TO_CONFIRM: [slot, value], IMPLAUSIBLE_ANSWER: None, **flag}
        read = {slot: value, FAILED_ATTEMPTS: 0, IMPLAUSIBLE_ANSWER: None, TIMES_WITHOUT_DAYS: None, **flag}
        if slot == ASKER and isinstance(answer, str) and answer != value:
            read.update(asker_facts(value, answer))
            read.update(self._place_told(answer, value, dispatcher, tracker))
        elif slot == ASKER:  # taken from the opening message: its words tell what is run
            read.update(asker_facts(value, tracker.latest_message.get("text") or ""))
        if slot == PLANNED and value is True and isinstance(answer, str) and not tracker.get_slot(PURPOSES):
            read.update(self._purposes_told(answer, dispatcher))
        if slot == "municipality" and isinstance(answer, str) and fact_state(value) is FactState.ANSWERED:
            read.update(self._locality_with(answer, value, dispatcher, tracker))
        return read

    @staticmethod
    def _place_told(answer: str, asker: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict:
        """"Ringer från Dorotea kommun ang. hemsändningen", "butiken i Ammarnäs": where, told
        with who is asking, is read as the opening would read it and said back the same way,
        so that it is not asked next."""
        told = told_when_starting(answer, language_of(tracker))
        place = {slot: told[slot] for slot in ("municipality", LOCALITY)
                 if told.get(slot) and tracker.get_slot(slot) is None}
        if place:
            dispatcher.utter_message(response="utter_opening_understood", asker=asker, **place)
        return place

    @staticmethod
    def _purposes_told(answer: str, dispatcher: CollectingDispatcher) -> dict:
        """"Ja, vi måste byta kyldiskarna": what the investment is for, told with the yes, is
        taken and said back (the shop owner can add to it), so it is not asked again."""
        purposes = matching_choices(answer, "purposes")
        if not purposes:
            return {}
        dispatcher.utter_message(response="utter_facts_noted", noted={PURPOSES: purposes})
        return {PURPOSES: purposes}

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
        place = read_place(answer, language_of(tracker))
        if isinstance(place, Place) and place.locality and place.municipality == municipality:
            dispatcher.utter_message(response="utter_locality_understood", locality=place.locality,
                                     municipality=municipality)
            return {LOCALITY: place.locality, **outside_the_centralort(municipality, place.locality)}
        if locality_elsewhere(tracker.get_slot(LOCALITY), municipality):
            return {LOCALITY: None}  # a village taken for the earlier municipality: asked anew
        return {}

    @staticmethod
    def _mile_meant(slot: str, answer: Any, tracker: Tracker) -> Any:
        """The answer to "English miles, about 3,2 km, or Swedish mil, 20 km?": the distance
        meant; any other answer as it is (a new distance is read anew)."""
        doubted = tracker.get_slot(IMPLAUSIBLE_ANSWER)
        if not (isinstance(answer, str) and _doubts_miles(doubted, slot)):
            return answer
        meant = which_mile(answer, doubted[1], doubted[2], language_of(tracker))
        return answer if meant is None else meant

    @staticmethod
    def _with_the_times(slot: str, answer: Any, tracker: Tracker) -> Any:
        """The answer to "Vilka dagar har ni öppet nio till arton?" read with those times
        ("vardagar" → "vardagar nio till arton"); an answer with hours of its own stands alone."""
        times = tracker.get_slot(TIMES_WITHOUT_DAYS)
        if slot != HOURS or not times or not isinstance(answer, str):
            return answer
        if read_fact_answer(slot, answer, language_of(tracker)).value is not NOT_UNDERSTOOD:
            return answer
        return f"{answer} {times}"

    @staticmethod
    def _said_to_a_doubt(slot: str, answer: Any, tracker: Tracker) -> bool | None:
        """A plain yes or no to our doubt about the answer just given ("…noll artiklar? Det
        verkar lågt."), whatever "nej" might mean as a count; None when the answer is no such
        yes or no, or nothing was doubted."""
        doubted = tracker.get_slot(IMPLAUSIBLE_ANSWER)
        if not (isinstance(answer, str) and doubted and doubted[0] == slot) or _doubts_miles(doubted, slot):
            return None  # a yes to "English miles or Swedish mil?" chooses neither
        lang = language_of(tracker)
        if is_number(read_fact_answer(slot, answer, lang).value):
            return None
        said = read_answer("yes_no", answer, lang)
        return said if isinstance(said, bool) else None

    @staticmethod
    def _no_means_none(slot: str, answer: str, value: Any, dispatcher: CollectingDispatcher,
                       tracker: Tracker) -> Any:
        """Reading: "nej" as the first answer to "Hur många år har ni redan fått
        servicebidrag?" means none, 0 years, and is said back. Only where 0 is the usual
        answer of the question's range (DialogueFact.no_means_zero), never to a read-back."""
        fact = BY_SLOT[slot]
        if value is not NOT_UNDERSTOOD or not fact.no_means_zero or tracker.get_slot(FAILED_ATTEMPTS):
            return value
        if read_answer("yes_no", answer, language_of(tracker)) is not False:
            return value
        dispatcher.utter_message(response="utter_correction_done", slot=slot, value=0, previous=None,
                                 approximate=False)
        return 0

    def _confirm(self, answer: Any, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict:
        """The caller's answer to a number read back: yes takes it; no (or "vet inte") asks
        the question again; another number is read back in its turn."""
        slot, value = tracker.get_slot(VALUE_TO_CONFIRM) or (None, None)
        if slot not in BY_SLOT:
            return {VALUE_CONFIRMATION: None, VALUE_TO_CONFIRM: None}
        if not isinstance(answer, str):
            return self._ask_again(VALUE_CONFIRMATION, dispatcher, tracker)
        lang = language_of(tracker)
        reading = read_fact_answer(slot, answer, lang)
        heard = reading.value
        heard_a_number = is_number(heard)
        if heard_a_number and heard != value:  # "nej, fyra miljoner": that one is read back
            flags = approximate_after(tracker.get_slot(APPROXIMATE_SLOTS), {slot: reading.approximate})
            return {VALUE_CONFIRMATION: None, VALUE_TO_CONFIRM: [slot, heard], APPROXIMATE_SLOTS: flags}
        said = read_answer("yes_no", answer, lang)
        if said is True or heard_a_number:  # "ja", or the same number again
            confirmed = {**(tracker.get_slot(CONFIRMED_VALUES) or {}), slot: value}
            return {slot: value, VALUE_CONFIRMATION: None, VALUE_TO_CONFIRM: None,
                    CONFIRMED_VALUES: confirmed, FAILED_ATTEMPTS: 0}
        if said is False or fact_state(said) is FactState.UNKNOWN:
            return {slot: None, VALUE_CONFIRMATION: None, VALUE_TO_CONFIRM: None,
                    APPROXIMATE_SLOTS: approximate_after(tracker.get_slot(APPROXIMATE_SLOTS), {slot: False})}
        return self._ask_again(VALUE_CONFIRMATION, dispatcher, tracker)

    @staticmethod
    def _ask_again(slot: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict:
        attempts = _attempts_with_this(tracker)
        small_talk = SMALL_TALK_REPLIES.get((tracker.latest_message.get("intent") or {}).get("name"))
        if attempts >= ATTEMPTS_BEFORE_HANDOFF:
            dispatcher.utter_message(response="utter_offer_handoff")
            attempts = 0
        elif small_talk:
            dispatcher.utter_message(response=small_talk)
        else:
            dispatcher.utter_message(response="utter_invalid_answer", slot=slot)
        return {slot: None, FAILED_ATTEMPTS: attempts}

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        events = await super().run(dispatcher, tracker, domain)
        answered = any(event["name"] != "requested_slot" for event in events if event["event"] == "slot")
        if tracker.get_slot(REQUESTED_SLOT) and not answered:
            # Nothing read from this message ("börja om", a button's intent): return no slot
            # at all, so that Rasa rejects the form and the request's rule answers.
            return events
        return events + [SlotSet(PROGRESS, await self._progress(dispatcher, tracker, domain))]

    async def _progress(self, dispatcher, tracker, domain) -> dict:
        """"Fråga 3 av ungefär 7": the questions asked and answered so far, plus those the
        engine still needs (an estimate: an answer can make more or fewer questions)."""
        asked = questions_asked(tracker)
        answered = sum(1 for slot in asked if slot and tracker.slots.get(slot) is not None)
        remaining = [slot for slot in await self.required_slots([], dispatcher, tracker, domain)
                     if tracker.slots.get(slot) is None and slot not in (VALUE_CONFIRMATION, HANDOFF_CONSENT)]
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
