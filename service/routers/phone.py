"""POST /api/v1/phone: the telephony platform's way to the assistant, one turn of a call at
a time (the protocol, with examples, is in README.md).

The platform does speech recognition and synthesis; we get the recognised words, the keyed
digits or an event, and answer with what to say next. The caller's number is only ever
kept as a salted hash (service/phone/callers.py), which finds the caller's conversation
again when they call back; Rasa gets a conversation id, never the number.
"""

import hmac
from datetime import datetime, timezone
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Header, HTTPException, Request
from pydantic import BaseModel, Field, constr, root_validator

from phone_channel.protocol import ssml
from stodkollen.i18n import N_, translate

from ..dependencies import AppSettings, Rasa
from ..errors import request_lang
from ..nlg.handoff import LANSSTYRELSEN_PHONE, spoken_phone_number
from ..phone.callers import caller_hash
from ..phone.calls import CallStore, new_conversation_id
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

    @root_validator(skip_on_failure=True)
    def one_input(cls, values: dict) -> dict:
        if sum(values.get(name) is not None for name in INPUTS) != 1:
            raise ValueError(N_("error.phone.one_input"))
        return values


class PhoneReply(BaseModel):
    call_id: str
    text: str = Field(..., description="What to say, plain text with numbers in words.")
    ssml: str = Field(..., description="The same as SSML 1.1.")
    expected_input: Literal["speech", "digits", "yes_no"] = Field(
        ..., description="What to listen for next; keyed digits are always accepted.")
    hang_up: bool = Field(..., description="End the call after speaking.")
    transfer: bool = Field(..., description="Transfer the call to Länsstyrelsen after speaking.")


def _plain_reply(call_id: str, text: str, lang: str, hang_up: bool = False, transfer: bool = False) -> dict:
    return {"call_id": call_id, "text": text, "ssml": ssml([text] if text else [], lang),
            "expected_input": "speech", "hang_up": hang_up, "transfer": transfer}


async def _left_unfinished(rasa: RasaClient, conversation_id: str) -> bool:
    """The caller answered at least who is asking, and did not start over since."""
    slots = (await rasa.tracker(conversation_id)).get("slots") or {}
    return slots.get("asker") is not None


@router.post("/phone", response_model=PhoneReply,
             responses={401: {"description": "Not the telephony platform (X-Phone-Platform-Token)."},
                        409: {"description": "The call has already hung up."}})
async def phone_turn(turn: PhoneTurn, rasa: Rasa, calls: Calls, config: AppSettings) -> dict:
    now = datetime.now(timezone.utc)
    call = calls.call(turn.call_id)
    if turn.event == "hang_up":
        # Nothing is said to a line that is gone; the conversation waits in the tracker store.
        if call is not None:
            calls.end(call.call_id, now)
        return _plain_reply(turn.call_id, "", turn.lang, hang_up=True)
    if call is not None and call.ended:
        raise HTTPException(status_code=409, detail=translate(N_("error.phone.call_ended"), turn.lang))
    event = turn.event
    try:
        if call is None:
            hashed = caller_hash(turn.caller, config.phone_caller_salt) if turn.caller else None
            known = calls.conversation_of(hashed) if hashed else None
            call = calls.start(turn.call_id, known or new_conversation_id(), hashed, now)
            if known and event == "call_started" and await _left_unfinished(rasa, known):
                event = "call_resumed"
        reply = await rasa.phone_turn({"sender": call.conversation_id, "lang": turn.lang,
                                       "speech": turn.speech, "digits": turn.digits, "event": event})
    except RasaUnavailable:
        # The caller hears why, and is put through to a person rather than left in silence.
        text = translate(N_("phone.unavailable"), turn.lang,
                         phone=spoken_phone_number(LANSSTYRELSEN_PHONE, turn.lang))
        return _plain_reply(turn.call_id, text, turn.lang, transfer=True)
    return {"call_id": turn.call_id, **reply}
