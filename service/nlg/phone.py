"""What only a caller needs: a number read back for confirmation, the keypad offered when an
answer could not be heard, silence answered with an example, and, for the telephony
platform, what each reply expects next and whether it transfers or ends the call.

Those hints travel in the reply's `custom.phone` (the phone channel, phone_channel/protocol.py,
turns them into the reply's `expected_input`, `transfer` and `hang_up`).
"""

from stodkollen.core.i18n import N_, translate

from .answers import how_to_answer, keypad_hint
from .conversation import Conversation
from .registry import ResponseSpec
from .reply import Reply
from .values import COUNT_UNITS, FORM_SLOTS, answer_kind, estimated_value, topic

# A count's read-back names what is counted ("att antalet hemsändningar är tolvhundra"); the
# other numbers carry their unit ("tre komma två miljoner kronor").
UNITLESS_COUNT_SLOTS = {slot for slot in FORM_SLOTS
                        if answer_kind(slot) == "count" and slot not in COUNT_UNITS}
# Silences in a row: the first is asked about, the second gets an example, the third an offer
# of a person (like three answers in a row that cannot be read, actions/form.py).
SILENCES_BEFORE_EXAMPLE = 2
SILENCES_BEFORE_HANDOFF = 3
QUESTION = "utter_ask_"


def confirm_value(spec: ResponseSpec, conversation: Conversation, arguments: dict) -> Reply:
    """"Jag uppfattade tre komma två miljoner kronor. Stämmer det?" (actions/form.py asks it
    on the phone before an important number is taken)."""
    lang = conversation.lang
    slot, value = conversation.slots.get("value_to_confirm") or (None, None)
    if slot not in FORM_SLOTS:
        return Reply(translate(N_("confirm.nothing"), lang))
    # "Jag uppfattade cirka tre miljoner kronor": an estimate is read back as one.
    spoken = estimated_value(slot, value, conversation.slots.get("approximate_slots"), lang,
                             spoken=conversation.spoken)
    if slot in UNITLESS_COUNT_SLOTS:
        return Reply(translate(N_("confirm.count"), lang, topic=topic(slot, lang), value=spoken))
    return Reply(translate(N_("confirm.value"), lang, value=spoken))


def silences_in_a_row(tracker_events: list[dict]) -> int:
    """How many of the caller's latest turns in a row were silence ("/silence")."""
    count = 0
    for event in reversed(tracker_events or []):
        if event.get("event") != "user":
            continue
        if ((event.get("parse_data") or {}).get("intent") or {}).get("name") != "silence":
            break
        count += 1
    return count


def silence(spec: ResponseSpec, conversation: Conversation, arguments: dict) -> Reply:
    """The first silence: are you there? The second: how to answer, with an example. The
    third: a person is offered."""
    lang = conversation.lang
    count = silences_in_a_row(conversation.events)
    if count >= SILENCES_BEFORE_HANDOFF:
        offer = N_("offer_handoff.phone") if conversation.spoken else N_("offer_handoff")
        return Reply(translate(offer, lang))
    if count < SILENCES_BEFORE_EXAMPLE:
        return Reply(translate(N_("silence"), lang))
    slot = conversation.slots.get("requested_slot")
    example = (how_to_answer(slot, conversation) if slot in FORM_SLOTS
               else translate(N_("silence.example"), lang))
    sentences = [translate(N_("silence.reprompt"), lang), example]
    if conversation.spoken:
        sentences.append(keypad_hint(slot, lang))
    return Reply(" ".join(sentence for sentence in sentences if sentence))


def phone_hints(name: str, spec: ResponseSpec, conversation: Conversation, reply: Reply) -> dict:
    """What the telephony platform needs to know about this reply: the registry's `phone_reply`
    (expect, transfer, hang_up), a yes/no question's expected yes or no, and what a renderer
    decided itself (the keypad after an answer that could not be heard)."""
    hints = dict(spec.phone_reply)
    slot = name[len(QUESTION):] if name.startswith(QUESTION) else None
    if slot in FORM_SLOTS and answer_kind(slot) == "yes_no":
        hints["expect"] = "yes_no"
    elif slot in FORM_SLOTS:
        hints["expect"] = "speech"
    # The response's name goes along: the service counts reprompts by what each reply is.
    return {**hints, **reply.custom.get("phone", {}), "response": name}

