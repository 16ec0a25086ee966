"""POST /api/v1/chat: the web widget's way to the assistant, so the browser talks only to us.

Forwards to Rasa's REST channel with the channel and language in the metadata (where the
NLG and the session start read them), and returns the replies with the NLG's `custom` part
(progress, result cards) joined to the text it belongs to, and with the draft's link put in
where the NLG left its marker: the link holds a secret, so it is added here, after Rasa,
never kept in a conversation (service/nlg/drafts.py).
"""

import re
from typing import Literal

import httpx
from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, constr, validator

from stodkollen.core.i18n import N_, translate
from stodkollen.core.settings import Settings

from ..conversation_ids import WEB_SCHEMA, is_web
from ..dependencies import AppSettings, Rasa, Store, Tracker
from ..drafts.lifecycle import draft_link_token, now
from ..drafts.model import DRAFT
from ..drafts.store import DraftStore
from ..nlg.drafts import LINK_FOR, LINK_MARKER
from ..nlg.handoff import LANSSTYRELSEN_PHONE
from ..pages import lang_query
from ..rasa import RasaUnavailable
from ..validated_json import validated_json
from .drafts import draft_url

router = APIRouter(prefix="/api/v1", tags=["chat"])


class ChatRequest(BaseModel):
    sender: constr(regex=WEB_SCHEMA) = Field(
        ..., description="The conversation's id, chosen by the widget (random; resumes the conversation "
        "with its secret).")
    secret: constr(regex=r"^[A-Za-z0-9_-]{43}$") | None = Field(
        None, description="The conversation's secret, given with the reply to its first message; "
        "required from the second message on.")
    message: constr(strip_whitespace=True, min_length=1, max_length=2000)
    lang: Literal["sv", "en"] = "sv"
    channel: Literal["web"] = "web"

    class Config:
        extra = "forbid"

    @validator("sender")
    def _whole_id(cls, value: str) -> str:
        if not is_web(value):  # the pattern above allows a trailing newline
            raise ValueError(N_("error.chat.sender"))
        return value

    @validator("secret")
    def _whole_secret(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[A-Za-z0-9_-]{43}", value):
            raise ValueError(N_("error.chat.secret"))
        return value


class ChatMessage(BaseModel):
    text: str | None = None
    buttons: list[dict] = Field(default_factory=list)
    custom: dict | None = None


class ChatResponse(BaseModel):
    messages: list[ChatMessage]
    secret: str | None = Field(None, description="Only with the reply to a conversation's first message: "
                                                 "send it with every later message of the conversation.")


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


def draft_link(store: DraftStore, settings: Settings, reference: str, sender: str) -> str | None:
    """The link of this conversation's open draft with this reference, or None."""
    draft = store.by_reference(reference)
    if draft is None or draft.sender != sender or draft.status != DRAFT or draft.expires_at <= now():
        return None
    token = draft_link_token(settings.draft_link_key, draft)
    return draft_url(settings, token) if token else None


async def with_draft_links(messages: list[dict], sender: str, lang: str, store: DraftStore,
                           settings: Settings) -> list[dict]:
    """Each reply that names a draft with its link in place of the marker; one whose draft
    cannot be linked (deleted meanwhile, say) says the draft could not be made."""
    linked = []
    for message in messages:
        custom = message["custom"] or {}
        if LINK_FOR in custom:
            link = await run_in_threadpool(draft_link, store, settings, custom[LINK_FOR], sender)
            if link:  # the draft page in the conversation's language
                link += lang_query(lang)
            custom = {key: value for key, value in custom.items() if key != LINK_FOR}
            text = (message["text"] or "").replace(LINK_MARKER, link) if link else translate(
                N_("draft_reply.failed"), lang)
            message = {**message, "text": text, "custom": custom or None}
        linked.append(message)
    return linked


async def action_server_answers(settings: Settings) -> bool:
    try:
        async with httpx.AsyncClient(timeout=2) as client:
            response = await client.get(settings.actions_url.removesuffix("/webhook") + "/health")
    except httpx.HTTPError:
        return False
    return response.status_code == 200


@router.post("/chat", response_model=ChatResponse,
             responses={403: {"description": "The conversation is another browser's, or has ended: "
                                             "start a new one with a new id."},
                        503: {"description": "The assistant or the action server cannot be reached; "
                                             "send the message again later."}})
async def chat(request: ChatRequest, rasa: Rasa, settings: AppSettings, store: Store, tracker: Tracker,
               http: Request) -> dict | JSONResponse:
    admission = await run_in_threadpool(http.app.state.web_conversations.admit, request.sender,
                                        request.secret, tracker.has_conversation)
    if not admission.allowed:
        raise HTTPException(status_code=403, detail=translate(N_("chat.not_yours"), request.lang))
    # The first turn's secret goes with whatever the answer is, a 503 too: the widget sends
    # the message again, and by then it must show the secret.
    secret = {"secret": admission.new_secret} if admission.new_secret else {}
    try:
        replies = await rasa.send(request.sender, request.message,
                                  {"channel": request.channel, "lang": request.lang})
    except RasaUnavailable:
        return JSONResponse(status_code=503, content={"detail": translate(
            N_("chat.unavailable"), request.lang, phone=LANSSTYRELSEN_PHONE), **secret})
    if not replies:
        # Every turn of our dialogue answers something. Silence means a custom action failed
        # and Rasa went on without it, dropping what the action would have set: the answer was
        # not taken (the earlier ones are kept), so the user may send it again.
        if not await action_server_answers(settings):
            # Down (restarting, say): a 503, which the widget sends again by itself, later.
            return JSONResponse(status_code=503,
                                content={"detail": translate(N_("chat.retry"), request.lang), **secret})
        # Up, so this answer made it fail: sending the same again would fail again.
        return {"messages": [{"text": translate(N_("chat.turn_failed"), request.lang), "buttons": [],
                              "custom": None}], **secret}
    return validated_json(ChatResponse, {"messages": await with_draft_links(
        merge_custom(replies), request.sender, request.lang, store, settings), **secret})
