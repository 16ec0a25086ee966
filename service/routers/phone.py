"""POST /api/v1/phone: the telephony platform's way to the assistant, one turn of a call at
a time (the protocol, with examples, is in README.md).

The platform does speech recognition and synthesis; we get the recognised words, the keyed
digits or an event, and answer with what to say next. The caller's number is only ever
kept as a salted hash (service/phone/callers.py), which finds the caller's conversation
again when they call back; Rasa gets a conversation id, never the number.

When the assistant has made a draft, its link cannot be spoken; the turns in which the caller
chooses another way to get it are answered here, without Rasa (service/phone/delivery.py), so
the number or address they give is kept with the draft and never in the conversation.
"""

import hmac
from datetime import datetime, timezone
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Header, HTTPException, Request
from pydantic import BaseModel, Field, constr, root_validator

from phone_channel.protocol import ssml
from stodkollen.core.i18n import N_, translate

from ..dependencies import AppSettings, Rasa, Store
from ..drafts.lifecycle import request_delivery
from ..drafts.model import DELETED
from ..drafts.store import DraftStore
from ..errors import request_lang
from ..nlg.handoff import LANSSTYRELSEN_PHONE, spoken_phone_number
from ..phone.callers import caller_hash
from ..phone.calls import Call, CallStore, new_conversation_id
from ..phone.delivery import DeliveryDialogue, Heard, Offer
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


def _spoken_reply(call_id: str, texts: list[str], lang: str, expected_input: str = "speech",
                  hang_up: bool = False, transfer: bool = False) -> dict:
    return {"call_id": call_id, "text": " ".join(texts), "ssml": ssml(texts, lang),
            "expected_input": expected_input, "hang_up": hang_up, "transfer": transfer}


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
        return _spoken_reply(turn.call_id, [text], turn.lang, transfer=True)
    if (offered := reply.pop("delivery_offer", None)) is not None:
        calls.save_offer(Offer(call.call_id, offered["reference"], held_back=offered["held_back"]))
    return {"call_id": turn.call_id, **reply}
