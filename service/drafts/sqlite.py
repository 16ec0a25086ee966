"""Drafts in a local SQLite file (sqlite-utils): the store used today."""

import json
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from .migrations import migrate
from .model import DELETED, DRAFT, HANDED_OVER, Draft, NewDraft
from .sqlite_db import connection, write_transaction
from .store import DraftStore

JSON_COLUMNS = ("facts", "result", "supports", "attachments", "applicant", "delivery", "approximate_facts",
                "form_answers")
TIME_COLUMNS = ("created_at", "expires_at", "completed_at", "handed_over_at", "deleted_at")
# What a deleted draft keeps: its reference, status and times; nothing the applicant gave.
WIPED = {"token_hash": None, "sender": None, "facts": None, "result": None, "applicant": None,
         "delivery": None, "approximate_facts": None, "form_answers": None, "link_nonce": None,
         "supports": "[]", "attachments": "[]"}


def _time(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def _draft(row: dict) -> Draft:
    values = {key: row[key] for key in Draft.__dataclass_fields__}
    for column in JSON_COLUMNS:
        values[column] = json.loads(row[column]) if row[column] is not None else None
    for column in TIME_COLUMNS:
        values[column] = datetime.fromisoformat(row[column]) if row[column] else None
    values["for_caseworker"] = bool(row["for_caseworker"])
    return Draft(**values)


def reference_for(draft_id: int, created_at: datetime) -> str:
    """"SK-2026-000123": read out on the phone and typed into a search field by caseworkers."""
    return f"SK-{created_at.year}-{draft_id:06d}"


class SqliteDraftStore(DraftStore):
    def __init__(self, path: Path, max_mb: int = 0):
        self.path = path
        self.max_mb = max_mb  # 0: no cap (settings.drafts_db_max_mb)
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connection() as db:
            db.enable_wal()  # readers never wait for the one writer
            migrate(db)

    def _connection(self) -> AbstractContextManager[Database]:
        return connection(self.path, self.max_mb)

    def _one(self, where: str, params: list) -> Draft | None:
        with self._connection() as db:
            rows = list(db.query(f"SELECT * FROM drafts WHERE {where}", params))
        return _draft(rows[0]) if rows else None

    def _update(self, draft_id: int, values: dict) -> Draft:
        with self._connection() as db, write_transaction(db):
            db.table("drafts").update(draft_id, values)
            return _draft(db.table("drafts").get(draft_id))

    def open_or_create(self, new: NewDraft) -> tuple[Draft, bool]:
        row = {"token_hash": new.token_hash, "sender": new.sender, "for_caseworker": int(new.for_caseworker),
               "status": DRAFT, "ruleset_id": new.ruleset_id, "link_nonce": new.link_nonce,
               **{column: json.dumps(getattr(new, column), ensure_ascii=False)
                  for column in ("facts", "result", "supports", "attachments", "approximate_facts",
                                 "form_answers")},
               "created_at": _time(new.created_at), "expires_at": _time(new.expires_at)}
        # BEGIN IMMEDIATE: a second request for the same conversation waits, then finds this one.
        with self._connection() as db, write_transaction(db):
            open_drafts = list(db.query(
                "SELECT * FROM drafts WHERE sender = ? AND status = ? AND expires_at > ? ORDER BY id LIMIT 1",
                [new.sender, DRAFT, _time(new.created_at)]))
            if open_drafts:
                return _draft(open_drafts[0]), False
            draft_id = db.table("drafts").insert(row).last_pk
            db.table("drafts").update(draft_id, {"reference": reference_for(draft_id, new.created_at)})
            return _draft(db.table("drafts").get(draft_id)), True

    def refresh(self, draft: Draft, new: NewDraft, attachments: list[str]) -> Draft:
        return self._update(draft.id, {
            **{column: json.dumps(getattr(new, column), ensure_ascii=False)
               for column in ("facts", "result", "supports", "approximate_facts", "form_answers")},
            "ruleset_id": new.ruleset_id, "attachments": json.dumps(attachments),
            "for_caseworker": int(draft.for_caseworker or new.for_caseworker),
            **({} if draft.link_nonce else {"link_nonce": new.link_nonce, "token_hash": new.token_hash})})

    def by_token_hash(self, token_hash: str, now: datetime) -> Draft | None:
        return self._one("token_hash = ? AND status != ? AND expires_at > ?",
                         [token_hash, DELETED, _time(now)])

    def by_reference(self, reference: str) -> Draft | None:
        return self._one("reference = ?", [reference])

    def listing(self, limit: int, offset: int = 0) -> list[Draft]:
        with self._connection() as db:
            return [_draft(row) for row in db.query(
                "SELECT * FROM drafts ORDER BY id DESC LIMIT ? OFFSET ?", [limit, offset])]

    def complete(self, draft_id: int, applicant: dict, attachments: list[str], at: datetime) -> Draft:
        return self._update(draft_id, {"applicant": json.dumps(applicant, ensure_ascii=False),
                                       "attachments": json.dumps(attachments), "completed_at": _time(at)})

    def request_delivery(self, draft_id: int, delivery: dict) -> Draft:
        return self._update(draft_id, {"delivery": json.dumps(delivery, ensure_ascii=False)})

    def hand_over(self, draft_id: int, at: datetime) -> Draft:
        return self._update(draft_id, {"status": HANDED_OVER, "handed_over_at": _time(at)})

    def delete(self, draft_id: int, at: datetime) -> Draft:
        return self._update(draft_id, {**WIPED, "status": DELETED, "deleted_at": _time(at)})

    def expired(self, now: datetime) -> list[Draft]:
        with self._connection() as db:
            return [_draft(row) for row in db.query("SELECT * FROM drafts WHERE expires_at <= ?",
                                                    [_time(now)])]

    def remove(self, draft_ids: list[int]) -> None:
        if not draft_ids:
            return
        with self._connection() as db, write_transaction(db):
            db.execute(f"DELETE FROM drafts WHERE id IN ({', '.join('?' * len(draft_ids))})", draft_ids)

    def by_sender(self, sender: str) -> list[Draft]:
        with self._connection() as db:
            return [_draft(row) for row in db.query("SELECT * FROM drafts WHERE sender = ? ORDER BY id",
                                                    [sender])]

    def senders_in_use(self, senders: set[str], now: datetime) -> set[str]:
        if not senders:
            return set()
        with self._connection() as db:
            rows = db.execute(f"SELECT DISTINCT sender FROM drafts WHERE expires_at > ? AND sender IN "
                              f"({', '.join('?' * len(senders))})", [_time(now), *senders]).fetchall()
        return {row[0] for row in rows}
