"""Connections and write transactions on the drafts' SQLite file."""

import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

BUSY_TIMEOUT_S = 10


def private_file(path: Path) -> None:
    """The file for its owner only (0600), made so if it is not there yet: SQLite would make
    it as the umask allows (0644, often), and its -wal and -shm files take the database file's
    mode. An older file loses what group and others could do, and gains nothing."""
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        mode = stat.S_IMODE(os.stat(path).st_mode)
        if mode & 0o077:
            os.chmod(path, mode & 0o700)


@contextmanager
def connection(path: Path, max_mb: int = 0) -> Iterator[Database]:
    """One connection per unit of work: the service answers requests on many threads, and a
    sqlite3 connection belongs to the thread that made it. `max_mb` caps the file's size."""
    private_file(path)
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
