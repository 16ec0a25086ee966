"""/handlaggare: the caseworkers' list of drafts by reference, and one draft with its facts,
result, the applicant's details and the conversation that produced it (read from Rasa).
Signed-in caseworkers only (service/caseworkers.py)."""

import re
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from fastapi.concurrency import run_in_threadpool
from markupsafe import Markup

from stodkollen.core.i18n import N_, translate
from workbench.markdown import render_markdown

from ..caseworkers import CurrentCaseworker
from ..dependencies import Handoff, Rasa, Store
from ..drafts.model import DELETED
from ..pages import page
from ..rasa import RasaUnavailable

router = APIRouter(prefix="/handlaggare", tags=["caseworker"], include_in_schema=False)
PAGE_SIZE = 100
SPEAKERS = ("user", "bot")
# An address in the rendered Markdown, as workbench/markdown.py writes it: its text is escaped.
LINK = re.compile(r'<a href="[^"]*">(.*?)</a>')


def bot_said(text: str) -> Markup:
    """The bot's Markdown as the page shows it, with every address as plain text: a reply may
    repeat what the user typed (a place, an address), and no click on a caseworker's page
    should follow a link a user chose."""
    return Markup(LINK.sub(r"\1", str(render_markdown(text))))


def conversation_lines(tracker: dict) -> list[dict]:
    """What was said, in order: the user's words and the bot's replies (Markdown, rendered by the
    page). A click on a button reaches Rasa as its payload ("/affirm"): it is shown as the
    button's title, as the user saw it. A payload no button offered (the widget's "/greet" when
    it opens, the phone's "/silence") is nobody's words, so it is left out."""
    lines: list[dict] = []
    offered: dict[str, str] = {}  # payload → title of the buttons since the user last spoke
    for event in tracker.get("events", []):
        kind, text = event.get("event"), event.get("text")
        if kind == "bot":
            offered.update({button["payload"]: button["title"]
                            for button in (event.get("data") or {}).get("buttons") or []
                            if button.get("payload") and button.get("title")})
        if kind not in SPEAKERS or not text:
            continue
        if kind == "user":
            text, offered = (offered.get(text) if text.startswith("/") else text), {}
        if text:
            lines.append({"speaker": kind, "text": text, "html": bot_said(text) if kind == "bot" else None})
    return lines


@router.get("")
def drafts(store: Store, caseworker: CurrentCaseworker, offset: Annotated[int, Query(ge=0)] = 0):
    return page("caseworker/list.html", drafts=store.listing(PAGE_SIZE, offset), offset=offset,
                page_size=PAGE_SIZE, caseworker=caseworker)


@router.get("/{reference}")
async def draft(reference: str, store: Store, handoff: Handoff, rasa: Rasa, caseworker: CurrentCaseworker):
    found = await run_in_threadpool(store.by_reference, reference)
    if found is None:
        raise HTTPException(status_code=404, detail=translate(N_("caseworker.no_draft"), "sv",
                                                              reference=reference))
    if found.status == DELETED:
        return page("caseworker/draft.html", draft=found, instructions=None, conversation=None,
                    caseworker=caseworker)
    try:
        conversation = conversation_lines(await rasa.tracker(found.sender))
    except RasaUnavailable:
        conversation = None  # the page says the conversation could not be fetched
    return page("caseworker/draft.html", draft=found, instructions=handoff.instructions(found),
                conversation=conversation, caseworker=caseworker)
