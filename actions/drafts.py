"""Preparing an application draft, and saving the answers for a caseworker.

The action server sends the facts to the service, which runs the engine, stores the draft
and returns its reference. The link holds a secret, so it never enters Rasa: the reply names
only the reference, and the service adds the link to the reply it forwards to the browser
(service/routers/chat.py). The applicant's name, organisation number and contact
details are asked on the draft page, never in the chat, so they never enter the tracker.
"""

import functools
import logging
import ssl

import httpx
from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from stodkollen.conversation_facts import BY_SLOT
from stodkollen.core import jsonlog
from stodkollen.core.settings import settings
from stodkollen.dialogue_slots import APPROXIMATE_SLOTS, ASKER, LOCALITY

from .engine import valid_facts

log = logging.getLogger(__name__)
TIMEOUT_S = 30


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """httpx's default, made once: a client makes its own, reading every CA certificate, which
    took a seventh of the action server's CPU in a conversation with a draft (py-spy)."""
    return httpx.create_ssl_context()


def internal_headers(token: str) -> dict[str, str]:
    """The secret, and the turn's request id so the service's log lines join this turn's."""
    headers = {"X-Internal-Token": token}
    if (current := jsonlog.request_id.get()) is not None:
        headers[jsonlog.REQUEST_ID_HEADER] = current
    return headers


def approximate_facts(tracker: Tracker) -> list[str]:
    """The facts (by path) whose number the shop owner gave as an estimate."""
    return [BY_SLOT[slot].path for slot in tracker.get_slot(APPROXIMATE_SLOTS) or [] if slot in BY_SLOT]


def form_answers(tracker: Tracker) -> dict:
    """The answers that are no engine facts (who asks, the locality): the draft keeps them too."""
    return {slot: tracker.get_slot(slot) for slot in (ASKER, LOCALITY) if tracker.get_slot(slot)}


async def create_draft(sender: str, facts: dict, for_caseworker: bool,
                       estimated: list[str] = (), answers: dict | None = None) -> dict | None:
    """{"reference", "token", "url"} from the service, or None if it could not make one."""
    config = settings()
    try:
        async with httpx.AsyncClient(timeout=TIMEOUT_S, verify=_tls_context()) as client:
            response = await client.post(
                config.drafts_api_url, headers=internal_headers(config.internal_token),
                json={"sender": sender, "facts": facts, "for_caseworker": for_caseworker,
                      "approximate_facts": list(estimated), "form_answers": answers or {}})
            response.raise_for_status()
            return response.json()
    except httpx.HTTPStatusError as error:  # the status only: a 422's body would repeat the facts
        log.warning("the service refused the draft: HTTP %d", error.response.status_code)
    except httpx.HTTPError as error:
        log.warning("the service could not be reached: %s", type(error).__name__)
    return None


class ActionPrepareDraft(Action):
    """"Förbered en ansökan": a draft from the answers, and its link."""

    def name(self) -> str:
        return "action_prepare_draft"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        draft = await create_draft(tracker.sender_id, valid_facts(tracker.current_slot_values()),
                                   for_caseworker=False, estimated=approximate_facts(tracker),
                                   answers=form_answers(tracker))
        if draft is None:
            dispatcher.utter_message(response="utter_draft_failed")
        else:
            dispatcher.utter_message(response="utter_draft_ready", reference=draft["reference"])
        return []


class ActionSaveForCaseworker(Action):
    """"Prata med en person": the answers so far and the estimate, kept for the caseworker
    who calls back, under a reference the shop owner can quote."""

    def name(self) -> str:
        return "action_save_for_caseworker"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        facts = valid_facts(tracker.current_slot_values())
        if not facts:  # nothing answered yet: nothing to save
            return []
        draft = await create_draft(tracker.sender_id, facts, for_caseworker=True,
                                   estimated=approximate_facts(tracker), answers=form_answers(tracker))
        if draft is None:
            dispatcher.utter_message(response="utter_draft_failed")
        else:
            dispatcher.utter_message(response="utter_saved_for_caseworker", reference=draft["reference"])
        return []
