"""Which conversation a call belongs to, kept in a small SQLite file in the data folder
(settings.phone_calls_db). Callers are known by the salted hash of their number only.

A call remembers its conversation, whether it has ended, where its own bookkeeping stands
(CallState: the code prompt, the last reply for "upprepa", reprompts in a row) and, while the
caller is choosing how to get a draft's link (service/phone/delivery.py), where that choice
stands. A conversation with answers has a resume code (service/phone/resume.py), kept with the
hash of the number it was given to; wrong codes are counted per number, across calls. An
address waiting for its yes is the only personal data here, and it goes when the offer is
settled or the call ends. Rows older than the drafts' retention time are removed, like the
conversations they point to.
"""

import json
import secrets
from dataclasses import asdict, dataclass, field
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


@dataclass(frozen=True)
class CallState:
    """The route's bookkeeping for one call (service/routers/phone.py)."""
    awaiting_code: bool = False  # the caller is asked for a resume code
    code_prompts: int = 0  # code prompts that got no code and no "ny"
    last_reply: dict = field(default_factory=dict)  # {"texts": [...], "expected_input": ...}
    reprompts: int = 0  # reprompts in a row of the question below
    question: str | None = None  # the question those reprompts were about
    result_said: bool = False  # the estimate has been said: it can be sent by sms
    sms_confirming: bool = False  # the caller was asked whether to send it to their number
    closed_sms_offered: bool = False  # the line is closed: the number and hours by sms?
    held: list = field(default_factory=list)  # sentences of a long reply still to say (parts.py)
    held_expected: str | None = None  # what that reply listens for once it is all said


def new_conversation_id() -> str:
    return f"phone-{secrets.token_hex(12)}"


class CallStore:
    def __init__(self, path: Path, retention_days: int):
        self.path = path
        self.retention = timedelta(days=retention_days)
        path.parent.mkdir(parents=True, exist_ok=True)
        with connection(path) as db, write_transaction(db):
            # Once, a number alone found its conversation again; no longer (issue 15).
            db.execute("DROP TABLE IF EXISTS callers")
            db.execute("CREATE TABLE IF NOT EXISTS resume_codes (conversation_id TEXT PRIMARY KEY, "
                       "caller_hash TEXT NOT NULL, code TEXT NOT NULL, created_at TEXT NOT NULL)")
            db.execute("CREATE TABLE IF NOT EXISTS code_failures (caller_hash TEXT NOT NULL, "
                       "at TEXT NOT NULL)")
            db.execute("CREATE TABLE IF NOT EXISTS call_states (call_id TEXT PRIMARY KEY, "
                       "state TEXT NOT NULL)")
            db.execute("CREATE TABLE IF NOT EXISTS calls (call_id TEXT PRIMARY KEY, "
                       "conversation_id TEXT NOT NULL, caller_hash TEXT, "
                       "started_at TEXT NOT NULL, ended_at TEXT)")
            db.execute("CREATE TABLE IF NOT EXISTS delivery_offers (call_id TEXT PRIMARY KEY, "
                       "offer TEXT NOT NULL)")

    # --- retention (service/drafts/retention.py decides; these read and delete) -----------------

    def activity(self) -> dict[str, datetime]:
        """Each conversation with records here, and the last time a call or a code of it began
        or ended."""
        with connection(self.path) as db:
            rows = db.execute("SELECT conversation_id, MAX(COALESCE(ended_at, started_at)) FROM calls "
                              "GROUP BY conversation_id UNION ALL "
                              "SELECT conversation_id, created_at FROM resume_codes").fetchall()
        activity: dict[str, datetime] = {}
        for conversation_id, stamp in rows:
            at = datetime.fromisoformat(stamp)
            activity[conversation_id] = max(at, activity.get(conversation_id, at))
        return activity

    def forget(self, conversation_ids: set[str]) -> None:
        """Every call, code and offer of these conversations."""
        if not conversation_ids:
            return
        marks, ids = ", ".join("?" * len(conversation_ids)), sorted(conversation_ids)
        with connection(self.path) as db, write_transaction(db):
            db.execute(f"DELETE FROM calls WHERE conversation_id IN ({marks})", ids)
            db.execute(f"DELETE FROM resume_codes WHERE conversation_id IN ({marks})", ids)
            for table in ("delivery_offers", "call_states"):
                db.execute(f"DELETE FROM {table} WHERE call_id NOT IN (SELECT call_id FROM calls)")

    def call(self, call_id: str) -> Call | None:
        with connection(self.path) as db:
            row = db.execute("SELECT call_id, conversation_id, caller_hash, ended_at "
                             "FROM calls WHERE call_id = ?", [call_id]).fetchone()
        return Call(*row[:3], ended=row[3] is not None) if row else None

    def start(self, call_id: str, conversation_id: str, caller_hash: str | None, at: datetime) -> Call:
        """Record a new call; forget what is older than the retention time."""
        stamp, cutoff = at.isoformat(), (at - self.retention).isoformat()
        with connection(self.path) as db, write_transaction(db):
            db.execute("DELETE FROM calls WHERE started_at < ?", [cutoff])
            db.execute("DELETE FROM resume_codes WHERE created_at < ?", [cutoff])
            db.execute("DELETE FROM code_failures WHERE at < ?", [(at - timedelta(days=1)).isoformat()])
            for table in ("delivery_offers", "call_states"):
                db.execute(f"DELETE FROM {table} WHERE call_id NOT IN (SELECT call_id FROM calls)")
            db.execute("INSERT INTO calls (call_id, conversation_id, caller_hash, started_at) "
                       "VALUES (?, ?, ?, ?)", [call_id, conversation_id, caller_hash, stamp])
        return Call(call_id, conversation_id, caller_hash, ended=False)

    def switch_conversation(self, call: Call, conversation_id: str) -> Call:
        """The caller gave the right code: this call goes on with that conversation."""
        with connection(self.path) as db, write_transaction(db):
            db.execute("UPDATE calls SET conversation_id = ? WHERE call_id = ?",
                       [conversation_id, call.call_id])
        return Call(call.call_id, conversation_id, call.caller_hash, call.ended)

    # --- resume codes ----------------------------------------------------------------------

    def has_codes(self, caller_hash: str) -> bool:
        with connection(self.path) as db:
            return db.execute("SELECT 1 FROM resume_codes WHERE caller_hash = ?", [caller_hash]).fetchone() \
                is not None

    def conversation_with_code(self, caller_hash: str, code: str) -> str | None:
        """The newest conversation given this code from this number."""
        with connection(self.path) as db:
            row = db.execute("SELECT conversation_id FROM resume_codes WHERE caller_hash = ? AND code = ? "
                             "ORDER BY created_at DESC LIMIT 1", [caller_hash, code]).fetchone()
        return row[0] if row else None

    def code_of(self, conversation_id: str) -> str | None:
        with connection(self.path) as db:
            row = db.execute("SELECT code FROM resume_codes WHERE conversation_id = ?",
                             [conversation_id]).fetchone()
        return row[0] if row else None

    def keep_code(self, conversation_id: str, caller_hash: str, code: str, at: datetime) -> None:
        with connection(self.path) as db, write_transaction(db):
            db.execute("INSERT INTO resume_codes VALUES (?, ?, ?, ?) "
                       "ON CONFLICT (conversation_id) DO NOTHING",
                       [conversation_id, caller_hash, code, at.isoformat()])

    def code_failures(self, caller_hash: str, since: datetime) -> int:
        with connection(self.path) as db:
            return db.execute("SELECT COUNT(*) FROM code_failures WHERE caller_hash = ? AND at >= ?",
                              [caller_hash, since.isoformat()]).fetchone()[0]

    def record_code_failure(self, caller_hash: str, at: datetime) -> None:
        with connection(self.path) as db, write_transaction(db):
            db.execute("INSERT INTO code_failures VALUES (?, ?)", [caller_hash, at.isoformat()])

    def clear_code_failures(self, caller_hash: str) -> None:
        with connection(self.path) as db, write_transaction(db):
            db.execute("DELETE FROM code_failures WHERE caller_hash = ?", [caller_hash])

    # --- the route's bookkeeping per call ----------------------------------------------------

    def state(self, call_id: str) -> CallState:
        with connection(self.path) as db:
            row = db.execute("SELECT state FROM call_states WHERE call_id = ?", [call_id]).fetchone()
        return CallState(**json.loads(row[0])) if row else CallState()

    def save_state(self, call_id: str, state: CallState) -> None:
        with connection(self.path) as db, write_transaction(db):
            db.execute("INSERT INTO call_states VALUES (?, ?) ON CONFLICT (call_id) DO UPDATE SET "
                       "state = excluded.state", [call_id, json.dumps(asdict(state), ensure_ascii=False)])

    def end(self, call_id: str, at: datetime) -> None:
        with connection(self.path) as db, write_transaction(db):
            db.execute("UPDATE calls SET ended_at = ? WHERE call_id = ? AND ended_at IS NULL",
                       [at.isoformat(), call_id])
            db.execute("DELETE FROM delivery_offers WHERE call_id = ?", [call_id])
            db.execute("DELETE FROM call_states WHERE call_id = ?", [call_id])

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
