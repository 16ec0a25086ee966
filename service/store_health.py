"""Can each store the stack depends on be used, for real? For /health/stack.

Drafts, Rasa's conversations (trackers) and the phone calls each live in a database: SQLite
files under the data folder, or PostgreSQL. A check opens it as its users do and reads a row
of its main table (a corrupt file fails here: "database disk image is malformed"). A SQLite
file is also read whole (`PRAGMA quick_check`) and its write lock taken and let go at once
(`BEGIN IMMEDIATE`, `ROLLBACK`; nothing is written): in WAL mode a stuck writer blocks no
reader, only the next writer, which is what Rasa is on every turn. A lock held past the short
timeout is a failure: the store's users would wait as long and then fail.
"""

import sqlite3
from pathlib import Path

import sqlalchemy

from stodkollen.core.settings import Settings

TIMEOUT_S = 2


def store_urls(settings: Settings) -> dict[str, tuple[str, str]]:
    """Each store's SQLAlchemy URL and its main table."""
    drafts = settings.drafts_db_url or f"sqlite:///{Path(settings.drafts_db).resolve()}"
    return {"drafts": (drafts, "drafts"),
            "trackers": (settings.tracker_sqlalchemy_url, "events"),
            "phone_calls": (f"sqlite:///{Path(settings.phone_calls_db).resolve()}", "calls")}


def check_sqlite(path: Path, table: str) -> str:
    if not path.exists():
        return "missing"  # made by its first user; opening it here would make an empty one
    try:
        db = sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=TIMEOUT_S, isolation_level=None)
    except sqlite3.Error:
        return "error"
    try:
        if db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone():
            db.execute(f"SELECT * FROM {table} LIMIT 1").fetchall()
        if db.execute("PRAGMA quick_check").fetchall() != [("ok",)]:
            return "error"
        db.execute("BEGIN IMMEDIATE")
        db.execute("ROLLBACK")
        return "ok"
    except sqlite3.Error:
        return "error"
    finally:
        db.close()


def check_database(url: str, table: str) -> str:
    engine = sqlalchemy.create_engine(url, connect_args={"connect_timeout": TIMEOUT_S},
                                      poolclass=sqlalchemy.pool.NullPool)
    try:
        with engine.connect() as connection:
            if sqlalchemy.inspect(connection).has_table(table):
                connection.execute(sqlalchemy.text(f"SELECT * FROM {table} LIMIT 1")).all()
        return "ok"
    except sqlalchemy.exc.SQLAlchemyError:
        return "error"
    finally:
        engine.dispose()


def check(url: str, table: str) -> str:
    """"ok", "missing" (a SQLite file not made yet), or "error"."""
    if url.startswith("sqlite:///"):
        return check_sqlite(Path(url.removeprefix("sqlite:///")), table)
    return check_database(url, table)


def check_stores(settings: Settings) -> dict[str, str]:
    return {name: check(url, table) for name, (url, table) in store_urls(settings).items()}
