"""/api/v1/drafts: application drafts. The action server creates them (with the internal
secret); everything else is reached with the draft's link token, as on the draft page."""

from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Depends, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, constr

from rules_engine import FactsError
from stodkollen.core.settings import Settings

from ..dependencies import AppSettings, Handoff, LiveDraft, Store, Tracker, internal_caller
from ..drafts.handoff import package
from ..drafts.lifecycle import complete_draft, create_draft, delete_draft
from ..drafts.model import Applicant
from ..json_object import JsonObject
from ..metrics import METRICS
from ..nlg.values import FORM_ONLY_KINDS

router = APIRouter(prefix="/api/v1/drafts", tags=["drafts"])
NOT_FOUND = {404: {"description": "No live draft has this token."}}


class DraftCreate(BaseModel):
    sender: constr(min_length=1, max_length=128) = Field(..., description="Rasa's conversation id.")
    facts: JsonObject = Field(..., description="The facts contract; the service runs the engine on them.")
    for_caseworker: bool = Field(False, description="Saved from \"Prata med en person\".")
    approximate_facts: list[constr(max_length=100)] = Field(
        [], max_items=100, description="Fact paths whose number was given as an estimate "
        "(\"runt tre miljoner\"); shown with \"ca\" on the draft pages, never seen by the rules.")
    form_answers: dict[Literal[tuple(FORM_ONLY_KINDS)], constr(strip_whitespace=True, max_length=200)] = \
        Field({}, description="The form's answers that are no engine facts, by slot: who is asking "
        "(\"store\", \"municipality\", …) and the locality's name (\"Ammarnäs\").")

    class Config:
        extra = "forbid"


class DraftCreated(BaseModel):
    reference: str = Field(..., example="SK-2026-000123")
    token: str = Field(..., description="The link's secret (256 bits); shown once, stored only hashed.")
    url: str = Field(..., description="The draft page.")


class Attachment(BaseModel):
    id: str
    name: str


class DraftOut(BaseModel):
    reference: str
    status: str
    created_at: datetime
    expires_at: datetime
    ruleset_id: str
    supports: list[str]
    attachments: list[Attachment]
    applicant: dict | None
    facts: dict
    approximate_facts: list[str] = Field([], description="Facts whose number was given as an estimate.")
    form_answers: dict[str, str] = Field({}, description="Who is asking and the locality, by slot.")
    result: dict


def draft_url(settings: Settings, token: str) -> str:
    return f"{settings.public_url}/utkast/{token}"


@router.post("", status_code=201, response_model=DraftCreated, dependencies=[Depends(internal_caller)],
             responses={401: {"description": "Not the action server."}, 422: {"description": "Bad facts."}})
def create(request: DraftCreate, store: Store, settings: AppSettings):
    try:
        draft, token = create_draft(store, request.facts, sender=request.sender,
                                    for_caseworker=request.for_caseworker, link_key=settings.draft_link_key,
                                    approximate_facts=request.approximate_facts,
                                    form_answers=request.form_answers,
                                    retention_days=settings.draft_retention_days)
    except FactsError as error:
        return JSONResponse(status_code=422, content={"errors": error.errors})
    METRICS.count("stodkollen_drafts_created_total", for_caseworker=str(request.for_caseworker).lower())
    return {"reference": draft.reference, "token": token, "url": draft_url(settings, token)}


@router.get("/{token}", response_model=DraftOut, responses=NOT_FOUND)
def read(draft: LiveDraft, handoff: Handoff, response: Response) -> dict:
    # Personal data once the applicant has filled in the page: never kept by a cache.
    response.headers["Cache-Control"] = "no-store"
    return package(draft, handoff.instructions(draft))


@router.get("/{token}/export", responses=NOT_FOUND)
def export(draft: LiveDraft, handoff: Handoff) -> JSONResponse:
    """The whole draft with the instructions for Min ansökan, as a file to keep."""
    return JSONResponse(package(draft, handoff.instructions(draft)),
                        headers={"Content-Disposition": f'attachment; filename="{draft.reference}.json"',
                                 "Cache-Control": "no-store"})


@router.put("/{token}/applicant", response_model=DraftOut, responses=NOT_FOUND)
def complete(applicant: Applicant, draft: LiveDraft, store: Store, handoff: Handoff) -> dict:
    """What the draft page's form sends: the applicant, with consent to keep it until expiry."""
    completed = complete_draft(store, draft, applicant)
    return package(completed, handoff.instructions(completed))


@router.delete("/{token}", status_code=204, responses=NOT_FOUND)
def delete(draft: LiveDraft, store: Store, tracker: Tracker) -> Response:
    delete_draft(store, tracker, draft)
    return Response(status_code=204)
