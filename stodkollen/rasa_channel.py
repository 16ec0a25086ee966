"""Rasa's REST channel with the internal token: `credentials.yml` names this class instead of
`rest`. Rasa's `--auth-token` guards its HTTP API but not the channels' webhooks, and only the
service may talk to the assistant (the widget and the phone go through it).

The webhook keeps its address (/webhooks/rest/webhook) and takes the token the way Rasa's API
does, as `?token=`. The request id the service sends in `X-Request-ID` marks every log line
Rasa writes for the turn (stodkollen/core/jsonlog.py).
"""

import logging

from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request

from .core.jsonlog import REQUEST_ID_HEADER, VALID_REQUEST_ID, request_id
from .core.settings import settings
from .core.tokens import token_matches
from .rasa_tracker_errors import answer_503_for_unsaved_turns, refuse_unsaved_turns

log = logging.getLogger(__name__)


class TokenRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def __init__(self, token: str | None = None):
        self.token = token or settings().internal_token

    def blueprint(self, on_new_message) -> Blueprint:
        # A turn the tracker store could not keep is a 503, not Rasa's 200 (rasa_tracker_errors.py).
        webhook = answer_503_for_unsaved_turns(super().blueprint(refuse_unsaved_turns(on_new_message)))

        @webhook.middleware("request")
        async def internal_callers_only(request: Request):
            given = request.headers.get(REQUEST_ID_HEADER, "")
            request_id.set(given if VALID_REQUEST_ID.match(given) else None)
            if not token_matches(request.args.get("token"), self.token):
                return response.json({"error": "unauthorized"}, status=401)
            # One line per turn, with its request id and nothing of what was said.
            log.info("turn received on the REST channel")
            return None

        return webhook

    def get_metadata(self, request: Request) -> dict | None:
        """The service's metadata (channel, language) with the turn's request id, which the
        action server reads from the latest message to mark its own log lines."""
        metadata = super().get_metadata(request)
        current = request_id.get()
        if current is None:
            return metadata
        return {**(metadata or {}), "request_id": current}
