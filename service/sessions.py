"""Caseworkers' sign-in sessions, kept on the server in a small SQLite file.

The browser holds only a random 256-bit token in an HttpOnly, SameSite=Strict cookie; the
server keeps its SHA-256, the user, when it began and when it was last used. Keeping the
session on the server (rather than signing its contents into the cookie) is what makes
"Logga ut" and the idle limit real: a copied cookie stops working the moment the session
ends, and nothing a browser holds can extend it.

Each session has its own CSRF token, written into every form as a hidden field. Behind the
county's SSO proxy we keep no session (the proxy does); the token is then an HMAC of the
signed-in user with a key that never leaves this file, which a foreign site cannot compute.
"""

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .drafts.sqlite_db import connection, write_transaction

TOKEN_BYTES = 32
# last_seen_at is written at most this often, so that reading pages is not a write each time.
TOUCH_EVERY_S = 30


@dataclass(frozen=True)
class Caseworker:
    """Who is signed in, the CSRF token their forms carry, and the cookie's token (None when
    the SSO proxy signed them in)."""

    user: str
    csrf_token: str
    session_token: str | None = None

    @property
    def via_sso(self) -> bool:
        return self.session_token is None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class SessionStore:
    def __init__(self, path: Path, idle_s: float, lifetime_s: float,
                 clock: Callable[[], float] = time.time):
        self.path = path
        self.idle_s = idle_s
        self.lifetime_s = lifetime_s
        self.clock = clock
        path.parent.mkdir(parents=True, exist_ok=True)
        with connection(path) as db, write_transaction(db):
            db.execute("CREATE TABLE IF NOT EXISTS sessions (token_hash TEXT PRIMARY KEY, "
                       "user TEXT NOT NULL, csrf_token TEXT NOT NULL, created_at REAL NOT NULL, "
                       "last_seen_at REAL NOT NULL)")
            db.execute("CREATE TABLE IF NOT EXISTS secret (id INTEGER PRIMARY KEY CHECK (id = 1), key TEXT)")
            db.execute("INSERT OR IGNORE INTO secret (id, key) VALUES (1, ?)", [secrets.token_hex(32)])
            self._key = db.execute("SELECT key FROM secret").fetchone()[0].encode()

    def start(self, user: str) -> Caseworker:
        """A new session for `user` (after a correct password); expired ones are cleared away."""
        token, csrf_token = secrets.token_urlsafe(TOKEN_BYTES), secrets.token_urlsafe(TOKEN_BYTES)
        now = self.clock()
        with connection(self.path) as db, write_transaction(db):
            db.execute("DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?",
                       [now - self.idle_s, now - self.lifetime_s])
            db.table("sessions").insert({"token_hash": _digest(token), "user": user, "csrf_token": csrf_token,
                                         "created_at": now, "last_seen_at": now})
        return Caseworker(user, csrf_token, token)

    def find(self, token: str) -> Caseworker | None:
        """The live session behind a cookie's token, now counted as used; None when unknown,
        ended, idle too long or too old."""
        now = self.clock()
        with connection(self.path) as db:
            rows = list(db.query("SELECT * FROM sessions WHERE token_hash = ?", [_digest(token)]))
            if not rows:
                return None
            row = rows[0]
            if row["last_seen_at"] < now - self.idle_s or row["created_at"] < now - self.lifetime_s:
                with write_transaction(db):
                    db.execute("DELETE FROM sessions WHERE token_hash = ?", [row["token_hash"]])
                return None
            if now - row["last_seen_at"] >= TOUCH_EVERY_S:
                with write_transaction(db):
                    db.execute("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?",
                               [now, row["token_hash"]])
        return Caseworker(row["user"], row["csrf_token"], token)

    def end(self, token: str) -> None:
        with connection(self.path) as db, write_transaction(db):
            db.execute("DELETE FROM sessions WHERE token_hash = ?", [_digest(token)])

    def sso_caseworker(self, user: str) -> Caseworker:
        csrf_token = hmac.new(self._key, f"sso:{user}".encode(), hashlib.sha256).hexdigest()
        return Caseworker(user, csrf_token)
