"""A consistent copy of the database while the bot runs, with SQLite's online backup API.

``sqlite3.Connection.backup`` copies the pages as one reader sees them: a snapshot of the
last commit, never half a transaction, whatever other connections are writing. The copy is
written beside the target under a temporary name and renamed into place when whole, so a
failed or interrupted backup never leaves a file that looks like a good one.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from storage.db import BUSY_TIMEOUT_MS


class BackupError(RuntimeError):
    """The backup could not be made; ``str()`` says why in one line."""


def backup_database(source: str | Path, target: str | Path, *, force: bool = False) -> int:
    """Copy the database at `source` to `target`; the number of pages copied.

    Refuses to overwrite `target` unless `force`, and to read a `source` that does not
    exist (connecting would create an empty database there).
    """
    source, target = Path(source), Path(target)
    if not source.is_file():
        raise BackupError(f"{source}: no such database file")
    if target.exists() and not force:
        raise BackupError(f"{target} already exists; choose another name or use --force")
    if target.resolve() == source.resolve():
        raise BackupError(f"{target} is the database itself; choose another name")
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    os.close(os.open(partial, os.O_CREAT | os.O_WRONLY, 0o600))  # readable by its owner only
    reader = sqlite3.connect(str(source), timeout=BUSY_TIMEOUT_MS / 1000)
    copy = sqlite3.connect(str(partial))
    try:
        reader.backup(copy)
        pages = copy.execute("PRAGMA page_count").fetchone()[0]
        if copy.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError(f"{target}: the copy failed SQLite's integrity check")
        copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
    except BaseException:
        copy.close()
        partial.unlink(missing_ok=True)
        raise
    finally:
        reader.close()
    copy.close()
    os.replace(partial, target)
    return pages
