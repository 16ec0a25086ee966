"""The drafts database's schema, one numbered step at a time.

A step runs once, inside the same transaction as the row that records it in
`schema_migrations`, so a database is always at exactly one version. Never edit a step that
has shipped: add the next one.
"""

from collections.abc import Callable
from datetime import datetime, timezone

from sqlite_utils import Database

from .sqlite_db import write_transaction


def _create_drafts(db: Database) -> None:
    db.create_table("drafts", {
        "id": int, "reference": str, "token_hash": str, "sender": str, "for_caseworker": int,
        "status": str, "ruleset_id": str, "facts": str, "result": str, "supports": str,
        "attachments": str, "applicant": str, "created_at": str, "expires_at": str,
        "completed_at": str, "handed_over_at": str, "deleted_at": str,
    }, pk="id", not_null={"for_caseworker", "status", "supports", "attachments", "created_at",
                          "expires_at"})
    drafts = db.table("drafts")
    drafts.create_index(["reference"], unique=True)
    drafts.create_index(["token_hash"], unique=True)
    drafts.create_index(["expires_at"])
    drafts.create_index(["sender"])


def _add_delivery(db: Database) -> None:
    db.table("drafts").add_column("delivery", str)


def _add_approximate_facts(db: Database) -> None:
    db.table("drafts").add_column("approximate_facts", str)


def _add_form_answers(db: Database) -> None:
    db.table("drafts").add_column("form_answers", str)


def _add_link_nonce(db: Database) -> None:
    db.table("drafts").add_column("link_nonce", str)


MIGRATIONS: list[tuple[int, str, Callable[[Database], None]]] = [
    (1, "drafts", _create_drafts),
    (2, "delivery", _add_delivery),
    (3, "approximate_facts", _add_approximate_facts),
    (4, "form_answers", _add_form_answers),
    (5, "link_nonce", _add_link_nonce),
]


def current_version(db: Database) -> int:
    if "schema_migrations" not in db.table_names():
        return 0
    return db.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()[0]


def migrate(db: Database) -> int:
    """Bring the database to the latest version; returns it."""
    with write_transaction(db):
        db.create_table("schema_migrations", {"version": int, "name": str, "applied_at": str},
                        pk="version", if_not_exists=True)
    for version, name, step in MIGRATIONS:
        with write_transaction(db):
            # Checked inside the transaction: two processes starting at once apply a step once.
            if version <= current_version(db):
                continue
            step(db)
            db.table("schema_migrations").insert({
                "version": version, "name": name,
                "applied_at": datetime.now(timezone.utc).isoformat(timespec="seconds")})
    return current_version(db)
