"""/handlaggare: the caseworkers' list of drafts by reference, and one draft with its facts,
result, the applicant's details and the conversation that produced it (read from Rasa)."""

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.concurrency import run_in_threadpool

from stodkollen.i18n import N_, translate

from ..caseworkers import current_caseworker
from ..dependencies import get_handoff, get_rasa, get_store
from ..drafts.handoff import MinAnsokanHandoff
from ..drafts.model import DELETED
from ..drafts.store import DraftStore
from ..pages import page
from ..rasa import RasaClient, RasaUnavailable

router = APIRouter(prefix="/handlaggare", tags=["caseworker"], include_in_schema=False,
                   dependencies=[Depends(current_caseworker)])
PAGE_SIZE = 100
SPEAKERS = ("user", "bot")


def conversation_lines(tracker: dict) -> list[dict]:
    """What was said, in order: the user's words and the bot's replies."""
    return [{"speaker": event["event"], "text": event["text"], "timestamp": event.get("timestamp")}
            for event in tracker.get("events", []) if event.get("event") in SPEAKERS and event.get("text")]


@router.get("")
def drafts(offset: int = Query(0, ge=0), store: DraftStore = Depends(get_store)):
    return page("caseworker/list.html", drafts=store.listing(PAGE_SIZE, offset), offset=offset,
                page_size=PAGE_SIZE)


@router.get("/{reference}")
async def draft(reference: str, store: DraftStore = Depends(get_store),
                handoff: MinAnsokanHandoff = Depends(get_handoff), rasa: RasaClient = Depends(get_rasa)):
    found = await run_in_threadpool(store.by_reference, reference)
    if found is None:
        raise HTTPException(status_code=404, detail=translate(N_("caseworker.no_draft"), "sv",
                                                              reference=reference))
    conversation = None
    if found.status != DELETED and found.sender:
        try:
            conversation = conversation_lines(await rasa.tracker(found.sender))
        except RasaUnavailable:
            conversation = None  # the page says the conversation could not be fetched
    instructions = handoff.instructions(found) if found.status != DELETED else None
    return page("caseworker/draft.html", draft=found, instructions=instructions, conversation=conversation)
