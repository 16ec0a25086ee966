"""A person at Länsstyrelsen: how to reach one is said at once; the answers are passed on to a
caseworker only after the shop owner's yes to "Vill du att en handläggare på Länsstyrelsen får
dina svar och kontaktar dig?". On the phone the call is put through after that answer."""

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from stodkollen.conversation_facts import FactState, fact_state
from stodkollen.dialogue_slots import CHANNEL

from .answers import read_answer
from .conversation import language_of
from .drafts import ActionSaveForCaseworker


async def answer_consent(said, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: DomainDict) -> bool:
    """Act on the answer to the consent question; False when it was no yes or no."""
    if said is True:
        await ActionSaveForCaseworker().run(dispatcher, tracker, domain)
    elif said is False or fact_state(said) is FactState.UNKNOWN:
        dispatcher.utter_message(response="utter_continue")
    else:
        return False
    if tracker.get_slot(CHANNEL) == "phone":
        dispatcher.utter_message(response="utter_handoff_transfer")
    return True


class ActionHandoffConsent(Action):
    """The consent question answered outside the questions (after the result)."""

    def name(self) -> str:
        return "action_handoff_consent"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        said = read_answer("yes_no", tracker.latest_message.get("text") or "", language_of(tracker))
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        said = {"affirm": True, "deny": False}.get(intent, said)
        await answer_consent(said, dispatcher, tracker, domain)
        return []
