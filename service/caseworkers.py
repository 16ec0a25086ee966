"""Who may open the caseworker pages.

Today: HTTP Basic against one configured user and a PBKDF2 password hash (make one with
`stodkollen caseworker-password`). Behind the county's single sign-on, set
STODKOLLEN_CASEWORKER_SSO_HEADER to the header the SSO proxy sets to the signed-in user; the
proxy must then be the only way in and must strip that header from what browsers send
(service/README.md).
"""

import base64
import getpass
import hashlib
import hmac
import secrets

from fastapi import HTTPException, Request

from stodkollen.i18n import N_, translate

from .dependencies import AppSettings

ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 600_000  # OWASP's figure for PBKDF2-HMAC-SHA256 (2023)
# Header values are Latin-1 on the wire: an ASCII realm reads the same in every browser.
REALM = "Stodkollen caseworkers"


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


def basic_credentials(request: Request) -> tuple[str, str] | None:
    """User and password from an HTTP Basic header, read as UTF-8 (RFC 7617), so that a
    password with å, ä or ö works; FastAPI's HTTPBasic accepts ASCII only."""
    scheme, _, encoded = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        user, separator, password = base64.b64decode(encoded, validate=True).decode("utf-8").partition(":")
    except ValueError:  # not base64, or not UTF-8
        return None
    return (user, password) if separator else None


def current_caseworker(request: Request, settings: AppSettings) -> str:
    if settings.caseworker_sso_header and request.headers.get(settings.caseworker_sso_header):
        return request.headers[settings.caseworker_sso_header]
    credentials = basic_credentials(request)
    if credentials and settings.caseworker_password_hash:
        user, password = credentials
        user_ok = hmac.compare_digest(user.encode(), settings.caseworker_user.encode())
        if verify_password(password, settings.caseworker_password_hash) and user_ok:
            return user
    raise HTTPException(status_code=401, detail=translate(N_("caseworker.unauthorized"), "sv"),
                        headers={"WWW-Authenticate": f'Basic realm="{REALM}", charset="UTF-8"'})


def caseworker_password_command(args) -> int:
    """`stodkollen caseworker-password`: ask for a password twice, print its hash."""
    password = getpass.getpass("Lösenord för handläggarsidan: ")
    if len(password) < 12 or password != getpass.getpass("Samma lösenord igen: "):
        print("Lösenorden måste vara lika och minst 12 tecken.")
        return 2
    print(f"STODKOLLEN_CASEWORKER_PASSWORD_HASH='{hash_password(password)}'")
    return 0
