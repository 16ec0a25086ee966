"""Can each store the stack depends on be read, for real? For /health/stack.

Drafts, Rasa's conversations (trackers) and the phone calls each live in a database: SQLite
files under the data folder, or PostgreSQL. A check opens it as its users do, reads a row of
its main table (a corrupt file fails here: "database disk image is malformed") and, for
SQLite, runs `PRAGMA quick_check`, which reads every page. A lock past the short timeout is a
failure too: the users of the store would wait as long and then fail.
"""

from pathlib import Path

import sqlalchemy

from stodkollen.core.settings import Settings

TIMEOUT_S = 2
QUICK_CHECK_OK = [("ok",)]


def store_urls(settings: Settings) -> dict[str, tuple[str, str]]:
    """Each store's SQLAlchemy URL and its main table."""
    drafts = settings.drafts_db_url or f"sqlite:///{Path(settings.drafts_db).resolve()}"
    return {"drafts": (drafts, "drafts"),
            "trackers": (settings.tracker_sqlalchemy_url, "events"),
            "phone_calls": (f"sqlite:///{Path(settings.phone_calls_db).resolve()}", "calls")}


def _sqlite_file(url: str) -> Path | None:
    return Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None


def check(url: str, table: str) -> str:
    """"ok", "missing" (a SQLite file not made yet: nothing stored so far), or "error"."""
    sqlite_file = _sqlite_file(url)
    if sqlite_file is not None and not sqlite_file.exists():
        return "missing"  # made by its first write; reading would create an empty file here
    connect_args = {"timeout": TIMEOUT_S} if sqlite_file else {"connect_timeout": TIMEOUT_S}
    engine = sqlalchemy.create_engine(url, connect_args=connect_args, poolclass=sqlalchemy.pool.NullPool)
    try:
        with engine.connect() as connection:
            if sqlalchemy.inspect(connection).has_table(table):
                connection.execute(sqlalchemy.text(f"SELECT * FROM {table} LIMIT 1")).all()
            if sqlite_file and connection.exec_driver_sql("PRAGMA quick_check").all() != QUICK_CHECK_OK:
                return "error"
        return "ok"
    except sqlalchemy.exc.SQLAlchemyError:
        return "error"
    finally:
        engine.dispose()


def check_stores(settings: Settings) -> dict[str, str]:
    return {name: check(url, table) for name, (url, table) in store_urls(settings).items()}
