"""The database file, for a multi-threaded bot.

Bolt, the outbox worker and the modal pool run on threads, and no connection is ever shared
between threads: each thread has its own, opened the first time it needs one and kept for
the next unit of work (``with store.connect() as db: ...``), so a request does not pay for
opening a connection, or for the checkpoint SQLite makes when the last one closes. The file
is in WAL mode so readers never block the writer, and it is migrated once, when the store is
opened.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from storage.db import open_database, share_write_lock
from storage.migrations import migrate


class Store:
    """The database file: migrated once when opened, then one connection per thread."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._write_lock = threading.RLock()  # writers of this process queue here first
        self._local = threading.local()
        with self.connect() as db:
            db.enable_wal()
            migrate(db)

    @contextmanager
    def connect(self) -> Iterator[Database]:
        """This thread's connection, for one unit of work."""
        db = getattr(self._local, "db", None)
        if db is None:
            db = share_write_lock(open_database(self.path), self._write_lock)
            self._local.db, self._local.depth = db, 0
        self._local.depth += 1
        try:
            yield db
        finally:
            self._local.depth -= 1
            if self._local.depth == 0 and db.conn.in_transaction:
                db.conn.rollback()  # a unit never leaves a transaction open for the next

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"
