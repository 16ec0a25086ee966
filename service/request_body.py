"""Every request body checked before any route parses it: its size, and that its text is text.

An ASGI middleware, so that it runs before FastAPI reads the body and before the rate limit
(a route dependency, run only after the body is parsed): a client past its limit cannot make
us hold 100 MB either. A body over the limit (`STODKOLLEN_MAX_BODY_KB`, 64 kB; the caseworker's
scenario import takes more) gets 413 as soon as its Content-Length, or its bytes so far, say so.
Rasa asks /nlg for each reply with the whole conversation, which outgrows 64 kB in a long one:
the internal routes take up to INTERNAL_MAX_BYTES, from a caller showing the internal token.

JSON can carry a lone UTF-16 surrogate ("\\ud800"), which Python's json reads into a str that
no database, log or response can encode: 500s far from the cause. Such a body gets 422 naming
the field here, once, for every route, instead of a check in each model.

Having the body, it also notes the body's `lang` for `request_lang` (service/errors.py), so
that the routes' and the handlers' errors are in it, the rate limit's 429 included.
"""

import json
from collections.abc import Callable

from fastapi import Request
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from stodkollen.core.formatting import format_number
from stodkollen.core.i18n import N_, translate
from stodkollen.core.tokens import token_matches

from .errors import BODY_LANG, body_lang, field_label, request_lang

SURROGATES = range(0xD800, 0xE000)
INTERNAL_MAX_BYTES = 16 * 1024 * 1024  # a conversation of some thousand turns


def lone_surrogate_at(value, path: tuple = ()) -> tuple | None:
    """The path of the first string (or object key) in parsed JSON with a lone surrogate."""
    if isinstance(value, str):
        return path if any(ord(char) in SURROGATES for char in value) else None
    if isinstance(value, dict):
        for key, inner in value.items():
            found = lone_surrogate_at(key, (*path, key)) or lone_surrogate_at(inner, (*path, key))
            if found is not None:
                return found
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found = lone_surrogate_at(inner, (*path, index))
            if found is not None:
                return found
    return None


def _is_json(scope: Scope) -> bool:
    """What FastAPI parses as JSON: a JSON content type, or none at all."""
    headers = dict(scope.get("headers") or [])
    content_type = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
    return not content_type or content_type == b"application/json" or content_type.endswith(b"+json")


def _internal_token(scope: Scope) -> str | None:
    """The token an internal caller shows: X-Internal-Token, or `Authorization: Bearer`."""
    headers = dict(scope.get("headers") or [])
    given = headers.get(b"x-internal-token", b"").decode("latin-1")
    scheme, _, credentials = headers.get(b"authorization", b"").decode("latin-1").partition(" ")
    return given or (credentials.strip() if scheme.lower() == "bearer" else None)


class RequestBody:
    def __init__(self, app: ASGIApp, max_bytes: int, larger: dict[str, int] | None = None,
                 internal: tuple[str, ...] = (), internal_token: Callable[[], str] = str):
        self.app = app
        self.max_bytes = max_bytes
        self.larger = larger or {}  # path → its own limit
        self.internal = internal  # paths Rasa and the action server post to, with the token
        self.internal_token = internal_token

    def is_internal(self, scope: Scope) -> bool:
        return scope["path"] in self.internal and token_matches(_internal_token(scope), self.internal_token())

    def limit(self, scope: Scope, internal: bool) -> int:
        return INTERNAL_MAX_BYTES if internal else self.larger.get(scope["path"], self.max_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        internal = self.is_internal(scope)
        limit = self.limit(scope, internal)
        declared = dict(scope.get("headers") or []).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await self._too_large(scope, receive, send, limit)
            return
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            more = message.get("more_body", False)
            if size > limit:
                await self._too_large(scope, receive, send, limit)
                return
        body = b"".join(chunks)
        # Rasa's and the action server's bodies (up to 16 MB) are not parsed twice for a
        # language: they read no error message.
        if body and _is_json(scope) and not internal:
            scope.setdefault("state", {})[BODY_LANG] = body_lang(body)
        if body and _is_json(scope):
            field = self._not_unicode(body)
            if field is not None:
                lang = request_lang(Request(scope))
                message = translate(N_("error.request.not_unicode"), lang, field=field_label(field, lang))
                response = JSONResponse(status_code=422,
                                        content={"errors": [{"field": field, "message": message}]})
                await response(scope, receive, send)
                return
        await self.app(scope, self._replay(body, receive), send)

    @staticmethod
    def _not_unicode(body: bytes) -> str | None:
        """The dotted field holding a lone surrogate ("" for the body itself), or None."""
        if b"\\u" not in body and b"\\U" not in body:
            return None  # raw surrogates are no UTF-8: the body's decoding refuses those (400)
        try:
            parsed = json.loads(body)
        except ValueError:  # not JSON at all: the route says so in its own words
            return None
        path = lone_surrogate_at(parsed)
        if path is None:
            return None
        # A key may be the culprit: name it with the surrogate shown as "?", which can be sent.
        return ".".join(str(part).encode("utf-8", "replace").decode() for part in path)

    @staticmethod
    async def _too_large(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        lang = request_lang(Request(scope))
        response = JSONResponse(status_code=413, content={"detail": translate(
            N_("error.request.too_large"), lang, limit=format_number(limit // 1024, lang))})
        response.headers["connection"] = "close"  # what is left of the body is not read
        await response(scope, receive, send)

    @staticmethod
    def _replay(body: bytes, receive: Receive) -> Receive:
        """The body read here, once, for the route; then the client's own messages (disconnect)."""
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        return replay
