"""422s that a shop owner (or the widget's developer) can act on: each problem as
{"field", "message"}, the message in the request's language (`request_lang`) and naming the
field — the same shape `stodkollen evaluate` prints for bad facts. And the 503 when a database
cannot be written (full, read-only, locked too long): what happened and what to do, never a
bare 500.

Every error is in the language the request asked for, by one rule (`request_lang`), the
errors of a body that cannot be read included: the widget sends its language both in the
body and in `Accept-Language`, so that a 400, 413 or 422 for a broken body is in it too."""

import json
import logging
import sqlite3
from http import HTTPStatus

from fastapi import Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from stodkollen.core.i18n import DEFAULT_LANGUAGE, LANGUAGES, N_, has_message, translate

from .nlg.handoff import LANSSTYRELSEN_PHONE

log = logging.getLogger(__name__)

REQUEST_PARTS = ("body", "query", "path", "header")
# FastAPI's own words for a body that is not JSON text at all (bytes that are not UTF-8, say).
BODY_NOT_PARSED = "There was an error parsing the body"
MESSAGES = {  # pydantic's error type → message
    "value_error.missing": N_("error.request.missing"),
    "value_error.any_str.max_length": N_("error.request.too_long"),
    "value_error.any_str.min_length": N_("error.request.empty"),
    "value_error.extra": N_("error.request.unknown_field"),
}


# Starlette's own words for an address no route has, or a method it does not take.
ROUTING_MESSAGES = {
    (404, HTTPStatus.NOT_FOUND.phrase): N_("error.request.not_found"),
    (405, HTTPStatus.METHOD_NOT_ALLOWED.phrase): N_("error.request.method_not_allowed"),
}
# Where RequestBody (which reads every body before any route) leaves the body's `lang`.
BODY_LANG = "body_lang"


def _ours(lang) -> str | None:
    return lang if lang in LANGUAGES else None


def body_lang(body: bytes) -> str | None:
    """The `lang` of a JSON object body, when it is one of ours; None for any body that cannot
    be read (not JSON, not UTF-8, nested past the parser's depth, no such field)."""
    if b'"lang"' not in body:  # most bodies never name it: no need to parse them here
        return None
    try:
        parsed = json.loads(body)
    except (ValueError, RecursionError):
        return None
    return _ours(parsed.get("lang")) if isinstance(parsed, dict) else None


def accepted_language(header: str) -> str | None:
    """The first of our languages in an Accept-Language header, by q-value, then by order:
    "en-GB,en;q=0.9" → en, "de,en;q=0.5" → en, "de" or "*" → None."""
    ranked = []
    for position, part in enumerate(header.split(",")):
        tag, *parameters = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        lang = _ours(tag.split("-")[0].lower())
        if lang and 0 < quality <= 1:  # q=0 is "not this one"; nan and the like are no answer
            ranked.append((-quality, position, lang))
    return min(ranked)[2] if ranked else None


def request_lang(request: Request) -> str:
    """The language of everything a request is answered with, errors included. The body's
    `lang` when the body could be read; else `?lang` (an address chosen for a language, like an
    English draft link); else `Accept-Language`, which the widget sends with every request so
    that the answer to a body that cannot be read is in its language too; else Swedish."""
    return (request.scope.get("state", {}).get(BODY_LANG)
            or _ours(request.query_params.get("lang"))
            or accepted_language(request.headers.get("accept-language", ""))
            or DEFAULT_LANGUAGE)


def field_name(loc: tuple) -> str:
    parts = loc[1:] if loc and loc[0] in REQUEST_PARTS else loc
    return ".".join(str(part) for part in parts)


def field_label(field: str, lang: str) -> str:
    """The form's own label where the field has one ("Organisationsnummer"), else its name."""
    label_id = f"draft.field.{field}"
    if has_message(label_id, lang):
        return translate(label_id, lang)
    return translate(N_("error.request.field"), lang, name=field)


def problem(error: dict, lang: str) -> dict:
    """One pydantic error as {"field", "message"}; our own validators raise a message id."""
    field = field_name(error["loc"])
    if not field:
        return {"field": "", "message": translate(N_("error.request.body"), lang)}
    if error["type"] == "value_error" and has_message(error["msg"], lang):
        return {"field": field, "message": translate(error["msg"], lang)}
    message_id = MESSAGES.get(error["type"], N_("error.request.invalid"))
    limit = (error.get("ctx") or {}).get("limit_value", "")
    return {"field": field,
            "message": translate(message_id, lang, field=field_label(field, lang), limit=limit)}


def problems(errors: list[dict], lang: str) -> list[dict]:
    return [problem(error, lang) for error in errors]


def json_syntax_problem(position: int, document, lang: str) -> dict:
    """Where the JSON text breaks, as a person counts: line and column from 1 (not "Fältet ”34”",
    a byte offset that reads like a field's name)."""
    text = document if isinstance(document, str) else ""
    line = text.count("\n", 0, position) + 1
    column = position - text.rfind("\n", 0, position)
    return {"field": "", "message": translate(N_("error.request.json_syntax"), lang,
                                              line=line, column=column)}


async def validation_error_handler(request: Request, exc: RequestValidationError) -> JSONResponse:
    lang = request_lang(request)
    errors = exc.errors()
    syntax = [error for error in errors if error.get("type") == "json_invalid"]
    if syntax:  # FastAPI's report of a body that is no JSON: its loc is ("body", offset)
        return JSONResponse(status_code=422, content={"errors": [
            json_syntax_problem(syntax[0]["loc"][-1], exc.body, lang)]})
    return JSONResponse(status_code=422, content={"errors": problems(errors, lang)})


async def http_error_handler(request: Request, exc: HTTPException):
    """FastAPI's and Starlette's English (an unreadable body, an unknown address, a method a
    route does not take) in our words and the request's language; every other HTTPException
    as is (ours are translated where they are raised)."""
    if exc.status_code == 400 and exc.detail == BODY_NOT_PARSED:
        return JSONResponse(status_code=400, content={"detail": translate(N_("error.request.body"),
                                                                          request_lang(request))})
    message_id = ROUTING_MESSAGES.get((exc.status_code, exc.detail)) if isinstance(exc.detail, str) else None
    if message_id:
        return JSONResponse(status_code=exc.status_code, headers=exc.headers, content={
            "detail": translate(message_id, request_lang(request), method=request.method)})
    return await http_exception_handler(request, exc)


async def storage_error_handler(request: Request, exc: sqlite3.Error) -> JSONResponse:
    """SQLite rolled the write back whole; say so, and that trying again later is safe."""
    # The error's kind and SQLite's own words only: they name no person or answer.
    log.error("storage error on %s %s: %s: %s", request.method, request.url.path, type(exc).__name__, exc)
    return JSONResponse(status_code=503, content={"detail": translate(
        N_("error.storage_unavailable"), request_lang(request), phone=LANSSTYRELSEN_PHONE)})
