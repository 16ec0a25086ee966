"""Connections and write transactions on the drafts' SQLite file."""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

BUSY_TIMEOUT_S = 10


@contextmanager
def connection(path: Path, max_mb: int = 0) -> Iterator[Database]:
    """One connection per unit of work: the service answers requests on many threads, and a
    sqlite3 connection belongs to the thread that made it. `max_mb` caps the file's size."""
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S)
    # Deleted personal data is overwritten, not left in free pages of the file.
    conn.execute("PRAGMA secure_delete = ON")
    if max_mb:
        # Past the cap SQLite refuses the write ("database or disk is full") and rolls the
        # transaction back whole, as it would on a full disk.
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {max_mb * 1024 * 1024 // page_size}")
    try:
        yield Database(conn, execute_plugins=False)
    finally:
        conn.close()


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """BEGIN IMMEDIATE takes the write lock first, so that what a transaction reads stays true
    until it commits; all of it is written, or none (sqlite-utils nests savepoints inside)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.conn.rollback()
        raise
    db.conn.commit()
