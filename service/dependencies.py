"""What a route needs, taken from the application's state (set up in service/app.py), as
annotated types: `def read(draft: LiveDraft, handoff: Handoff)`.

A dependency that does no I/O is `async def`: FastAPI runs a plain `def` one in its thread pool,
a hop to another thread and back for every dependency of every request (several a turn)."""

import hmac
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request

from stodkollen.core.i18n import N_, translate
from stodkollen.core.settings import Settings

from .drafts.handoff import MinAnsokanHandoff
from .drafts.lifecycle import find_draft
from .drafts.model import Draft
from .drafts.store import DraftStore
from .drafts.tracker import TrackerEvents
from .errors import request_lang
from .rasa import RasaClient


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_store(request: Request) -> DraftStore:
    return request.app.state.store


async def get_tracker(request: Request) -> TrackerEvents:
    return request.app.state.tracker


async def get_handoff(request: Request) -> MinAnsokanHandoff:
    return request.app.state.handoff


async def get_rasa(request: Request) -> RasaClient:
    return request.app.state.rasa


AppSettings = Annotated[Settings, Depends(get_settings)]
Store = Annotated[DraftStore, Depends(get_store)]
Tracker = Annotated[TrackerEvents, Depends(get_tracker)]
Handoff = Annotated[MinAnsokanHandoff, Depends(get_handoff)]
Rasa = Annotated[RasaClient, Depends(get_rasa)]


def live_draft(token: str, store: Store, request: Request) -> Draft:
    """The draft behind the link's token; unknown, deleted and expired are one 404."""
    draft = find_draft(store, token)
    if draft is None:
        raise HTTPException(status_code=404, detail=translate(N_("api.error.no_draft"),
                                                              request_lang(request)))
    return draft


LiveDraft = Annotated[Draft, Depends(live_draft)]


SECRET_HEADER = Header(description="The action server's secret.")


async def internal_caller(settings: AppSettings, request: Request,
                          x_internal_token: Annotated[str | None, SECRET_HEADER] = None) -> None:
    """Only the action server creates drafts; it shows the shared secret (settings.internal_token)."""
    if not x_internal_token or not hmac.compare_digest(x_internal_token.encode(),
                                                       settings.internal_token.encode()):
        raise HTTPException(status_code=401, detail=translate(N_("api.error.internal_only"),
                                                              request_lang(request)))
