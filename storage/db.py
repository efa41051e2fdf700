"""Opening the SQLite database safely for a multi-threaded bot.

Every connection has foreign keys on and a busy timeout; writes go through
:func:`transaction`, one unit of work each. :class:`storage.store.Store` hands out a
connection per unit of work, so no connection is shared between Bolt's worker threads.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

BUSY_TIMEOUT_MS = 5000


def now() -> str:
    """The current time as stored: ISO 8601, UTC, seconds."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def dicts(db: Database, sql: str, params: Sequence[object] = ()) -> list[dict[str, Any]]:
    """The rows of a query as dicts.

    Straight to the connection: sqlite-utils' ``execute_returning_dicts`` wraps every query
    in a SAVEPOINT and its RELEASE, two more statements each time.
    """
    cursor = db.conn.execute(sql, params)
    keys = [column[0] for column in cursor.description]
    return [dict(zip(keys, row, strict=True)) for row in cursor.fetchall()]


def prepare(db: Database) -> Database:
    """Set the per-connection pragmas every unit of work relies on.

    ``synchronous = FULL``: every commit waits for the disk, so a judgement the bot has
    acknowledged survives the bot being killed and a power cut too. (NORMAL, SQLite's advice
    for WAL, could lose the last commits in a power cut; FULL measured 0.26 ms a commit here
    and the load benchmark's targets still held.)
    """
    db.execute("PRAGMA foreign_keys = ON")
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA synchronous = FULL")
    return db


def open_database(path: str | Path) -> Database:
    """One connection to the file at `path`, prepared (not migrated)."""
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    return prepare(Database(conn))


def share_write_lock(db: Database, lock: threading.RLock) -> Database:
    """Make `db`'s write transactions take `lock`: one per database file in a process."""
    db._write_lock = lock  # type: ignore[attr-defined]
    return db


@contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """One write transaction; a nested call joins the outer one (its error rolls back all).

    ``BEGIN IMMEDIATE`` takes SQLite's write lock at the start, so writers never fail
    half-way with "database is locked". Within the bot's process, writers first queue on
    the store's own lock: SQLite's busy handler makes a waiting writer sleep in growing
    steps (up to 100 ms), so under load some would starve while others go ahead; a waiting
    thread wakes as soon as the lock is free. Other processes (the CLI) still wait on the
    busy timeout.
    """
    if db.conn.in_transaction:
        yield db
        return
    lock = getattr(db, "_write_lock", None) or _NO_LOCK
    with lock:
        begin_immediate(db)
        try:
            yield db
        except BaseException:
            db.conn.rollback()
            raise
        db.conn.commit()


def begin_immediate(db: Database) -> None:
    """Take SQLite's write lock, waiting for another process's writer in short steps.

    SQLite's own busy handler sleeps 1, 2, 5, 10 … 100 ms between tries, so a writer that
    arrives just after another process (the outbox's, a CLI) began a write of a fraction of
    a millisecond would sleep a whole millisecond or more, and a request waits with it. Here
    the handler is off for the BEGIN, which is tried again after 0.1 ms, doubling to 2 ms,
    for up to the same busy timeout.
    """
    db.conn.execute("PRAGMA busy_timeout = 0")
    try:
        deadline, pause = time.monotonic() + BUSY_TIMEOUT_MS / 1000, 0.0001
        while True:
            try:
                db.conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if error.sqlite_errorcode != sqlite3.SQLITE_BUSY or time.monotonic() > deadline:
                    raise
            time.sleep(pause)
            pause = min(pause * 2, 0.002)
    finally:
        db.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


class _NoLock:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


_NO_LOCK = _NoLock()


def run_script(db: Database, script: str) -> None:
    """Run SQL statements one by one inside the caller's transaction.

    ``sqlite3.Connection.executescript`` would COMMIT first, breaking the rule that a
    migration and its version record land together or not at all.
    """
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete SQL statement in migration: {statement.strip()[:60]}")
