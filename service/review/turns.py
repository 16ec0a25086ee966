"""The turns the assistant did not understand, read from one conversation's Rasa events.

Pure: a conversation's stored events in, its turns out (every user message with what was
asked, what was read and what followed) and how far it got (for the funnel). A turn failed
when one of these follows it, each a small rule of its own:

- a "not understood" reply: the form's utter_invalid_answer, the fallback's utter_default,
  a correction that could not be read, or the offer of a person that ends a run of those;
- the same question asked a third time (or more) in the conversation;
- a correction by the user (intent `correct` or `change`);
- a value denied: "nej" to a number read back on the phone (the read-back ends without the
  value being confirmed), or to the summary;
- a person asked for (intent `talk_to_person`) within a few turns after a failed one;
- the conversation left at a question: the form still waiting, no message for 30 minutes,
  no result given and no person asked for. The last message is the turn (what was read
  before the user gave up).

Rasa stores a message that was not understood and then "forgotten" (UserUtteranceReverted)
all the same, so every message is in the events.
"""

import hashlib
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from stodkollen import dialogue_slots
from stodkollen.conversation_facts import BY_SLOT, FactState, fact_state

NOT_UNDERSTOOD, ASKED_AGAIN, CORRECTED, DENIED, HANDOFF, ABANDONED = (
    "not_understood", "asked_again", "corrected", "denied", "handoff", "abandoned")
REASONS = (NOT_UNDERSTOOD, ASKED_AGAIN, CORRECTED, DENIED, HANDOFF, ABANDONED)

# The replies that say the assistant could not use the message (bot/domain/responses.yml).
NOT_UNDERSTOOD_REPLIES = frozenset({"utter_invalid_answer", "utter_default",
                                    "utter_correction_not_understood", "utter_offer_handoff"})
ASK_PREFIX = "utter_ask_"
CONFIRMATION = "value_confirmation"
# The form's questions (utter_ask_<slot>): who is asking, the locality, every fact's slot and the
# phone's read-back. Other utter_ask_ responses ("what to change") ask no slot.
QUESTIONS = frozenset({"asker", "locality", CONFIRMATION, *BY_SLOT})
SUMMARY = "utter_summary"
# A pending question that is not a slot: the answer to the summary ("Stämmer det?").
SUMMARY_QUESTION = "summary"
RESULT_REPLIES = frozenset({"utter_result"})
DRAFT_REPLIES = frozenset({"utter_draft_ready", "utter_saved_for_caseworker"})
CORRECTION_INTENTS = frozenset({"correct", "change"})
DENIAL_INTENTS = frozenset({"deny", "change", "correct"})
HANDOFF_INTENT = "talk_to_person"
HANDOFF_REPLY = "utter_handoff"
TIMES_ASKED_THAT_FAILS = 3
# A person asked for this many turns after a failed one is asked for because of it.
HANDOFF_LOOKBACK = 3
ABANDONED_AFTER_S = 30 * 60
# Slots that are the dialogue's bookkeeping, not something read from the user.
BOOKKEEPING_SLOTS = dialogue_slots.BOOKKEEPING_SLOTS | {
    dialogue_slots.CHANNEL, dialogue_slots.LANGUAGE, dialogue_slots.CONFIRMED_VALUES,
    "session_started_metadata", CONFIRMATION}
UNKNOWN_CHANNEL = "unknown"


@dataclass(frozen=True)
class Turn:
    key: str  # a hash of the conversation and the event: joins a review to its turn, names no one
    sender: str
    at: float  # the message's time (seconds since the epoch)
    channel: str
    language: str
    question: str | None  # the slot asked when the message came, "summary", or None
    confirming: str | None  # at a read-back (question value_confirmation): the slot whose number it is
    text: str
    intent: str | None
    confidence: float | None
    entities: tuple[tuple[str, Any], ...]
    read: dict  # slot → value set by the turn (value_to_confirm: [slot, value] waiting for a yes)
    replies: tuple[str, ...]  # the response names of what followed
    reply_texts: tuple[str, ...]
    reasons: tuple[str, ...] = ()

    @property
    def failed(self) -> bool:
        return bool(self.reasons)


@dataclass(frozen=True)
class Progress:
    """How far one conversation got: for the funnel."""

    sender: str
    started_at: float
    channel: str
    questions: frozenset[str]
    result: bool
    draft: bool


@dataclass
class _Open:
    """A turn being gathered: the user event and everything until the next one."""

    row_id: int
    event: dict
    question: str | None
    last_reply_before: str | None
    slots_before: dict
    read: dict = field(default_factory=dict)
    replies: list[str] = field(default_factory=list)
    reply_texts: list[str] = field(default_factory=list)
    asked_again: bool = False


def turn_key(sender: str, row_id: int) -> str:
    return hashlib.sha256(f"{sender}\x00{row_id}".encode()).hexdigest()[:24]


def _parse(event: dict) -> tuple[str | None, float | None, tuple[tuple[str, Any], ...]]:
    parse_data = event.get("parse_data") or {}
    intent = parse_data.get("intent") or {}
    entities = tuple((entity.get("entity"), entity.get("value"))
                     for entity in parse_data.get("entities") or [])
    return intent.get("name"), intent.get("confidence"), entities


# ---------------------------------------------------------------- one rule per way of failing
def _answered(turn: _Open) -> bool:
    """The form took the message as the answer to its question ("vet inte" is one too): the
    question being asked reads each message first, so the intent model's guess then failed nobody."""
    return (turn.question is not None
            and fact_state(turn.read.get(turn.question)) is not FactState.NOT_ASKED)


def _not_understood(turn: _Open, intent: str | None) -> bool:
    return ((intent == "nlu_fallback" and not _answered(turn))
            or any(reply in NOT_UNDERSTOOD_REPLIES for reply in turn.replies))


def _corrected(turn: _Open, intent: str | None) -> bool:
    return intent in CORRECTION_INTENTS and not _answered(turn)


def _denied(turn: _Open, intent: str | None) -> bool:
    """"Nej" to the summary, or a read-back that ended without the number being confirmed
    (value_to_confirm cleared or replaced, the slot left empty)."""
    if turn.last_reply_before == SUMMARY:
        return intent in DENIAL_INTENTS
    if turn.question == CONFIRMATION and "value_to_confirm" in turn.read:
        return (turn.read.get(_confirming(turn)) is None
                and turn.read["value_to_confirm"] != turn.slots_before.get("value_to_confirm"))
    return False


def _handoff_after_failure(intent: str | None, replies: list[str], earlier: list[Turn]) -> bool:
    asked = intent == HANDOFF_INTENT or HANDOFF_REPLY in replies
    return asked and any(turn.failed for turn in earlier[-HANDOFF_LOOKBACK:])


def _confirming(turn: _Open) -> str | None:
    waiting = turn.slots_before.get("value_to_confirm")
    if turn.question == CONFIRMATION and isinstance(waiting, list) and waiting:
        return waiting[0]
    return None


# ---------------------------------------------------------------- reading a conversation
class _Reader:
    def __init__(self, sender: str):
        self.sender = sender
        self.slots: dict = {}
        self.asked: Counter = Counter()
        self.questions: set[str] = set()
        self.last_reply: str | None = None
        self.result = self.draft = False
        self.turns: list[Turn] = []
        self.open: _Open | None = None
        self.first_at: float | None = None
        self.last_user_at: float | None = None
        self.channel_from_message: str | None = None

    @property
    def channel(self) -> str:
        return self.slots.get("channel") or self.channel_from_message or UNKNOWN_CHANNEL

    def feed(self, row_id: int, event: dict) -> None:
        kind = event.get("event")
        if self.first_at is None and event.get("timestamp") is not None:
            self.first_at = event["timestamp"]
        if kind == "user":
            self._close()
            self.last_user_at = event.get("timestamp")
            channel = (event.get("metadata") or {}).get("channel")
            self.channel_from_message = channel if isinstance(channel, str) else self.channel_from_message
            question = self.slots.get("requested_slot") if self.slots.get("active_loop") else None
            if question is None and self.last_reply == SUMMARY:
                question = SUMMARY_QUESTION
            self.open = _Open(row_id, event, question, self.last_reply, dict(self.slots))
        elif kind == "slot":
            self._slot(event.get("name"), event.get("value"))
        elif kind == "active_loop":
            self.slots["active_loop"] = event.get("name")
        elif kind == "bot":
            self._reply(event)
        elif kind == "restart":
            self.slots, self.asked = {"channel": self.slots.get("channel")}, Counter()

    def _slot(self, name: str | None, value: Any) -> None:
        if not name:
            return
        if name == "requested_slot" and value:
            self.questions.add(value)
        if self.open is not None and name not in BOOKKEEPING_SLOTS:
            self.open.read[name] = value
        self.slots[name] = value

    def _reply(self, event: dict) -> None:
        name = (event.get("metadata") or {}).get("utter_action")
        self.last_reply = name
        if not name:
            return
        self.result = self.result or name in RESULT_REPLIES
        self.draft = self.draft or name in DRAFT_REPLIES
        asked = name[len(ASK_PREFIX):] if name.startswith(ASK_PREFIX) else None
        if asked in QUESTIONS:
            self.questions.add(asked)
            self.asked[asked] += 1
            if self.open is not None and self.asked[asked] >= TIMES_ASKED_THAT_FAILS:
                self.open.asked_again = True
        if self.open is not None:
            self.open.replies.append(name)
            if event.get("text"):
                self.open.reply_texts.append(event["text"])

    def _close(self) -> None:
        turn, self.open = self.open, None
        if turn is None:
            return
        intent, confidence, entities = _parse(turn.event)
        reasons = [reason for reason, failed in (
            (NOT_UNDERSTOOD, _not_understood(turn, intent)),
            (ASKED_AGAIN, turn.asked_again),
            (CORRECTED, _corrected(turn, intent)),
            (DENIED, _denied(turn, intent)),
            (HANDOFF, _handoff_after_failure(intent, turn.replies, self.turns))) if failed]
        self.turns.append(self._turn(turn, intent, confidence, entities, tuple(reasons)))

    def _turn(self, turn: _Open, intent, confidence, entities, reasons) -> Turn:
        metadata = turn.event.get("metadata") or {}
        return Turn(key=turn_key(self.sender, turn.row_id), sender=self.sender,
                    at=turn.event.get("timestamp") or 0.0, channel=self.channel,
                    language=self.slots.get("language") or metadata.get("lang") or "sv",
                    question=turn.question, confirming=_confirming(turn), text=turn.event.get("text") or "",
                    intent=intent,
                    confidence=confidence, entities=entities, read=turn.read, replies=tuple(turn.replies),
                    reply_texts=tuple(turn.reply_texts), reasons=reasons)

    def finish(self, now: float) -> tuple[list[Turn], Progress]:
        self._close()
        left_at_question = bool(self.slots.get("active_loop") and self.slots.get("requested_slot"))
        quiet = self.last_user_at is not None and now - self.last_user_at >= ABANDONED_AFTER_S
        handed_over = any(HANDOFF_REPLY in turn.replies for turn in self.turns)
        if left_at_question and quiet and not self.result and not handed_over and self.turns:
            last = self.turns[-1]
            self.turns[-1] = replace(last, reasons=last.reasons + (ABANDONED,))
        progress = Progress(self.sender, self.first_at or 0.0, self.channel, frozenset(self.questions),
                            self.result, self.draft)
        return self.turns, progress


def read_conversation(sender: str, events: list[tuple[int, dict]], now: float) -> tuple[list[Turn], Progress]:
    """Every turn of the conversation (failed or not) and how far it got. `events` are
    (stored row id, event) in the order Rasa stored them; `now` decides what is abandoned."""
    reader = _Reader(sender)
    for row_id, event in events:
        reader.feed(row_id, event)
    return reader.finish(now)
