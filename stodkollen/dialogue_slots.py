"""The dialogue's own slots: every name in one place, with what it holds.

The fact slots are named after the engine's facts (stodkollen/conversation_facts.py); these
are the rest: who is asking, the locality, and the state the form keeps between turns. The
action server and the NLG service refer to them by these constants, and `bot/domain/slots.yml`
is generated from this table (stodkollen/bot_domain.py), so a slot cannot be named one way
in one place and another way elsewhere.
"""

from dataclasses import dataclass

# Asked by the form besides the engine's facts.
ASKER = "asker"
LOCALITY = "locality"
VALUE_CONFIRMATION = "value_confirmation"
HANDOFF_CONSENT = "handoff_consent"
# Kept by the form and read by the NLG.
REQUESTED_SLOT = "requested_slot"
VALUE_TO_CONFIRM = "value_to_confirm"
CONFIRMED_VALUES = "confirmed_values"
PROGRESS = "progress"
FAILED_ATTEMPTS = "failed_attempts"
CHANNEL = "channel"
LANGUAGE = "language"
IMPLAUSIBLE_ANSWER = "implausible_answer"
TIMES_WITHOUT_DAYS = "times_without_days"
CONFLICTING_ANSWER = "conflicting_answer"
APPROXIMATE_SLOTS = "approximate_slots"
HANDOFF_OFFERED = "handoff_offered"
# The form's state that is read only by its value, never as an answer the user gave: a SlotSet
# that leaves one of these as it was changes nothing (stodkollen/rasa_speedups.py, 10.) and is
# not shown as read from the user (service/review/turns.py).
BOOKKEEPING_SLOTS = frozenset({REQUESTED_SLOT, PROGRESS, FAILED_ATTEMPTS, IMPLAUSIBLE_ANSWER,
                               TIMES_WITHOUT_DAYS, APPROXIMATE_SLOTS})


@dataclass(frozen=True)
class SlotSpec:
    name: str
    meaning: str  # written beside the slot in the generated domain
    type: str = "any"
    influences_conversation: bool = False
    initial_value: object = None
    asked_by_form: bool = False


FORM_SLOTS_BEFORE_FACTS = (
    SlotSpec(ASKER, "who is asking: store, fuel_station, both, municipality, association, public_body",
             asked_by_form=True),
    SlotSpec(LOCALITY, "the locality's name in its proper form (for the application draft)",
             asked_by_form=True),
)
FORM_SLOTS_AFTER_FACTS = (
    SlotSpec(VALUE_CONFIRMATION, "the caller's yes or no to a number read back (phone only)",
             asked_by_form=True),
    SlotSpec(HANDOFF_CONSENT, "the yes or no to passing the answers on to a caseworker", asked_by_form=True),
)
CONTROL_SLOTS = (
    SlotSpec(VALUE_TO_CONFIRM, "[slot, value]: a number heard on the phone, read back before it is taken"),
    SlotSpec(CONFIRMED_VALUES, "{slot: value}: numbers the caller confirmed, not read back again"),
    SlotSpec(PROGRESS, '{"question": n, "of": m}, for the widget\'s progress bar'),
    SlotSpec(FAILED_ATTEMPTS, "answers in a row that could not be read, so we never loop",
             type="float", initial_value=0),
    SlotSpec(CHANNEL, "web | phone | test: how replies are rendered (from the message metadata)",
             type="text"),
    SlotSpec(LANGUAGE, "sv | en", type="text"),
    SlotSpec(IMPLAUSIBLE_ANSWER, "[slot, value] of an answer we doubted, the same answer again is taken; "
             "or [slot, km as English miles, km as Swedish mil] while asking which were meant"),
    SlotSpec(TIMES_WITHOUT_DAYS, 'opening times said without their days ("nio till arton"), while asking '
             "which days", type="text"),
    SlotSpec(CONFLICTING_ANSWER, "[slot, earlier value, value said now]: a fact given again differently, "
             "while asking which is right"),
    SlotSpec(APPROXIMATE_SLOTS,
             '[slot, ...]: numbers answered as estimates ("runt tre miljoner"), shown with "ca"'),
    SlotSpec(HANDOFF_OFFERED, "a person was offered mid-questions: the form asks for consent next"),
)
