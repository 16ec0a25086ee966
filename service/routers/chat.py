"""POST /api/v1/chat: the web widget's way to the assistant, so the browser talks only to us.

Forwards to Rasa's REST channel with the channel and language in the metadata (where the
NLG and the session start read them), and returns the replies with the NLG's `custom` part
(progress, result cards) joined to the text it belongs to.
"""

from typing import Literal

import httpx
from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, Field, constr

from stodkollen.core.i18n import N_, translate
from stodkollen.core.settings import Settings

from ..dependencies import AppSettings, Rasa
from ..nlg.handoff import LANSSTYRELSEN_PHONE
from ..rasa import RasaUnavailable

router = APIRouter(prefix="/api/v1", tags=["chat"])


class ChatRequest(BaseModel):
    sender: constr(regex=r"^[A-Za-z0-9_-]{8,64}$") = Field(
        ..., description="The conversation's id, chosen by the widget (random; resumes the conversation).")
    message: constr(strip_whitespace=True, min_length=1, max_length=2000)
    lang: Literal["sv", "en"] = "sv"
    channel: Literal["web"] = "web"

    class Config:
        extra = "forbid"


class ChatMessage(BaseModel):
    text: str | None = None
    buttons: list[dict] = Field(default_factory=list)
    custom: dict | None = None


class ChatResponse(BaseModel):
    messages: list[ChatMessage]


def merge_custom(replies: list[dict]) -> list[dict]:
    """Rasa's REST channel sends a reply's `custom` as a message of its own after the text;
    the widget wants them together."""
    messages: list[dict] = []
    for reply in replies:
        if "custom" in reply and not reply.get("text") and messages and messages[-1]["custom"] is None:
            messages[-1]["custom"] = reply["custom"]
        else:
            messages.append({"text": reply.get("text"), "buttons": reply.get("buttons") or [],
                             "custom": reply.get("custom")})
    return messages


async def action_server_answers(settings: Settings) -> bool:
    try:
        async with httpx.AsyncClient(timeout=2) as client:
            response = await client.get(settings.actions_url.removesuffix("/webhook") + "/health")
    except httpx.HTTPError:
        return False
    return response.status_code == 200


@router.post("/chat", response_model=ChatResponse,
             responses={503: {"description": "The assistant or the action server cannot be reached; "
                                             "send the message again later."}})
async def chat(request: ChatRequest, rasa: Rasa, settings: AppSettings) -> dict:
    try:
        replies = await rasa.send(request.sender, request.message,
                                  {"channel": request.channel, "lang": request.lang})
    except RasaUnavailable:
        raise HTTPException(status_code=503, detail=translate(
            N_("chat.unavailable"), request.lang, phone=LANSSTYRELSEN_PHONE)) from None
    if not replies:
        # Every turn of our dialogue answers something. Silence means a custom action failed
        # and Rasa went on without it, dropping what the action would have set: the answer was
        # not taken (the earlier ones are kept), so the user may send it again.
        if not await action_server_answers(settings):
            # Down (restarting, say): a 503, which the widget sends again by itself, later.
            raise HTTPException(status_code=503, detail=translate(N_("chat.retry"), request.lang))
        # Up, so this answer made it fail: sending the same again would fail again.
        return {"messages": [{"text": translate(N_("chat.turn_failed"), request.lang), "buttons": [],
                              "custom": None}]}
    return {"messages": merge_custom(replies)}
