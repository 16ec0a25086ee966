"""X-Request-ID: every request gets one (the caller's, when it is a plain short id, else a new
one), every log line written while answering it carries it (stodkollen/core/jsonlog.py), the
response returns it, and the service hands it on to Rasa, which hands it to the action server.
An ASGI middleware rather than an HTTP one, so that uvicorn's access line sees it too."""

import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from stodkollen.core.jsonlog import REQUEST_ID_HEADER, VALID_REQUEST_ID, request_id

HEADER = REQUEST_ID_HEADER.lower().encode()


def given_or_new(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == HEADER:
            given = value.decode("latin-1")
            if VALID_REQUEST_ID.match(given):
                return given
    return uuid.uuid4().hex


class RequestIds:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        current = given_or_new(scope)
        reset = request_id.set(current)

        async def with_header(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (HEADER, current.encode())]
            await send(message)

        try:
            await self.app(scope, receive, with_header)
        finally:
            request_id.reset(reset)
