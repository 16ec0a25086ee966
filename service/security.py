"""Security headers on every response, and the per-client rate limits of the public routes.

The Content-Security-Policy allows scripts and styles from our own origin only, plus the
inline ones we ship ourselves, by their SHA-256 (the demo page's configuration snippet and
style, and the inline parts of FastAPI's /docs and /redoc pages). A script injected into a page
has no matching hash and does not run. `frame-ancestors` names who may frame our pages:
ourselves, and the county sites in STODKOLLEN_FRAME_ANCESTORS. The widget itself is a script a
county loads into its own page, so its own CSP applies there, not ours.
"""

import base64
import hashlib
import hmac
import re
from pathlib import Path

from fastapi import Depends, HTTPException, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from stodkollen.core.i18n import N_, translate
from stodkollen.core.settings import Settings

from .errors import request_lang
from .ratelimit import RateLimiter

WIDGET_DIR = Path(__file__).resolve().parent / "widget"  # web_widget/, linked into the package
INLINE = re.compile(r"<(script|style)(?![^>]*\bsrc=)[^>]*>(.*?)</\1>", re.DOTALL | re.IGNORECASE)
# FastAPI's documentation pages load Swagger UI and ReDoc from this CDN.
DOCS_CDN = "https://cdn.jsdelivr.net"
DOCS_PATHS = ("/docs", "/redoc")


def inline_hashes(html: str) -> dict[str, list[str]]:
    """CSP sources ('sha256-…') for each inline <script> and <style> in a page we ship."""
    hashes: dict[str, list[str]] = {"script": [], "style": []}
    for kind, body in INLINE.findall(html):
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        hashes[kind.lower()].append(f"'sha256-{digest}'")
    return hashes


def _policy(frame_ancestors: tuple[str, ...], scripts: list[str], styles: list[str],
            extra_sources: str = "") -> str:
    extra = f" {extra_sources}" if extra_sources else ""
    return "; ".join([
        "default-src 'self'",
        " ".join(["script-src 'self'", *scripts]) + extra,
        " ".join(["style-src 'self'", *styles]) + extra,
        "img-src 'self' data:" + extra,
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors " + " ".join(frame_ancestors or ("'self'",)),
    ])


def content_security_policies(settings: Settings, title: str) -> tuple[str, str]:
    """(the policy of every page, the policy of the API documentation pages)."""
    demo = inline_hashes((WIDGET_DIR / "demo.html").read_text(encoding="utf-8"))
    pages = _policy(settings.frame_ancestors, demo["script"], demo["style"])
    docs = {"script": [], "style": []}
    for html in (get_swagger_ui_html(openapi_url="/openapi.json", title=f"{title} - Swagger UI",
                                     oauth2_redirect_url="/docs/oauth2-redirect"),
                 get_redoc_html(openapi_url="/openapi.json", title=f"{title} - ReDoc")):
        for kind, hashes in inline_hashes(html.body.decode("utf-8")).items():
            docs[kind] += hashes
    # ReDoc's web fonts, and the FastAPI logo both pages show as their icon.
    documentation = _policy(settings.frame_ancestors, docs["script"], docs["style"],
                            f"{DOCS_CDN} https://fonts.googleapis.com https://fastapi.tiangolo.com")
    return pages, documentation.replace("font-src 'self'", "font-src 'self' https://fonts.gstatic.com")


class SecurityHeaders:
    """An ASGI middleware: the headers go on every response, errors and static files included."""

    def __init__(self, app: ASGIApp, settings: Settings, title: str):
        self.app = app
        pages, documentation = content_security_policies(settings, title)
        common = [(b"x-content-type-options", b"nosniff"),
                  # Full address to ourselves, nothing to other sites: draft links carry their token.
                  (b"referrer-policy", b"same-origin"),
                  (b"permissions-policy", b"camera=(), microphone=(), geolocation=()")]
        self.headers = [*common, (b"content-security-policy", pages.encode())]
        self.documentation_headers = [*common, (b"content-security-policy", documentation.encode())]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        documentation = scope["path"].startswith(DOCS_PATHS)
        added = self.documentation_headers if documentation else self.headers

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _value in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *(header for header in added if header[0] not in present)]
            await send(message)

        await self.app(scope, receive, with_headers)


def _internal_caller(request: Request) -> None:
    """Rasa (asking for responses) and Prometheus show the internal token: X-Internal-Token,
    or `Authorization: Bearer <token>`."""
    given = request.headers.get("x-internal-token") or ""
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    if not given and scheme.lower() == "bearer":
        given = credentials.strip()
    expected = request.app.state.settings.internal_token
    if not given or not hmac.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(status_code=401, detail=translate(N_("api.error.internal_caller"),
                                                              request_lang(request)))


internal_only = Depends(_internal_caller)


def client_key(request: Request) -> str:
    """The client's address: behind a trusted proxy, the one it names (service/client_address.py)."""
    return request.client.host if request.client else "unknown"


def rate_limited(name: str):
    """A route dependency: at most `request.app.state.rate_limits[name]` requests a minute per
    client, else 429 with Retry-After and a message in the request's language (the body's
    `lang`, as the widget sends it: service/errors.py, `request_lang`)."""

    async def check(request: Request) -> None:  # no I/O: on the event loop, not the thread pool
        limiter: RateLimiter = request.app.state.rate_limits[name]
        key = client_key(request)
        if limiter.allow(key):
            return
        seconds = limiter.retry_after(key)
        raise HTTPException(status_code=429, headers={"Retry-After": str(seconds)}, detail=translate(
            N_("api.error.rate_limited"), request_lang(request), seconds=seconds))

    return Depends(check)


def rate_limiters(settings: Settings) -> dict[str, RateLimiter]:
    return {"chat": RateLimiter(settings.rate_limit_chat_per_minute),
            "evaluate": RateLimiter(settings.rate_limit_evaluate_per_minute)}
