"""Replies about one answer: one we could not read, one that looks wrong, one corrected, one
understood from a village's name.

The action server names the slot (and the value it read) in the response's arguments;
without them the slot the form is asking for is taken.
"""

from stodkollen.conversation_facts import BY_SLOT, FactState, fact_state
from stodkollen.core.i18n import N_, translate
from stodkollen.core.place_names import municipality_in_full

from .conversation import Conversation
from .registry import ResponseSpec, responses
from .reply import Reply
from .values import FORM_SLOTS, answer_kind, estimated_value, formatted_value, lower_first, spoken_list, topic

# How to answer, with an example, by the way an answer is read (conversation_facts).
HOW_TO_ANSWER = {
    "yes_no": N_("help.yes_no"),
    "amount_sek": N_("help.amount_sek"),
    "distance_km": N_("help.distance_km"),
    "hours_per_week": N_("help.hours_per_week"),
    "count": N_("help.count"),
    "municipality": N_("help.municipality"),
    "locality": N_("help.locality"),
    "asker": N_("help.one_choice"),
    "applicant_kind": N_("help.one_choice"),
    "store_kind": N_("help.one_choice"),
    "services": N_("help.several_choices"),
    "purposes": N_("help.several_choices"),
}
# Where a kind's example would sound odd for the question ("1 500 år"), the question's own.
SLOT_HELP = {"service_grant_years_already_received": N_("help.service_grant_years_already_received")}

# What the opening message told, said back: "Då vet jag att det gäller en butik i Sorsele kommun."
# Keyed by (asker told, municipality told, locality told).
OPENING_TOLD = {
    (True, False, False): N_("opening.told.asker"),
    (False, True, False): N_("opening.told.municipality"),
    (True, True, False): N_("opening.told.asker_in_municipality"),
    (False, True, True): N_("opening.told.locality"),
    (True, True, True): N_("opening.told.asker_in_locality"),
}
# After a municipality worked out from a village: "Säg till om det inte stämmer."
TELL_ME_IF_WRONG = N_("locality.tell_me_if_wrong")
ASKER_PHRASES = {
    "store": N_("opening.asker.store"),
    "fuel_station": N_("opening.asker.fuel_station"),
    "both": N_("opening.asker.both"),
    "association": N_("opening.asker.association"),
    "municipality": N_("opening.asker.municipality"),
    "public_body": N_("opening.asker.public_body"),
}

# How to key in an answer of each kind: "Knappa in avståndet i kilometer och avsluta med fyrkant."
KEYPAD = {
    "amount_sek": N_("phone.keypad.amount_sek"),
    "distance_km": N_("phone.keypad.distance_km"),
    "hours_per_week": N_("phone.keypad.hours_per_week"),
    "count": N_("phone.keypad.count"),
}


def _question(slot: str, slots: dict) -> ResponseSpec:
    return responses()[f"utter_ask_{slot}"].adapted(slots)


def _slot(arguments: dict, conversation: Conversation) -> str | None:
    slot = arguments.get("slot") or conversation.slots.get("requested_slot")
    return slot if slot in FORM_SLOTS else None


def how_to_answer(slot: str | None, conversation: Conversation) -> str:
    lang = conversation.lang
    if slot is None:
        return translate(N_("help.other"), lang)
    if slot in SLOT_HELP:
        return translate(SLOT_HELP[slot], lang)
    answers = [lower_first(translate(button.title, lang))
               for button in _question(slot, conversation.slots).buttons if button.is_answer]
    return translate(HOW_TO_ANSWER[answer_kind(slot)], lang, choices=spoken_list(answers, lang, style="or"))


def keypad_hint(slot: str | None, lang: str) -> str | None:
    kind = answer_kind(slot) if slot in FORM_SLOTS else None
    return translate(KEYPAD[kind], lang) if kind in KEYPAD else None


def _with_question_buttons(text: str, slot: str | None, conversation: Conversation) -> Reply:
    """The question's own buttons come along, so the answer can still be clicked."""
    return Reply(text, _question(slot, conversation.slots).buttons if slot else ())


def invalid_answer(spec: ResponseSpec, conversation: Conversation, arguments: dict) -> Reply:
    """On the phone a number that could not be heard may be keyed in instead."""
    slot = _slot(arguments, conversation)
    lang = conversation.lang
    intro = translate(N_("invalid.intro"), lang)
    reply = _with_question_buttons(f"{intro} {how_to_answer(slot, conversation)}", slot, conversation)
    keypad = keypad_hint(slot, lang) if conversation.spoken else None
    if keypad:
        reply.text = f"{reply.text} {keypad}"
        reply.custom["phone"] = {"expect": "digits"}
    return reply


def _implausible_message(slot: str, value) -> str:
    low, high = BY_SLOT[slot].plausible or (None, None)
    if isinstance(value, int | float) and low is not None and value < low:
        return N_("implausible.low")
    if isinstance(value, int | float) and high is not None and value > high:
        return N_("implausible.high")
    return N_("implausible.check")


def implausible_answer(spec: ResponseSpec, conversation: Conversation, arguments: dict) -> Reply:
    slot = _slot(arguments, conversation)
    if slot not in BY_SLOT:
        return invalid_answer(spec, conversation, arguments)
    lang = conversation.lang
    value = arguments.get("value", conversation.slots.get(slot))
    question = translate(_implausible_message(slot, value), lang, topic=topic(slot, lang),
                         value=formatted_value(slot, value, lang, spoken=conversation.spoken))
    return _with_question_buttons(f"{question} {how_to_answer(slot, conversation)}", slot, conversation)


def correction_done(spec: ResponseSpec, conversation: Conversation, arguments: dict) -> Reply:
    slot = _slot(arguments, conversation)
    lang = conversation.lang
    if slot is None:
        return Reply(translate(N_("correction.done_unnamed"), lang))
    value = arguments.get("value", conversation.slots.get(slot))
    # "… till ca 3 500 000 kr": the action says whether this answer was an estimate.
    value_text = _said_value(slot, value, [slot] if arguments.get("approximate") else [], lang,
                             conversation.spoken)
    # A value given before its question had none to change: it is noted, not "ändrat".
    message = N_("correction.noted") if "previous" in arguments and arguments["previous"] is None \
        else N_("correction.done")
    return Reply(translate(message, lang, topic=topic(slot, lang), value=value_text))


def facts_noted(spec: ResponseSpec, conversation: Conversation, arguments: dict) -> Reply:
    """Facts given before their questions ("öppet året runt, 1,5 mil till närmaste affär och vi är
    paketombud"), said back in one message, so that a misreading is heard at once."""
    lang, spoken = conversation.lang, conversation.spoken
    approximate = arguments.get("approximate") or []
    noted = {slot: value for slot, value in (arguments.get("noted") or {}).items() if slot in FORM_SLOTS}
    if not noted:
        return Reply(translate(N_("correction.noted_unnamed"), lang))
    lines = [translate(N_("correction.noted_line"), lang, topic=topic(slot, lang),
                       value=_said_value(slot, value, approximate, lang, spoken))
             for slot, value in noted.items()]
    heading = translate(N_("correction.noted_several"), lang)
    return Reply("\n".join([heading, *(f"- {line}" for line in lines)]))


def _said_value(slot: str, value, approximate: list, lang: str, spoken: bool) -> str:
    """The value as said back in a sentence: "ca 3 500 000 kr"; a yes, no or "vet inte" as a
    word within it ("… till ja")."""
    text = estimated_value(slot, value, approximate, lang, spoken=spoken)
    in_words = answer_kind(slot) == "yes_no" or fact_state(value) is not FactState.ANSWERED
    return lower_first(text) if in_words else text


def opening_understood(spec: ResponseSpec, conversation: Conversation, arguments: dict) -> Reply:
    """The answers the opening message already gave, said back before the next question, so
    that a misreading is heard at once rather than found in the summary. A municipality
    worked out from a village ("en affär i Åmsele") is ours, not the shop owner's words, so
    it comes with the same invitation to correct it as locality_understood."""
    told = arguments or conversation.slots
    asker, municipality, locality = told.get("asker"), told.get("municipality"), told.get("locality")
    lang = conversation.lang
    by_locality = bool(municipality and locality)
    if asker == "municipality" and municipality:
        message = N_("opening.told.municipality_asks")
    elif asker in ASKER_PHRASES and locality and not municipality:  # a village the table does not know
        message = N_("opening.told.asker_in_village")
    else:
        message = OPENING_TOLD.get((asker in ASKER_PHRASES, bool(municipality), by_locality))
    if message is None:
        return Reply("")
    phrase = translate(ASKER_PHRASES[asker], lang) if asker in ASKER_PHRASES else ""
    in_full = municipality_in_full(municipality, lang) if municipality else ""
    text = translate(message, lang, asker=phrase, municipality=municipality or "",
                     municipality_in_full=in_full, locality=locality or "")
    if by_locality and asker != "municipality":
        text = f"{text} {translate(TELL_ME_IF_WRONG, lang)}"
    return Reply(text)


def locality_understood(spec: ResponseSpec, conversation: Conversation, arguments: dict) -> Reply:
    """"Åmsele ligger i Vindelns kommun, så jag räknar med Vindeln. Säg till om det inte
    stämmer." A statement and an invitation to correct, not a yes/no question (why:
    actions/form.py, ValidateFactsForm._locality_with). The action names the locality and
    municipality; without them the conversation's slots are said."""
    told = arguments or conversation.slots
    locality, municipality = told.get("locality"), told.get("municipality")
    if not locality or not municipality:
        return Reply("")
    lang = conversation.lang
    understood = translate(N_("locality.understood"), lang, locality=locality, municipality=municipality,
                           municipality_in_full=municipality_in_full(municipality, lang))
    return Reply(f"{understood} {translate(TELL_ME_IF_WRONG, lang)}")


def help_answer(spec: ResponseSpec, conversation: Conversation, arguments: dict) -> Reply:
    """A question asked in the middle of the questions, answered from its help entry (the
    action server chose it: actions/help_topics.py). The entry's id goes with the reply, so
    a test can tell which answer was given without reading its words."""
    entry = arguments.get("entry") or N_("help.topic.out_of_scope")
    return Reply(translate(entry, conversation.lang), custom={"help": entry})
