"""The database file, for a multi-threaded bot.

Bolt runs listeners on worker threads, so no connection is shared between threads: a
:class:`Store` knows the file and hands out one connection per unit of work
(``with store.connect() as db: ...``). The file is in WAL mode so readers never block the
writer, and it is migrated once, when the store is opened.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from storage.db import open_database
from storage.migrations import migrate


class Store:
    """The database file: migrated once when opened, then a connection per unit of work."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.connect() as db:
            db.enable_wal()
            migrate(db)

    @contextmanager
    def connect(self) -> Iterator[Database]:
        db = open_database(self.path)
        try:
            yield db
        finally:
            db.close()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"
