"""A scenario's conversation, typed into the live assistant over Rasa's REST channel, or said
on its phone channel.

Each user turn of a web scenario is posted as the web widget would (channel "test", Swedish).
A phone scenario (`channel: phone`) is a call on Rasa's phone channel (phone_channel/, the
endpoint the service's POST /api/v1/phone forwards each turn to): it starts with the call's
`call_started` event and each turn is `speech`, worded as a speech recogniser writes it; the
replies are what would be spoken. The service's own part of a call (the caller's number, resume
codes, reprompt counting, transfers) is not driven: the service keeps the conversation's id to
itself, and the runner needs it to read what the conversation collected.

When the turns are done, the tracker's slots become facts (the same bridge the action server
uses), the engine evaluates them, and the outcome is compared with what the scenario expects.
The bot's own last replies in the web chat must also state every amount the engine gives, so a
wrong number in the chat is caught as well as a wrong fact (on the phone amounts are said
rounded, in words: phone_channel's own tests check those).
"""

import uuid
from dataclasses import dataclass, field

import httpx

from rules_engine import SUPPORT_NAMES, FactsError, evaluate
from stodkollen.conversation_facts import facts_from_slots
from stodkollen.core.formatting import format_sek
from stodkollen.core.i18n import DEFAULT_LANGUAGE, N_, translate

from .scenario import Mismatch, Scenario, compare

USER, BOT = "user", "bot"
TIMEOUT_SECONDS = 120  # a turn may wait for the action server and the NLG service


class AssistantUnreachable(RuntimeError):
    """The assistant does not answer (not started, wrong address or token); `str()` says so in
    the chosen language with what to do."""


@dataclass
class ConversationRun:
    sender: str
    transcript: list[tuple[str, str]] = field(default_factory=list)  # (USER | BOT, text)
    facts: dict = field(default_factory=dict)  # what the conversation collected
    result: dict | None = None  # the engine's answer for those facts (None: they broke the contract)
    mismatches: list[Mismatch] = field(default_factory=list)
    unfinished: str | None = None  # the question still open after the last turn


def _plain(text: str) -> str:
    return text.replace("\N{NO-BREAK SPACE}", " ")


class Assistant:
    """Rasa's REST channel and tracker, with the internal token (`?token=`)."""

    def __init__(self, rasa_url: str, token: str = "", lang: str = DEFAULT_LANGUAGE):
        self.rasa_url = rasa_url.rstrip("/")
        self.lang = lang
        self.client = httpx.Client(base_url=self.rasa_url, params={"token": token} if token else None,
                                   timeout=TIMEOUT_SECONDS)

    def _unreachable(self, error: Exception) -> AssistantUnreachable:
        return AssistantUnreachable(translate(N_("scenarios.error.unreachable"), self.lang,
                                              url=self.rasa_url, detail=error))

    def _request(self, method: str, path: str, **kwargs) -> httpx.Response:
        try:
            response = self.client.request(method, path, **kwargs)
        except httpx.HTTPError as error:
            raise self._unreachable(error) from error
        if response.status_code in (401, 403):
            raise AssistantUnreachable(translate(N_("scenarios.error.unauthorized"), self.lang,
                                                 url=self.rasa_url))
        if response.status_code >= 400:
            raise self._unreachable(f"HTTP {response.status_code}")
        return response

    def check(self) -> None:
        """Raise AssistantUnreachable unless Rasa answers (its root says hello)."""
        self._request("GET", "/")

    def say(self, sender: str, text: str) -> list[dict]:
        return self._request("POST", "/webhooks/rest/webhook", json={
            "sender": sender, "message": text, "metadata": {"channel": "test", "lang": self.lang}}).json()

    def call(self, sender: str, speech: str | None = None, event: str | None = None) -> list[str]:
        """One turn of a call on the phone channel: what the caller said (or the call's event),
        and the assistant's spoken reply as its sentences."""
        turn = {"sender": sender, "lang": self.lang, **({"speech": speech} if speech is not None else {}),
                **({"event": event} if event else {})}
        return self._request("POST", "/webhooks/phone/webhook", json=turn).json().get("texts") or []

    def slots(self, sender: str) -> dict:
        return self._request("GET", f"/conversations/{sender}/tracker").json().get("slots", {})

    def close(self) -> None:
        self.client.close()


def _reply_lacks_amounts(result: dict, replies: str, lang: str) -> list[Mismatch]:
    """Every amount the engine gives for the collected facts should be in the bot's answer."""
    return [Mismatch(item["support"], "conversation_reply", format_sek(item["amount_sek"], lang), None)
            for item in result["results"]
            if item["amount_sek"] is not None and _plain(format_sek(item["amount_sek"], lang)) not in replies]


def run_conversation(assistant: Assistant, scenario: Scenario) -> ConversationRun:
    """Type the scenario's turns, then compare what the assistant concluded with what the
    scenario expects (fields "conversation_status", "conversation_amount_sek")."""
    phone = scenario.channel == "phone"
    # A phone conversation's id is the service's kind ("phone-" and 24 hex digits).
    run = ConversationRun(sender=f"phone-{uuid.uuid4().hex[:24]}" if phone
                          else f"scenario-{scenario.id}-{uuid.uuid4().hex[:8]}")
    last_replies: list[str] = []
    if phone:
        run.transcript.extend((BOT, text) for text in assistant.call(run.sender, event="call_started"))
    for turn in scenario.conversation:
        run.transcript.append((USER, turn))
        last_replies = (assistant.call(run.sender, speech=turn) if phone
                        else [reply.get("text") or "" for reply in assistant.say(run.sender, turn)])
        run.transcript.extend((BOT, text) for text in last_replies if text)
    slots = assistant.slots(run.sender)
    run.unfinished = slots.get("requested_slot")
    run.facts = facts_from_slots(slots)
    try:
        run.result = evaluate(run.facts, lang=assistant.lang, explain=False)
    except FactsError as error:  # a slot the dialogue filled with something no fact can be
        run.mismatches = [Mismatch("", "conversation_facts", None, str(error))]
        return run
    run.mismatches = [Mismatch(m.support, f"conversation_{m.field}", m.expected, m.actual)
                      for m in compare(scenario.expected, run.result)]
    if run.unfinished:
        run.mismatches.append(Mismatch("", "conversation_unfinished", None, run.unfinished))
    elif not phone:
        run.mismatches += _reply_lacks_amounts(run.result, _plain("\n".join(last_replies)), assistant.lang)
    order = {support: number for number, support in enumerate(("", *SUPPORT_NAMES))}
    run.mismatches.sort(key=lambda mismatch: order[mismatch.support])
    return run
