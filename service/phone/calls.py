"""Which conversation a call belongs to, kept in a small SQLite file in the data folder
(settings.phone_calls_db). Callers are known by the salted hash of their number only.

A caller maps to one conversation, so that a call back resumes it; a call remembers its
conversation and whether it has ended, and, while the caller is choosing how to get a draft's
link (service/phone/delivery.py), where that choice stands. An address waiting for its yes is
the only personal data here, and it goes when the offer is settled or the call ends. Rows
older than the drafts' retention time are removed, like the conversations they point to.
"""

import json
import secrets
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path

from ..drafts.sqlite_db import connection, write_transaction
from .delivery import Offer


@dataclass(frozen=True)
class Call:
    call_id: str
    conversation_id: str
    caller_hash: str | None
    ended: bool


def new_conversation_id() -> str:
    return f"phone-{secrets.token_hex(12)}"


class CallStore:
    def __init__(self, path: Path, retention_days: int):
        self.path = path
        self.retention = timedelta(days=retention_days)
        path.parent.mkdir(parents=True, exist_ok=True)
        with connection(path) as db, write_transaction(db):
            db.execute("CREATE TABLE IF NOT EXISTS callers (caller_hash TEXT PRIMARY KEY, "
                       "conversation_id TEXT NOT NULL, last_call_at TEXT NOT NULL)")
            db.execute("CREATE TABLE IF NOT EXISTS calls (call_id TEXT PRIMARY KEY, "
                       "conversation_id TEXT NOT NULL, caller_hash TEXT, "
                       "started_at TEXT NOT NULL, ended_at TEXT)")
            db.execute("CREATE TABLE IF NOT EXISTS delivery_offers (call_id TEXT PRIMARY KEY, "
                       "offer TEXT NOT NULL)")

    def call(self, call_id: str) -> Call | None:
        with connection(self.path) as db:
            row = db.execute("SELECT call_id, conversation_id, caller_hash, ended_at "
                             "FROM calls WHERE call_id = ?", [call_id]).fetchone()
        return Call(*row[:3], ended=row[3] is not None) if row else None

    def conversation_of(self, caller_hash: str) -> str | None:
        with connection(self.path) as db:
            row = db.execute("SELECT conversation_id FROM callers WHERE caller_hash = ?",
                             [caller_hash]).fetchone()
        return row[0] if row else None

    def start(self, call_id: str, conversation_id: str, caller_hash: str | None, at: datetime) -> Call:
        """Record a new call (and, for a known number, that this caller's conversation is this
        one); forget what is older than the retention time."""
        stamp, cutoff = at.isoformat(), (at - self.retention).isoformat()
        with connection(self.path) as db, write_transaction(db):
            db.execute("DELETE FROM calls WHERE started_at < ?", [cutoff])
            db.execute("DELETE FROM callers WHERE last_call_at < ?", [cutoff])
            db.execute("DELETE FROM delivery_offers WHERE call_id NOT IN (SELECT call_id FROM calls)")
            db.execute("INSERT INTO calls (call_id, conversation_id, caller_hash, started_at) "
                       "VALUES (?, ?, ?, ?)", [call_id, conversation_id, caller_hash, stamp])
            if caller_hash:
                db.execute("INSERT INTO callers VALUES (?, ?, ?) ON CONFLICT (caller_hash) DO UPDATE SET "
                           "conversation_id = excluded.conversation_id, last_call_at = excluded.last_call_at",
                           [caller_hash, conversation_id, stamp])
        return Call(call_id, conversation_id, caller_hash, ended=False)

    def end(self, call_id: str, at: datetime) -> None:
        with connection(self.path) as db, write_transaction(db):
            db.execute("UPDATE calls SET ended_at = ? WHERE call_id = ? AND ended_at IS NULL",
                       [at.isoformat(), call_id])
            db.execute("DELETE FROM delivery_offers WHERE call_id = ?", [call_id])

    def offer(self, call_id: str) -> Offer | None:
        with connection(self.path) as db:
            row = db.execute("SELECT offer FROM delivery_offers WHERE call_id = ?", [call_id]).fetchone()
        return Offer(**json.loads(row[0])) if row else None

    def save_offer(self, offer: Offer) -> None:
        with connection(self.path) as db, write_transaction(db):
            db.execute("INSERT INTO delivery_offers VALUES (?, ?) ON CONFLICT (call_id) DO UPDATE SET "
                       "offer = excluded.offer",
                       [offer.call_id, json.dumps(asdict(offer), ensure_ascii=False)])

    def settle_offer(self, call_id: str) -> None:
        with connection(self.path) as db, write_transaction(db):
            db.execute("DELETE FROM delivery_offers WHERE call_id = ?", [call_id])
