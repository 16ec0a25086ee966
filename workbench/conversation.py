"""A scenario's conversation, typed into the live assistant over Rasa's REST channel, or said
on a call through the service's phone route.

Each user turn of a web scenario is posted as the web widget would (channel "test", Swedish).
A phone scenario (`channel: phone`) is played as the telephony platform plays a call: every
turn is a POST /api/v1/phone with the platform's token (X-Phone-Platform-Token), from the
scenario's `caller` (or a withheld number), starting with the `call_started` event and ending
with `hang_up`; each turn is said (`speech`, as a recogniser writes it) or keyed (`digits`). So
the route's own part is in the run: the spoken rendering, read-backs, keyed yes and no, the
resume code a known number is given. A turn's `says` are words its spoken reply must contain.
The service keeps the call's conversation id to itself (its call store); the runner is given
that store's records (`CallRecords`), since workbench/ sits below service/. Once the
conversation is found, the call's records are forgotten, as "Radera" forgets them: the number
keeps no resume code, so the next run of the scenario is a first call from it again, not one
asked for its code.

When the turns are done, the tracker's slots become facts (the same bridge the action server
uses), the engine evaluates them, and the outcome is compared with what the scenario expects.
The bot's own last replies in the web chat must also state every amount the engine gives, so a
wrong number in the chat is caught as well as a wrong fact (on the phone amounts are said
rounded, in words: a call's last turn states them in its `says`).
"""

import uuid
from dataclasses import dataclass, field
from typing import Protocol

import httpx

from rules_engine import SUPPORT_NAMES, FactsError, evaluate
from stodkollen.conversation_facts import facts_from_slots
from stodkollen.core.formatting import format_sek
from stodkollen.core.i18n import DEFAULT_LANGUAGE, N_, translate
from stodkollen.core.jsonlog import REQUEST_ID_HEADER

from .scenario import Mismatch, Scenario, compare, slug, turn_input, turn_says

USER, BOT = "user", "bot"
TIMEOUT_SECONDS = 120  # a turn may wait for the action server and the NLG service


class AssistantUnreachable(RuntimeError):
    """The assistant, or the service's phone route, does not answer (not started, wrong address
    or token, another data folder); `str()` says so in the chosen language with what to do."""


@dataclass
class ConversationRun:
    sender: str  # the conversation's id in Rasa (a call's: the one the service gave it)
    call_id: str | None = None  # a call's id, as the platform sent it to the phone route
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

    def slots(self, sender: str) -> dict:
        return self._request("GET", f"/conversations/{sender}/tracker").json().get("slots", {})

    def close(self) -> None:
        self.client.close()


class CallRecords(Protocol):
    """The service's call store, as the runner needs it."""

    def conversation_of(self, call_id: str) -> str | None:
        """The conversation the service gave this call; None for a call it does not know."""

    def forget(self, conversation_id: str) -> None:
        """Every call and resume code of the conversation."""


class PhoneLine:
    """The service's phone route, called as the telephony platform calls it (with its token),
    and the service's records of the calls."""

    def __init__(self, service_url: str, platform_token: str, records: CallRecords,
                 lang: str = DEFAULT_LANGUAGE):
        self.service_url = service_url.rstrip("/")
        self.lang = lang
        self.records = records
        self.client = httpx.Client(base_url=self.service_url, timeout=TIMEOUT_SECONDS,
                                   headers={"X-Phone-Platform-Token": platform_token})

    def _unreachable(self, detail) -> AssistantUnreachable:
        return AssistantUnreachable(translate(N_("scenarios.error.service_unreachable"), self.lang,
                                              url=self.service_url, detail=detail))

    def _request(self, method: str, path: str, **kwargs) -> httpx.Response:
        try:
            response = self.client.request(method, path, **kwargs)
        except httpx.HTTPError as error:
            raise self._unreachable(error) from error
        if response.status_code == 401:
            raise AssistantUnreachable(translate(N_("scenarios.error.service_unauthorized"), self.lang,
                                                 url=self.service_url))
        if response.status_code >= 400:
            raise self._unreachable(f"HTTP {response.status_code}")
        return response

    def check(self) -> None:
        """Raise AssistantUnreachable unless the service answers."""
        self._request("GET", "/health")

    def turn(self, call_id: str, number: int, caller: str | None, **said) -> dict:
        """Turn `number` of a call (`speech=`, `digits=` or `event=`): the route's reply. Its
        request id, "<call_id>.<number>", marks the turn in every process's log."""
        turn = {"call_id": call_id, "lang": self.lang, **({"caller": caller} if caller else {}), **said}
        return self._request("POST", "/api/v1/phone", json=turn,
                             headers={REQUEST_ID_HEADER: request_id(call_id, number)}).json()

    def conversation(self, call_id: str) -> str:
        """The call's conversation, after which the call's records are forgotten."""
        found = self.records.conversation_of(call_id)
        if found is None:  # the command reads another data folder than the service's
            raise AssistantUnreachable(translate(N_("scenarios.error.call_not_found"), self.lang,
                                                 url=self.service_url))
        self.records.forget(found)
        return found

    def close(self) -> None:
        self.client.close()


def request_id(call_id: str, number: int) -> str:
    return f"{call_id}.{number}"


def _heard(text: str) -> str:
    return _plain(text).casefold()


def _call(line: PhoneLine, scenario: Scenario, run: ConversationRun) -> None:
    """The scenario's turns as one call through the phone route; each turn's `says` checked."""
    # The route takes letters, digits and -_.:, and a request id is at most 64 characters
    # (stodkollen/core/jsonlog.py): a file's name made a slug, and cut, leaves room.
    run.call_id = f"scenario-{slug(scenario.id)[:40]}-{uuid.uuid4().hex[:8]}"
    run.transcript.append((BOT, line.turn(run.call_id, 0, scenario.caller, event="call_started")["text"]))
    for number, turn in enumerate(scenario.conversation, 1):
        kind, value = turn_input(turn)
        run.transcript.append((USER, value if kind == "speech"
                               else translate(N_("report.keyed"), line.lang, digits=value)))
        reply = line.turn(run.call_id, number, scenario.caller, **{kind: value})["text"]
        if reply:
            run.transcript.append((BOT, reply))
        run.mismatches += [Mismatch("", "conversation_said", words, reply)
                           for words in turn_says(turn) if _heard(words) not in _heard(reply)]
    # The caller hangs up, as a call ends.
    line.turn(run.call_id, len(scenario.conversation) + 1, scenario.caller, event="hang_up")
    run.sender = line.conversation(run.call_id)


def _reply_lacks_amounts(result: dict, replies: str, lang: str) -> list[Mismatch]:
    """Every amount the engine gives for the collected facts should be in the bot's answer."""
    return [Mismatch(item["support"], "conversation_reply", format_sek(item["amount_sek"], lang), None)
            for item in result["results"]
            if item["amount_sek"] is not None and _plain(format_sek(item["amount_sek"], lang)) not in replies]


def run_conversation(assistant: Assistant, scenario: Scenario,
                     line: PhoneLine | None = None) -> ConversationRun:
    """Type the scenario's turns (a call's through `line`, the phone route), then compare what
    the assistant concluded with what the scenario expects (fields "conversation_status",
    "conversation_amount_sek", and a call's "conversation_said")."""
    phone = scenario.channel == "phone"
    run = ConversationRun(sender=f"scenario-{scenario.id}-{uuid.uuid4().hex[:8]}")
    last_replies: list[str] = []
    if phone:
        if line is None:
            raise ValueError("a call needs the service's phone route")
        _call(line, scenario, run)
    else:
        for turn in scenario.conversation:
            run.transcript.append((USER, turn))
            last_replies = [reply.get("text") or "" for reply in assistant.say(run.sender, turn)]
            run.transcript.extend((BOT, text) for text in last_replies if text)
    slots = assistant.slots(run.sender)
    run.unfinished = slots.get("requested_slot")
    run.facts = facts_from_slots(slots)
    try:
        run.result = evaluate(run.facts, lang=assistant.lang, explain=False)
    except FactsError as error:  # a slot the dialogue filled with something no fact can be
        run.mismatches.append(Mismatch("", "conversation_facts", None, str(error)))
        return run
    run.mismatches += [Mismatch(m.support, f"conversation_{m.field}", m.expected, m.actual)
                       for m in compare(scenario.expected, run.result)]
    if run.unfinished:
        run.mismatches.append(Mismatch("", "conversation_unfinished", None, run.unfinished))
    elif not phone:
        run.mismatches += _reply_lacks_amounts(run.result, _plain("\n".join(last_replies)), assistant.lang)
    order = {support: number for number, support in enumerate(("", *SUPPORT_NAMES))}
    run.mismatches.sort(key=lambda mismatch: order[mismatch.support])
    return run
