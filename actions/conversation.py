"""Starting, restarting and not understanding: the conversation's own housekeeping."""

from rasa_sdk import Action, Tracker
from rasa_sdk.events import (
    ActionExecuted,
    EventType,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
)
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from stodkollen.core.i18n import LANGUAGES
from stodkollen.dialogue_slots import LANGUAGE

CHANNELS = ("web", "phone", "test")
# Two misunderstandings in a row outside a question: offer a person rather than loop.
FALLBACKS_BEFORE_HANDOFF = 2


def channel_and_language(metadata: dict | None) -> list[EventType]:
    """The REST channel reaches the NLG endpoint as "collector", so the real channel and
    the language travel in the message metadata and are kept in slots for the NLG."""
    metadata = metadata or {}
    events = []
    if metadata.get("channel") in CHANNELS:
        events.append(SlotSet("channel", metadata["channel"]))
    if metadata.get("lang") in LANGUAGES:
        events.append(SlotSet("language", metadata["lang"]))
    return events


def language_of(tracker: Tracker) -> str:
    """The language the latest message was written in: the widget and the phone send it with
    every message (a shop owner may switch the widget to English halfway); the slot keeps it
    from the session's start for messages that came without."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            lang = (event.get("metadata") or {}).get("lang")
            if lang in LANGUAGES:
                return lang
            break
    return tracker.get_slot(LANGUAGE) if tracker.get_slot(LANGUAGE) in LANGUAGES else "sv"


class ActionSessionStart(Action):
    def name(self) -> str:
        return "action_session_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        # Slots are carried over (domain: carry_over_slots_to_new_session), so a shop owner
        # who comes back keeps every answer.
        carried = [SlotSet(name, value) for name, value in tracker.slots.items()
                   if value is not None and name != "requested_slot"]
        started = tracker.get_slot("session_started_metadata")
        return ([SessionStarted()] + carried + channel_and_language(started)
                + [ActionExecuted("action_listen")])


class ActionRestartConversation(Action):
    """"Börja om", confirmed: forget every answer and greet again."""

    def name(self) -> str:
        return "action_restart_conversation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(response="utter_greet")
        keep = [SlotSet(name, tracker.get_slot(name)) for name in ("channel", "language")
                if tracker.get_slot(name)]
        return [Restarted(), *keep]


class ActionHandleFallback(Action):
    def name(self) -> str:
        return "action_handle_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        attempts = int(tracker.get_slot("failed_attempts") or 0) + 1
        if attempts >= FALLBACKS_BEFORE_HANDOFF:
            dispatcher.utter_message(response="utter_offer_handoff")
            attempts = 0
        else:
            dispatcher.utter_message(response="utter_default")
        # Forget the message we did not understand, so that the assistant listens again
        # instead of looking for something else to do with it.
        return [UserUtteranceReverted(), SlotSet("failed_attempts", attempts)]
