"""What a route needs, taken from the application's state (set up in service/app.py)."""

import hmac

from fastapi import Depends, Header, HTTPException, Request

from stodkollen.i18n import N_, translate
from stodkollen.settings import Settings

from .drafts.handoff import MinAnsokanHandoff
from .drafts.store import DraftStore
from .drafts.tracker import TrackerEvents
from .rasa import RasaClient


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_store(request: Request) -> DraftStore:
    return request.app.state.store


def get_tracker(request: Request) -> TrackerEvents:
    return request.app.state.tracker


def get_handoff(request: Request) -> MinAnsokanHandoff:
    return request.app.state.handoff


def get_rasa(request: Request) -> RasaClient:
    return request.app.state.rasa


def internal_caller(x_internal_token: str | None = Header(None, description="The action server's secret."),
                    settings: Settings = Depends(get_settings)) -> None:
    """Only the action server creates drafts; it shows the shared secret (settings.internal_token)."""
    if not x_internal_token or not hmac.compare_digest(x_internal_token.encode(),
                                                       settings.internal_token.encode()):
        raise HTTPException(status_code=401, detail=translate(N_("api.error.internal_only"), "sv"))
