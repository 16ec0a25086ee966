"""Drafts in PostgreSQL (psycopg2, which Rasa's SQL tracker store installs): the store for more
than one service process or machine. Chosen by STODKOLLEN_DRAFTS_DB_URL
(postgresql://user:password@host:5432/db); see `open_store`.

Same behaviour as the SQLite store (service/drafts/sqlite.py): every write is one transaction,
the reference comes from the row's id in the same transaction, and a deleted draft keeps only
its reference, status and times. PostgreSQL does not overwrite deleted rows at once the way
SQLite's `secure_delete` does: autovacuum reclaims them, and the database's disks must be
encrypted (service/README.md, "Production topology").
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import psycopg2
import psycopg2.extras
import psycopg2.pool

from stodkollen.core.settings import Settings

from .model import DELETED, DRAFT, HANDED_OVER, Draft, NewDraft
from .sqlite import SqliteDraftStore, reference_for
from .store import DraftStore

# Steps of the schema, applied once each and recorded in schema_migrations; add, never edit.
MIGRATIONS: list[tuple[int, str, str]] = [
    (1, "drafts", """
        CREATE TABLE drafts (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            reference TEXT UNIQUE,
            token_hash TEXT UNIQUE,
            sender TEXT,
            for_caseworker BOOLEAN NOT NULL,
            status TEXT NOT NULL,
            ruleset_id TEXT,
            facts JSONB,
            result JSONB,
            supports JSONB NOT NULL,
            attachments JSONB NOT NULL,
            applicant JSONB,
            created_at TIMESTAMPTZ NOT NULL,
            expires_at TIMESTAMPTZ NOT NULL,
            completed_at TIMESTAMPTZ,
            handed_over_at TIMESTAMPTZ,
            deleted_at TIMESTAMPTZ
        );
        CREATE INDEX drafts_expires_at ON drafts (expires_at);
        CREATE INDEX drafts_sender ON drafts (sender);
    """),
    (2, "delivery", "ALTER TABLE drafts ADD COLUMN delivery JSONB"),
    (3, "approximate_facts", "ALTER TABLE drafts ADD COLUMN approximate_facts JSONB"),
    (4, "form_answers", "ALTER TABLE drafts ADD COLUMN form_answers JSONB"),
    (5, "link_nonce", "ALTER TABLE drafts ADD COLUMN link_nonce TEXT"),
]
# One number for the lock every service process takes while migrating.
MIGRATION_LOCK = 7_346_120
SENDER_LOCK = 7_346_121  # with the sender's hash: one conversation's drafts are made one at a time
POOL_SIZE = 10
WIPED = {"token_hash": None, "sender": None, "facts": None, "result": None, "applicant": None,
         "delivery": None, "approximate_facts": None, "form_answers": None, "link_nonce": None,
         "supports": psycopg2.extras.Json([]),
         "attachments": psycopg2.extras.Json([])}


def _draft(row: dict) -> Draft:
    return Draft(**{key: row[key] for key in Draft.__dataclass_fields__})


class PostgresDraftStore(DraftStore):
    def __init__(self, url: str):
        # Times come back in UTC, as the SQLite store gives them.
        self.pool = psycopg2.pool.ThreadedConnectionPool(1, POOL_SIZE, url, options="-c timezone=UTC")
        self.migrate()

    @contextmanager
    def _transaction(self) -> Iterator[psycopg2.extras.RealDictCursor]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        connection = self.pool.getconn()
        try:
            with connection, connection.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cursor:
                yield cursor
        finally:
            self.pool.putconn(connection)

    def migrate(self) -> int:
        with self._transaction() as cursor:
            # Two processes starting at once: the second waits, then finds the steps applied.
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [MIGRATION_LOCK])
            cursor.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                           "name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
            cursor.execute("SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations")
            current = cursor.fetchone()["version"]
            for version, name, statements in MIGRATIONS:
                if version > current:
                    cursor.execute(statements)
                    cursor.execute("INSERT INTO schema_migrations (version, name) VALUES (%s, %s)",
                                   [version, name])
                    current = version
        return current

    def close(self) -> None:
        self.pool.closeall()

    def _one(self, where: str, params: list) -> Draft | None:
        with self._transaction() as cursor:
            cursor.execute(f"SELECT * FROM drafts WHERE {where}", params)
            row = cursor.fetchone()
        return _draft(row) if row else None

    def _update(self, draft_id: int, values: dict) -> Draft:
        assignments = ", ".join(f"{column} = %s" for column in values)
        with self._transaction() as cursor:
            cursor.execute(f"UPDATE drafts SET {assignments} WHERE id = %s RETURNING *",
                           [*values.values(), draft_id])
            return _draft(cursor.fetchone())

    def open_or_create(self, new: NewDraft) -> tuple[Draft, bool]:
        with self._transaction() as cursor:
            # One conversation's requests queue on this lock, so a second finds the first's draft.
            cursor.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [SENDER_LOCK, new.sender])
            cursor.execute("SELECT * FROM drafts WHERE sender = %s AND status = %s AND expires_at > %s "
                           "ORDER BY id LIMIT 1", [new.sender, DRAFT, new.created_at])
            if (row := cursor.fetchone()) is not None:
                return _draft(row), False
            cursor.execute(
                "INSERT INTO drafts (token_hash, sender, for_caseworker, status, ruleset_id, facts, result, "
                "supports, attachments, approximate_facts, form_answers, link_nonce, created_at, expires_at) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
                [new.token_hash, new.sender, new.for_caseworker, DRAFT, new.ruleset_id,
                 *(psycopg2.extras.Json(getattr(new, column))
                   for column in ("facts", "result", "supports", "attachments", "approximate_facts",
                                  "form_answers")),
                 new.link_nonce, new.created_at, new.expires_at])
            draft_id = cursor.fetchone()["id"]
            cursor.execute("UPDATE drafts SET reference = %s WHERE id = %s RETURNING *",
                           [reference_for(draft_id, new.created_at), draft_id])
            return _draft(cursor.fetchone()), True

    def refresh(self, draft: Draft, new: NewDraft, attachments: list[str]) -> Draft:
        return self._update(draft.id, {
            **{column: psycopg2.extras.Json(getattr(new, column))
               for column in ("facts", "result", "supports", "approximate_facts", "form_answers")},
            "ruleset_id": new.ruleset_id, "attachments": psycopg2.extras.Json(attachments),
            "for_caseworker": draft.for_caseworker or new.for_caseworker,
            **({} if draft.link_nonce else {"link_nonce": new.link_nonce, "token_hash": new.token_hash})})

    def by_token_hash(self, token_hash: str, now: datetime) -> Draft | None:
        return self._one("token_hash = %s AND status != %s AND expires_at > %s", [token_hash, DELETED, now])

    def by_reference(self, reference: str) -> Draft | None:
        return self._one("reference = %s", [reference])

    def listing(self, limit: int, offset: int = 0) -> list[Draft]:
        with self._transaction() as cursor:
            cursor.execute("SELECT * FROM drafts ORDER BY id DESC LIMIT %s OFFSET %s", [limit, offset])
            return [_draft(row) for row in cursor.fetchall()]

    def complete(self, draft_id: int, applicant: dict, attachments: list[str], at: datetime) -> Draft:
        return self._update(draft_id, {"applicant": psycopg2.extras.Json(applicant),
                                       "attachments": psycopg2.extras.Json(attachments), "completed_at": at})

    def request_delivery(self, draft_id: int, delivery: dict) -> Draft:
        return self._update(draft_id, {"delivery": psycopg2.extras.Json(delivery)})

    def hand_over(self, draft_id: int, at: datetime) -> Draft:
        return self._update(draft_id, {"status": HANDED_OVER, "handed_over_at": at})

    def delete(self, draft_id: int, at: datetime) -> Draft:
        return self._update(draft_id, {**WIPED, "status": DELETED, "deleted_at": at})

    def expired(self, now: datetime) -> list[Draft]:
        with self._transaction() as cursor:
            cursor.execute("SELECT * FROM drafts WHERE expires_at <= %s", [now])
            return [_draft(row) for row in cursor.fetchall()]

    def remove(self, draft_ids: list[int]) -> None:
        if draft_ids:
            with self._transaction() as cursor:
                cursor.execute("DELETE FROM drafts WHERE id = ANY(%s)", [list(draft_ids)])

    def by_sender(self, sender: str) -> list[Draft]:
        with self._transaction() as cursor:
            cursor.execute("SELECT * FROM drafts WHERE sender = %s ORDER BY id", [sender])
            return [_draft(row) for row in cursor.fetchall()]

    def senders_in_use(self, senders: set[str], now: datetime) -> set[str]:
        if not senders:
            return set()
        with self._transaction() as cursor:
            cursor.execute("SELECT DISTINCT sender FROM drafts WHERE expires_at > %s AND sender = ANY(%s)",
                           [now, sorted(senders)])
            return {row["sender"] for row in cursor.fetchall()}


def open_store(settings: Settings) -> DraftStore:
    """PostgreSQL when STODKOLLEN_DRAFTS_DB_URL is set, else the SQLite file."""
    if settings.drafts_db_url:
        return PostgresDraftStore(settings.drafts_db_url)
    return SqliteDraftStore(settings.drafts_db, settings.drafts_db_max_mb)
