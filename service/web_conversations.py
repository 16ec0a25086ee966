"""Which browser a web conversation belongs to, kept in a small SQLite file in the data folder.

The widget picks a random conversation id, but an id is not proof: it travels in logs, links
and support tickets, and whoever sent `/prepare_draft` in someone else's conversation would
read every fact given. So the first turn of a conversation gets a secret (256 random bits)
with its reply, and every later turn must show it; only the secret's SHA-256 is kept here.

An id that is already a conversation in Rasa's tracker store (one begun before this check,
or on another channel) is refused without a secret: it cannot be claimed by whoever asks
first. Phone conversations are never reachable from the web: their ids have their own shape
(service/conversation_ids.py), which the web refuses.
"""

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .drafts.sqlite_db import connection, write_transaction

SECRET_BYTES = 32
FILE_NAME = "web_conversations.sqlite"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class Admission:
    """May this turn go on; the new secret when it is the conversation's first."""

    allowed: bool
    new_secret: str | None = None


class WebConversations:
    def __init__(self, path: Path, clock: Callable[[], float] = time.time):
        self.path = path
        self.clock = clock
        path.parent.mkdir(parents=True, exist_ok=True)
        with connection(path) as db, write_transaction(db):
            db.execute("CREATE TABLE IF NOT EXISTS conversations (sender TEXT PRIMARY KEY, "
                       "secret_hash TEXT NOT NULL, started_at REAL NOT NULL, last_turn_at REAL NOT NULL)")
            db.execute("CREATE INDEX IF NOT EXISTS conversations_last_turn ON conversations (last_turn_at)")

    @classmethod
    def in_folder(cls, data_dir: Path) -> "WebConversations":
        return cls(data_dir / FILE_NAME)

    def admit(self, sender: str, secret: str | None, known_elsewhere: Callable[[str], bool]) -> Admission:
        """A turn with its secret, or the first turn of a new conversation (which gets one);
        `known_elsewhere(sender)` says whether Rasa already has a conversation by that id."""
        now = self.clock()
        with connection(self.path) as db:
            row = db.execute("SELECT secret_hash FROM conversations WHERE sender = ?", [sender]).fetchone()
            if row is not None:
                if secret is None or not hmac.compare_digest(_digest(secret), row[0]):
                    return Admission(False)
                with write_transaction(db):
                    db.execute("UPDATE conversations SET last_turn_at = ? WHERE sender = ?", [now, sender])
                return Admission(True)
        if secret is not None or known_elsewhere(sender):
            return Admission(False)  # a secret for no conversation we know, or someone else's
        new_secret = secrets.token_urlsafe(SECRET_BYTES)
        with connection(self.path) as db, write_transaction(db):
            # Two first turns at once: the second finds the first's row and is refused.
            inserted = db.execute("INSERT OR IGNORE INTO conversations VALUES (?, ?, ?, ?)",
                                  [sender, _digest(new_secret), now, now]).rowcount
        return Admission(True, new_secret) if inserted else Admission(False)

    def last_turns(self) -> dict[str, float]:
        """Every conversation and when its last turn was (seconds since the epoch)."""
        with connection(self.path) as db:
            return dict(db.execute("SELECT sender, last_turn_at FROM conversations").fetchall())

    def forget(self, senders: set[str]) -> int:
        if not senders:
            return 0
        with connection(self.path) as db, write_transaction(db):
            return db.execute(f"DELETE FROM conversations WHERE sender IN ({', '.join('?' * len(senders))})",
                              sorted(senders)).rowcount
