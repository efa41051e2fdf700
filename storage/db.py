"""Opening the SQLite database safely for a multi-threaded bot.

Every connection has foreign keys on and a busy timeout; writes go through
:func:`transaction`, one unit of work each. :class:`storage.store.Store` hands out a
connection per unit of work, so no connection is shared between Bolt's worker threads.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

BUSY_TIMEOUT_MS = 5000


def now() -> str:
    """The current time as stored: ISO 8601, UTC, seconds."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def prepare(db: Database) -> Database:
    """Set the per-connection pragmas every unit of work relies on."""
    db.execute("PRAGMA foreign_keys = ON")
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return db


def open_database(path: str | Path) -> Database:
    """One connection to the file at `path`, prepared (not migrated)."""
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    return prepare(Database(conn))


@contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """One write transaction. Nested calls become savepoints of the outer one.

    ``BEGIN IMMEDIATE`` takes the write lock at the start, so two threads writing at once
    wait on the busy timeout instead of failing half-way with "database is locked".
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.conn.rollback()
        raise
    db.conn.commit()
