"""/handlaggare/logga-in and /handlaggare/logga-ut: the caseworkers' sign-in form and its session.

Failed sign-ins are limited per client address (STODKOLLEN_CASEWORKER_LOGIN_FAILURES_PER_MINUTE):
only failures count, so a room of caseworkers behind one office address signing in at the
start of a training day is never turned away, while guessing the password is slowed down
before any hash is computed.

The sign-in form has no session yet, so its CSRF token is a double submit: a random value in
a SameSite=Strict cookie for this address only, and the same in the form. Another site can
make a browser post the form but cannot read or set the cookie, so it cannot sign a
caseworker's browser in to an account of its choosing.
"""

import hmac
import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse

from stodkollen.core.i18n import N_, translate

from ..caseworkers import (
    LOGIN_PATH,
    SESSION_COOKIE,
    CsrfRejected,
    FormCaseworker,
    Sessions,
    check_password,
    safe_next,
    sign_in_url,
)
from ..dependencies import AppSettings
from ..pages import page
from ..ratelimit import RateLimiter
from ..security import client_key

router = APIRouter(tags=["caseworker"], include_in_schema=False)
LOGIN_CSRF_COOKIE = "stodkollen_inloggning"
NOTICES = {"utgangen": N_("caseworker.login.expired"), "utloggad": N_("caseworker.login.signed_out")}


def get_login_limiter(request: Request) -> RateLimiter:
    return request.app.state.login_limiter


LoginLimiter = Annotated[RateLimiter, Depends(get_login_limiter)]




def secure_cookies(settings) -> bool:
    return settings.public_url.startswith("https://")


def login_page(request: Request, settings, *, next_path: str, user: str = "", error: str | None = None,
               notice: str | None = None, status_code: int = 200):
    """The form, with its CSRF token: the browser's own when it has one, else a new one."""
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(32)
    response = page("caseworker/login.html", status_code=status_code, next_path=next_path, user=user,
                    error=error, notice=notice, configured=bool(settings.caseworker_password_hash),
                    login_path=LOGIN_PATH, csrf_token=token)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, path=LOGIN_PATH, httponly=True, samesite="strict",
                        secure=secure_cookies(settings))
    return response


@router.get(LOGIN_PATH)
def login_form(request: Request, settings: AppSettings, sessions: Sessions, nasta: str | None = None,
               meddelande: str | None = None):
    next_path = safe_next(nasta)
    token = request.cookies.get(SESSION_COOKIE)
    if token and sessions.find(token):  # already signed in
        return RedirectResponse(next_path, status_code=303)
    notice = translate(NOTICES[meddelande], "sv") if meddelande in NOTICES else None
    return login_page(request, settings, next_path=next_path, notice=notice)


@router.post(LOGIN_PATH)
async def login(request: Request, settings: AppSettings, sessions: Sessions, limiter: LoginLimiter,
                user: Annotated[str, Form(max_length=200)] = "",
                password: Annotated[str, Form(max_length=1000)] = "",
                nasta: Annotated[str, Form(max_length=2000)] = "",
                csrf_token: Annotated[str, Form(max_length=200)] = ""):
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not hmac.compare_digest(csrf_token.encode(), expected.encode()):
        raise CsrfRejected()
    next_path, client = safe_next(nasta), client_key(request)
    wait_s = limiter.retry_after(client)
    if wait_s:
        response = login_page(request, settings, next_path=next_path, user=user, status_code=429,
                              error=translate(N_("caseworker.login.too_many"), "sv", seconds=wait_s))
        response.headers["Retry-After"] = str(wait_s)
        return response
    # PBKDF2 takes a noticeable moment: off the event loop.
    if not await run_in_threadpool(check_password, settings, user, password):
        limiter.allow(client)  # counts the failure
        return login_page(request, settings, next_path=next_path, user=user, status_code=422,
                          error=translate(N_("caseworker.login.failed"), "sv"))
    caseworker = await run_in_threadpool(sessions.start, user)
    response = RedirectResponse(next_path, status_code=303)
    response.set_cookie(SESSION_COOKIE, caseworker.session_token, max_age=int(sessions.lifetime_s),
                        path="/handlaggare", httponly=True, samesite="strict",
                        secure=secure_cookies(settings))
    response.delete_cookie(LOGIN_CSRF_COOKIE, path=LOGIN_PATH)
    return response


@router.post("/handlaggare/logga-ut")
def logout(caseworker: FormCaseworker, sessions: Sessions):
    if caseworker.session_token:
        sessions.end(caseworker.session_token)
    response = RedirectResponse(sign_in_url(notice="utloggad"), status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/handlaggare")
    return response
