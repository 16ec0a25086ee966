"""Who may open the caseworker pages.

A sign-in form (/handlaggare/logga-in) checks one configured user and a PBKDF2 password
hash (make one with `stodkollen caseworker-password`) and starts a server-side session
(service/sessions.py). HTTP Basic is gone: a browser cannot log out of it, and it would send
the password with every cross-site form a caseworker's browser was tricked into posting; no
API client uses /handlaggare. Behind the county's single sign-on, set
STODKOLLEN_CASEWORKER_SSO_HEADER to the header the SSO proxy sets to the signed-in user; the
proxy must then be the only way in and must strip that header from what browsers send
(service/README.md).

Every caseworker form POST depends on `csrf_protected`: the form's hidden `csrf_token` must
be the session's own.
"""

import base64
import getpass
import hashlib
import hmac
import secrets
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from stodkollen.core.i18n import N_, translate
from stodkollen.core.settings import Settings

from .dependencies import AppSettings
from .pages import page
from .sessions import Caseworker, SessionStore

ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 600_000  # OWASP's figure for PBKDF2-HMAC-SHA256 (2023)
CASEWORKER_PREFIX = "/handlaggare"
LOGIN_PATH = f"{CASEWORKER_PREFIX}/logga-in"
# The cookie goes only to the caseworker pages.
SESSION_COOKIE = "stodkollen_handlaggare"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, iterations: int = ITERATIONS) -> str:
    """"pbkdf2_sha256$600000$<salt>$<hash>" (base64), for STODKOLLEN_CASEWORKER_PASSWORD_HASH."""
    salt = secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return f"{ALGORITHM}${iterations}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, encoded: str) -> bool:
    try:
        algorithm, iterations, salt, expected = encoded.split("$")
        digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), base64.b64decode(salt),
                                     int(iterations))
    except ValueError:  # no hash configured, or a malformed one: nobody gets in
        return False
    return algorithm == ALGORITHM and hmac.compare_digest(_b64(digest), expected)


def check_password(settings: Settings, user: str, password: str) -> bool:
    """The configured user and password; with no hash configured, nobody."""
    if not settings.caseworker_password_hash:
        return False
    user_ok = hmac.compare_digest(user.encode(), settings.caseworker_user.encode())
    return verify_password(password, settings.caseworker_password_hash) and user_ok


class SignInRequired(Exception):
    """No live session: the browser is sent to the sign-in form, and back here afterwards."""

    def __init__(self, next_path: str, expired: bool):
        self.next_path = next_path
        self.expired = expired


class CsrfRejected(Exception):
    """A form without its session's CSRF token: from another site, or from before a new sign-in."""


def get_sessions(request: Request) -> SessionStore:
    return request.app.state.caseworker_sessions


Sessions = Annotated[SessionStore, Depends(get_sessions)]


def current_caseworker(request: Request, settings: AppSettings, sessions: Sessions) -> Caseworker:
    if settings.caseworker_sso_header and request.headers.get(settings.caseworker_sso_header):
        return sessions.sso_caseworker(request.headers[settings.caseworker_sso_header])
    token = request.cookies.get(SESSION_COOKIE)
    caseworker = sessions.find(token) if token else None
    if caseworker is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInRequired(target, expired=token is not None)
    return caseworker


CurrentCaseworker = Annotated[Caseworker, Depends(current_caseworker)]


def csrf_protected(caseworker: CurrentCaseworker, csrf_token: Annotated[str, Form()] = "") -> Caseworker:
    """The one check every caseworker form POST goes through."""
    if not hmac.compare_digest(csrf_token.encode(), caseworker.csrf_token.encode()):
        raise CsrfRejected()
    return caseworker


FormCaseworker = Annotated[Caseworker, Depends(csrf_protected)]


def safe_next(path: str | None) -> str:
    """Back to a caseworker page only, never to another site ("//evil.example", "https://…")."""
    if path and (path == CASEWORKER_PREFIX
                 or path.startswith((f"{CASEWORKER_PREFIX}/", f"{CASEWORKER_PREFIX}?"))):
        return path
    return CASEWORKER_PREFIX


def sign_in_url(next_path: str | None = None, notice: str | None = None) -> str:
    query = {key: value for key, value in (("nasta", next_path), ("meddelande", notice)) if value}
    return f"{LOGIN_PATH}?{urlencode(query)}" if query else LOGIN_PATH


async def sign_in_required_handler(request: Request, exc: SignInRequired) -> RedirectResponse:
    return RedirectResponse(sign_in_url(exc.next_path, "utgangen" if exc.expired else None), status_code=303)


async def csrf_rejected_handler(request: Request, exc: CsrfRejected) -> HTMLResponse:
    return page("caseworker/problem.html", status_code=403,
                message=translate(N_("caseworker.csrf_rejected"), "sv"))


def install(app: FastAPI) -> None:
    app.add_exception_handler(SignInRequired, sign_in_required_handler)
    app.add_exception_handler(CsrfRejected, csrf_rejected_handler)


def session_store(settings: Settings) -> SessionStore:
    return SessionStore(settings.caseworker_sessions_db, idle_s=settings.caseworker_session_minutes * 60,
                        lifetime_s=settings.caseworker_session_max_hours * 3600)


def caseworker_password_command(args) -> int:
    """`stodkollen caseworker-password`: ask for a password twice, print its hash."""
    password = getpass.getpass("Lösenord för handläggarsidan: ")
    if len(password) < 12 or password != getpass.getpass("Samma lösenord igen: "):
        print("Lösenorden måste vara lika och minst 12 tecken.")
        return 2
    print(f"STODKOLLEN_CASEWORKER_PASSWORD_HASH='{hash_password(password)}'")
    return 0
