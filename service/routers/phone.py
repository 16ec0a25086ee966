"""POST /api/v1/phone: the telephony platform's way to the assistant, one turn of a call at
a time (the protocol, with examples, is in README.md).

The platform does speech recognition and synthesis; we get the recognised words, the keyed
digits or an event, and answer with what to say next. The caller's number is only ever
kept as a salted hash (service/phone/callers.py), which finds the caller's conversation
again when they call back; Rasa gets a conversation id, never the number.

When the assistant has made a draft, its link cannot be spoken; the turns in which the caller
chooses another way to get it are answered here, without Rasa (service/phone/delivery.py), so
the number or address they give is kept with the draft and never in the conversation.

The number alone never resumes a conversation with answers: the caller is given a code and
asked for it when they call back (service/phone/resume.py). The estimate can be sent by sms to
the calling number: the reply's `sms` field, which the platform sends.
"""

import hmac
import re
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Header, HTTPException, Request
from pydantic import BaseModel, Field, constr, root_validator, validator
from pydantic.fields import ModelField

from phone_channel.ear import for_the_ear
from phone_channel.protocol import ssml
from stodkollen.core.formatting import spoken_number
from stodkollen.core.i18n import N_, translate

from ..dependencies import AppSettings, Rasa, Store
from ..drafts.lifecycle import request_delivery
from ..drafts.model import DELETED
from ..drafts.store import DraftStore
from ..errors import request_lang
from ..nlg.answers import keypad_hint
from ..nlg.handoff import LANSSTYRELSEN_PHONE, spoken_phone_number
from ..phone.callers import caller_hash, normalised_number
from ..phone.calls import Call, CallState, CallStore, new_conversation_id
from ..phone.commands import Command, command, help_texts, yes_no_key
from ..phone.delivery import SMS, SPOKEN_CHOICES, DeliveryDialogue, Heard, Offer, said_yes, spoken_number_end
from ..phone.hours import telephone_hours
from ..phone.parts import in_parts
from ..phone.reprompts import QUESTION, Count, counted, shortened, with_person_offered
from ..phone.result_sms import result_sms
from ..phone.resume import CodeRequest, code_answer, code_sentence, new_code, wants_to_continue_later
from ..rasa import RasaClient, RasaUnavailable

PlatformToken = Annotated[str | None, Header(
    description="The telephony platform's secret (STODKOLLEN_PHONE_PLATFORM_TOKEN).")]


def telephony_platform_only(request: Request, config: AppSettings,
                            x_phone_platform_token: PlatformToken = None) -> None:
    """Who is calling decides whose conversation is resumed, so only the platform, which
    knows the real calling number, may send turns."""
    if not x_phone_platform_token or not hmac.compare_digest(x_phone_platform_token.encode(),
                                                             config.phone_platform_token.encode()):
        raise HTTPException(status_code=401, detail=translate(N_("error.phone.unauthorized"),
                                                              request_lang(request)))


router = APIRouter(prefix="/api/v1", tags=["phone"], dependencies=[Depends(telephony_platform_only)])
INPUTS = ("speech", "digits", "event")
# Code prompts that got neither a code nor "ny" before the call starts afresh.
CODE_PROMPTS = 2
RESULT = "utter_result"  # after it, "sms" sends the estimate
# "Säg mer för detaljer" (result.phone.next): the words a caller says back.
MORE = re.compile(r"(ja )?(mer|berätta mer|säg mer|mer detaljer|detaljer|varför|fortsätt|more|details|"
                  r"tell me more|go on)( tack)?")
# The sentences that put the call through: the route says its own outside telephone hours.
HANDOFF = ("utter_handoff", "utter_handoff_transfer")

def get_calls(request: Request) -> CallStore:
    return request.app.state.calls


Calls = Annotated[CallStore, Depends(get_calls)]


class PhoneTurn(BaseModel):
    call_id: constr(regex=r"^[A-Za-z0-9_.:-]{1,128}$") = Field(
        ..., description="The platform's id of the call; the same for every turn of one call.")
    caller: constr(regex=r"^\+?[0-9 ()-]{3,32}$") | None = Field(
        None, description="The caller's number; kept only as a salted hash. Leave out when withheld.")
    speech: constr(strip_whitespace=True, max_length=2000) | None = Field(
        None, description="What speech recognition heard, as it heard it.")
    digits: constr(regex=r"^[0-9*]{0,31}#?$", min_length=1) | None = Field(
        None, description="Keyed digits: '*' is the decimal comma, '#' ends the entry.")
    event: Literal["call_started", "no_input", "hang_up"] | None = None
    lang: Literal["sv", "en"] = "sv"

    class Config:
        extra = "forbid"

    @validator("call_id", "caller", "digits")
    def _checked_whole(cls, value: str | None, field: ModelField) -> str | None:
        # Each pattern above, whole: its $ alone would let "c-42\n" through.
        if value is not None and not field.type_.regex.fullmatch(value):
            raise ValueError("not the whole value")
        return value

    @root_validator(skip_on_failure=True)
    def one_input(cls, values: dict) -> dict:
        if sum(values.get(name) is not None for name in INPUTS) != 1:
            raise ValueError(N_("error.phone.one_input"))
        return values


class Sms(BaseModel):
    to: str = Field(..., description="The calling number, as +46…: the only number an sms goes to.")
    text: str = Field(..., description="The message, with the exact amounts.")


class PhoneReply(BaseModel):
    call_id: str
    text: str = Field(..., description="What to say, plain text with numbers in words.")
    ssml: str = Field(..., description="The same as SSML 1.1.")
    expected_input: Literal["speech", "digits", "yes_no"] = Field(
        ..., description="What to listen for next; keyed digits are always accepted.")
    hang_up: bool = Field(..., description="End the call after speaking.")
    transfer: bool = Field(..., description="Transfer the call to Länsstyrelsen after speaking.")
    sms: Sms | None = Field(None, description="An sms for the platform to send to the caller, "
                                              "after the caller said yes to it; usually absent.")


def _spoken_reply(call_id: str, texts: list[str], lang: str, expected_input: str = "speech",
                  hang_up: bool = False, transfer: bool = False, sms: dict | None = None) -> dict:
    texts = [for_the_ear(text, lang) for text in texts if text]  # no digits, signs or quotes
    return {"call_id": call_id, "text": " ".join(texts), "ssml": ssml(texts, lang),
            "expected_input": expected_input, "hang_up": hang_up, "transfer": transfer, "sms": sms}


def _delivery_turn(offer: Offer, turn: PhoneTurn, call: Call, calls: CallStore, store: DraftStore) -> dict:
    """A turn of the offer of ways to get the draft's link. Once it is settled, what the
    dialogue held back (the next question, if the draft was asked for in the middle) is said."""
    outcome = DeliveryDialogue(turn.lang, turn.caller).answer(offer, Heard(turn.speech, turn.digits))
    texts, expected = outcome.texts, outcome.expected_input
    if outcome.request is not None:
        draft = store.by_reference(offer.reference)
        # The draft is this conversation's own, and still there (the caller may have deleted it).
        if draft is not None and draft.sender == call.conversation_id and draft.status != DELETED:
            request_delivery(store, draft, *outcome.request)
        else:
            texts = [translate(N_("phone.delivery.draft_gone"), turn.lang)]
    if outcome.offer is not None:
        calls.save_offer(outcome.offer)
    else:
        calls.settle_offer(call.call_id)
        held_back = offer.held_back.get("texts") or [translate(N_("phone.delivery.anything_else"), turn.lang)]
        texts, expected = [*texts, *held_back], offer.held_back.get("expected_input") or "speech"
    return _spoken_reply(turn.call_id, texts, turn.lang, expected)


async def _left_unfinished(rasa: RasaClient, conversation_id: str) -> bool:
    """The caller answered at least who is asking, and did not start over since."""
    slots = (await rasa.tracker(conversation_id)).get("slots") or {}
    return slots.get("asker") is not None


class PhoneTurns:
    """One turn of a call, for the route: the resume code, the sms of the estimate and what
    Rasa says, with the bookkeeping each needs (CallStore)."""

    def __init__(self, turn: PhoneTurn, rasa: RasaClient, calls: CallStore, config, now: datetime):
        self.turn, self.rasa, self.calls, self.config, self.now = turn, rasa, calls, config, now
        self.lang = turn.lang

    def _(self, message_id: str, **values) -> str:
        return translate(message_id, self.lang, **values)

    def _locked(self, hashed: str) -> bool:
        since = self.now - timedelta(minutes=self.config.phone_code_lock_minutes)
        return self.calls.code_failures(hashed, since) >= self.config.phone_code_attempts

    def _reply(self, call: Call, state: CallState, texts: list[str], expected_input: str = "speech",
               *, again: bool = False, **flags) -> dict:
        """What to say, remembered for the call (a repeat says it again). A reply too long for
        the ear is said in parts, asking "Vill du höra mer?" (service/phone/parts.py); a reply
        that ends the call or puts it through cannot wait for an answer, and is said whole.
        What is said `again` (a repeat, the help) keeps the parts still to say."""
        held, held_expected = (state.held, state.held_expected) if again else ([], None)
        if not (flags.get("hang_up") or flags.get("transfer")):
            asking_more = self._(N_("phone.more.question"))
            parts = in_parts([for_the_ear(text, self.lang) for text in texts if text], asking_more)
            if len(parts) > 1:
                held = [sentence for part in parts[1:] for sentence in part]
                held_expected, texts, expected_input = expected_input, [*parts[0], asking_more], "yes_no"
        state = replace(state, last_reply={"texts": texts, "expected_input": expected_input},
                        held=held, held_expected=held_expected)
        self.calls.save_state(call.call_id, state)
        return _spoken_reply(self.turn.call_id, texts, self.lang, expected_input, **flags)

    async def first(self) -> dict:
        """A new call: a number with a conversation that holds answers is asked for its code."""
        hashed = caller_hash(self.turn.caller, self.config.phone_caller_salt) if self.turn.caller else None
        call = self.calls.start(self.turn.call_id, new_conversation_id(), hashed, self.now)
        if hashed and self.calls.has_codes(hashed):
            if self._locked(hashed):
                return await self.rasa_turn(call, CallState(), "call_started",
                                            before=[self._(N_("phone.code.locked_now"))])
            return self._reply(call, CallState(awaiting_code=True), [self._(N_("phone.code.ask"))], "digits")
        return await self.rasa_turn(call, CallState(), self.turn.event)

    async def code(self, call: Call, state: CallState) -> dict:
        """The caller's answer to the code prompt: the right code goes on with the conversation
        it was given for; a wrong one is counted for the number; "ny" starts afresh."""
        answer = code_answer(self.turn.speech, self.turn.digits)
        state = replace(state, awaiting_code=False)
        if answer.request is not None:
            return self.code_request(call, state, answer.request)
        if answer.code is not None:
            found = self.calls.conversation_with_code(call.caller_hash, answer.code)
            if found is not None and not self._locked(call.caller_hash):
                self.calls.clear_code_failures(call.caller_hash)
                call = self.calls.switch_conversation(call, found)
                event = "call_resumed" if await _left_unfinished(self.rasa, found) else "call_started"
                return await self.rasa_turn(call, state, event, before=[self._(N_("phone.code.right"))])
            self.calls.record_code_failure(call.caller_hash, self.now)
            if self._locked(call.caller_hash):
                minutes = spoken_number(self.config.phone_code_lock_minutes, self.lang)
                return await self.rasa_turn(call, state, "call_started",
                                            before=[self._(N_("phone.code.locked"), minutes=minutes)])
            return self._reply(call, replace(state, awaiting_code=True),
                               [self._(N_("phone.code.wrong"))], "digits")
        if answer.afresh or state.code_prompts + 1 >= CODE_PROMPTS:
            return await self.rasa_turn(call, state, "call_started", before=[self._(N_("phone.code.afresh"))])
        return self._reply(call, replace(state, awaiting_code=True, code_prompts=state.code_prompts + 1),
                           [self._(N_("phone.code.not_heard"))], "digits")

    def code_request(self, call: Call, state: CallState, request: CodeRequest) -> dict:
        """Words at the code prompt that are no code: a person is put through at once (nothing
        of the earlier conversation goes along); "jag minns inte" hears its two ways on, and the
        next answer that is neither starts afresh; a repeat or a question is not counted."""
        if request is CodeRequest.PERSON:
            phone = spoken_phone_number(LANSSTYRELSEN_PHONE, self.lang)
            transfer = self._(N_("handoff.transfer.phone"), phone=phone)
            return self.put_through(call, state, [transfer], {transfer})
        waiting = replace(state, awaiting_code=True)
        if request is CodeRequest.FORGOTTEN:
            return self._reply(call, replace(waiting, code_prompts=max(state.code_prompts, CODE_PROMPTS - 1)),
                               [self._(N_("phone.code.forgotten"))])
        if request is CodeRequest.REPEAT and state.last_reply.get("texts"):
            return self._reply(call, waiting, state.last_reply["texts"], state.last_reply["expected_input"])
        return self._reply(call, waiting, [self._(N_("phone.code.help"))], "digits")

    async def command(self, call: Call, state: CallState) -> dict | None:
        """Repeat, help, back and a person, said or keyed, at any point; 1 and 2 as yes and no
        where a yes or no is asked for (service/phone/commands.py)."""
        last = state.last_reply
        if (said := yes_no_key(self.turn.digits, last.get("expected_input"))) is not None:
            self.turn = self.turn.copy(update={"speech": said, "digits": None})
            return None
        given = command(self.turn.speech, self.turn.digits)
        if given is Command.REPEAT and last.get("texts"):
            return self._reply(call, state, last["texts"], last["expected_input"], again=True)
        if given is Command.HELP:
            return self._reply(call, state, help_texts(last.get("texts") or [], last.get("expected_input"),
                                                       self.lang), last.get("expected_input") or "speech",
                               again=True)
        if given is Command.BACK:
            # What to change is the assistant's to take: "omsättningen är tre miljoner" is a correction.
            return self._reply(call, state, [self._(N_("ask.what_to_change.phone"))])
        if given is Command.PERSON:
            return await self.rasa_turn(call, state, "talk_to_person")
        return None

    async def later(self, call: Call, state: CallState) -> dict | None:
        """"Jag fortsätter senare": the code again, and goodbye."""
        code = self.calls.code_of(call.conversation_id)
        if code is None or not wants_to_continue_later(self.turn.speech):
            return None
        return self._reply(call, state, [self._(N_("phone.code.later"), code=code_sentence(code, self.lang))],
                           hang_up=True)

    async def more(self, call: Call, state: CallState) -> dict | None:
        """"Mer" after the result, which told the caller to say it: its reasons."""
        if not state.result_said or not MORE.fullmatch((self.turn.speech or "").casefold().strip(" .!?")):
            return None
        return await self.rasa_turn(call, state, "explain_result")

    async def sms(self, call: Call, state: CallState) -> dict | None:
        """After the estimate, "sms" offers it by sms to the calling number; a yes sends it."""
        if state.sms_confirming:
            state = replace(state, sms_confirming=False)
            yes = said_yes(Heard(self.turn.speech, self.turn.digits))
            if not yes or not self.turn.caller:
                return self._reply(call, state, [self._(N_("phone.sms.not_sent"))])
            slots = (await self.rasa.tracker(call.conversation_id)).get("slots") or {}
            message = {"to": normalised_number(self.turn.caller), "text": result_sms(slots, self.lang)}
            return self._reply(call, state, [self._(N_("phone.sms.sent"))], sms=message)
        asked = state.result_said and SPOKEN_CHOICES[SMS].search((self.turn.speech or "").casefold())
        if not asked:
            return None
        if not self.turn.caller:
            return self._reply(call, state, [self._(N_("phone.sms.no_number"))])
        ending = spoken_number_end(self.turn.caller, self.lang)
        return self._reply(call, replace(state, sms_confirming=True),
                           [self._(N_("phone.sms.confirm"), ending=ending)], "yes_no")

    def _goodbye(self, call: Call) -> list[str]:
        """The resume code, if the conversation has one, and goodbye."""
        code = self.calls.code_of(call.conversation_id)
        return [*([code_sentence(code, self.lang)] if code else []), self._(N_("phone.closed.goodbye"))]

    async def held_back(self, call: Call, state: CallState) -> dict | None:
        """After part of a long reply and "Vill du höra mer?": a yes or "mer" says the next
        part, a no only the reply's last sentence (what to say next, or its question). Anything
        else is a turn like any other, and what was held back is dropped."""
        if not state.held:
            return None
        yes = said_yes(Heard(self.turn.speech, self.turn.digits))
        if yes or MORE.fullmatch((self.turn.speech or "").casefold().strip(" .!?")):
            return self._reply(call, state, state.held, state.held_expected or "speech")
        if yes is False:
            return self._reply(call, state, state.held[-1:], state.held_expected or "speech")
        return None

    async def closed_sms(self, call: Call, state: CallState) -> dict | None:
        """The line was closed and the number and hours offered by sms: a yes sends them."""
        if not state.closed_sms_offered:
            return None
        state = replace(state, closed_sms_offered=False)
        if not said_yes(Heard(self.turn.speech, self.turn.digits)):
            return self._reply(call, state, self._goodbye(call), hang_up=True)
        hours = telephone_hours(self.config.phone_telephone_hours)
        text = self._(N_("phone.closed.sms"), phone=LANSSTYRELSEN_PHONE, hours=hours.written(self.lang))
        message = {"to": normalised_number(self.turn.caller), "text": text}
        return self._reply(call, state, [self._(N_("phone.closed.sms_sent")), *self._goodbye(call)],
                           hang_up=True, sms=message)

    async def rasa_turn(self, call: Call, state: CallState, event: str | None,
                        before: tuple[str, ...] | list[str] = ()) -> dict:
        """The turn through Rasa; the resume code is said after the first answered question and
        before goodbye; reprompts are counted, a person offered, then the call put through."""
        reply = await self.rasa.phone_turn({"sender": call.conversation_id, "lang": self.lang,
                                            "speech": None if event else self.turn.speech,
                                            "digits": None if event else self.turn.digits, "event": event})
        if (offered := reply.pop("delivery_offer", None)) is not None:
            self.calls.save_offer(Offer(call.call_id, offered["reference"], held_back=offered["held_back"]))
        responses = reply["responses"]
        count = counted(Count(state.question, state.reprompts), responses)
        state = replace(state, question=count.question, reprompts=count.reprompts,
                        result_said=state.result_said or RESULT in responses)
        if count.reprompts >= self.config.phone_reprompts_before_transfer:
            # Forced by silence or answers that cannot be read: nothing is saved for a caseworker.
            return self.put_through(call, replace(state, reprompts=0), [])
        if count.reprompts >= self.config.phone_reprompts_before_offer:
            keypad = keypad_hint(count.question[len(QUESTION):], self.lang) if count.question else None
            offer = self._(N_("phone.person.offer"))
            texts = [*before, *with_person_offered(reply["texts"], responses, offer, keypad)]
        else:
            texts = [*before, *shortened(reply["texts"], responses)]
        code = self.calls.code_of(call.conversation_id)
        if code is None and call.caller_hash and await _left_unfinished(self.rasa, call.conversation_id):
            code = new_code()
            self.calls.keep_code(call.conversation_id, call.caller_hash, code, self.now)
            texts.insert(max(len(texts) - 1, 0), code_sentence(code, self.lang))
        elif code is not None and reply["hang_up"] and not reply["transfer"]:
            texts.insert(max(len(texts) - 1, 0), code_sentence(code, self.lang))
        if reply["transfer"]:
            # The caller asked for a person, or said yes to one: put through, no further question
            # (the handoff's own sentence says so; outside the hours the route's says when to call).
            handoff = {text for text, name in zip(reply["texts"], responses, strict=True) if name in HANDOFF}
            return self.put_through(call, state, texts, handoff)
        return self._reply(call, state, texts, reply["expected_input"], hang_up=reply["hang_up"])

    def put_through(self, call: Call, state: CallState, texts: list[str],
                    handoff: set[str] | None = None) -> dict:
        """Transfer the call; outside the county's telephone hours end it instead, with the number
        to call and when. Without `handoff` (the handoff's sentences) the transfer is forced by
        the limits, and says so itself."""
        phone = spoken_phone_number(LANSSTYRELSEN_PHONE, self.lang)
        hours = telephone_hours(self.config.phone_telephone_hours)
        if not hours.open_at(self.now):
            closed = N_("phone.closed.forced") if handoff is None else N_("phone.closed.asked")
            said = [text for text in texts if text not in (handoff or set())]
            if hours.holiday_at(self.now):
                said.append(self._(N_("phone.closed.holiday")))
            said.append(self._(closed, hours=hours.spoken(self.lang), phone=phone))
            if self.turn.caller:  # rather than a number to write down, an sms with it
                said.append(self._(N_("phone.closed.sms_offer")))
                return self._reply(call, replace(state, closed_sms_offered=True), said, "yes_no")
            return self._reply(call, state, [*said, *self._goodbye(call)], hang_up=True)
        if handoff is None:
            texts = [*texts, self._(N_("phone.transfer.forced"), phone=phone)]
        return self._reply(call, state, texts, transfer=True)


@router.post("/phone", response_model=PhoneReply,
             responses={401: {"description": "Not the telephony platform (X-Phone-Platform-Token)."},
                        409: {"description": "The call has already hung up."}})
async def phone_turn(turn: PhoneTurn, rasa: Rasa, calls: Calls, store: Store, config: AppSettings) -> dict:
    now = datetime.now(timezone.utc)
    call = calls.call(turn.call_id)
    if turn.event == "hang_up":
        # Nothing is said to a line that is gone; the conversation waits in the tracker store.
        if call is not None:
            calls.end(call.call_id, now)
        return _spoken_reply(turn.call_id, [], turn.lang, hang_up=True)
    if call is not None and call.ended:
        raise HTTPException(status_code=409, detail=translate(N_("error.phone.call_ended"), turn.lang))
    if call is not None and (offer := calls.offer(call.call_id)) is not None:
        return _delivery_turn(offer, turn, call, calls, store)
    turns = PhoneTurns(turn, rasa, calls, config, now)
    try:
        if call is None:
            return await turns.first()
        state = calls.state(call.call_id)
        if state.awaiting_code:
            return await turns.code(call, state)
        for handled in (turns.command, turns.held_back, turns.closed_sms, turns.later, turns.more, turns.sms):
            if (reply := await handled(call, state)) is not None:
                return reply
        return await turns.rasa_turn(call, state, turn.event)
    except RasaUnavailable:
        # The caller hears why, and is put through to a person rather than left in silence.
        hours = telephone_hours(config.phone_telephone_hours)
        phone = spoken_phone_number(LANSSTYRELSEN_PHONE, turn.lang)
        if not hours.open_at(now):
            holiday = [translate(N_("phone.closed.holiday"), turn.lang)] if hours.holiday_at(now) else []
            text = translate(N_("phone.unavailable.closed"), turn.lang, phone=phone,
                             hours=hours.spoken(turn.lang))
            return _spoken_reply(turn.call_id, [*holiday, text], turn.lang, hang_up=True)
        text = translate(N_("phone.unavailable"), turn.lang, phone=phone)
        return _spoken_reply(turn.call_id, [text], turn.lang, transfer=True)
