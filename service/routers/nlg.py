"""POST /nlg: Rasa's natural language generation endpoint (endpoints.yml `nlg:`).

Rasa asks for each response by name with the whole tracker; the reply follows Rasa's
`nlg_response_format_spec` (rasa/core/nlg/callback.py).
"""

from fastapi import APIRouter, HTTPException
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from service.nlg import UnknownResponse, render_response
from service.validated_json import validated_json

router = APIRouter(tags=["nlg"])


class OutputChannel(BaseModel):
    # Rasa's REST channel is "collector" whatever the user is on; the real channel is read
    # from the tracker (service/nlg/conversation.py).
    name: str | None = None


class NLGRequest(BaseModel):
    response: str = Field(..., description="The response to render, e.g. utter_greet.")
    arguments: dict = Field(default_factory=dict, description="Values the action passed, e.g. slot.")
    tracker: dict = Field(default_factory=dict, description="Rasa's tracker state (slots, latest_message).")
    channel: OutputChannel = Field(default_factory=OutputChannel)
    id: str | None = Field(None, description="Rasa's response variation id (unused).")


class Button(BaseModel):
    title: str
    payload: str


class NLGResponse(BaseModel):
    text: str
    buttons: list[Button] = Field(description="Empty on the phone, where choices are read out.")
    image: str | None = None
    elements: list[dict] = Field(default_factory=list)
    attachment: dict | None = None
    custom: dict = Field(default_factory=dict, description="progress, or the estimate as cards.")


@router.post("/nlg", response_model=NLGResponse)
async def generate_response(request: NLGRequest) -> JSONResponse:
    # Rendering is a little CPU and no I/O: done on the event loop, not in the thread pool.
    try:
        rendered = render_response(request.response, request.arguments, request.tracker)
    except UnknownResponse:
        raise HTTPException(status_code=404, detail=(
            f"No response named {request.response!r}: add it to service/nlg/responses.yml")) from None
    return validated_json(NLGResponse, rendered)
