"""A backup is a consistent copy, made while other connections write."""

from __future__ import annotations

import sqlite3
import threading

import pytest

import storage
from storage.backup import BackupError, backup_database
from storage.store import Store


def school_names(path) -> list[str]:
    conn = sqlite3.connect(str(path))
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return [row[0] for row in conn.execute("SELECT name FROM schools ORDER BY id")]
    finally:
        conn.close()


@pytest.fixture
def live(tmp_path):
    """A database file in WAL mode, as the bot keeps it, with three schools."""
    path = tmp_path / "live.db"
    with Store(path).connect() as db:
        for name in ("Hillmead", "Oakfield", "Riverside"):
            storage.create_school(db, name, "U1")
    return path


def test_a_write_under_way_is_not_copied_and_every_commit_is(live, tmp_path):
    writer = storage.open_database(live)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute(
        "INSERT INTO schools (name, created_by, created_at) VALUES ('Half-made', 'U2', 'x')"
    )
    copy = tmp_path / "copy.db"
    backup_database(live, copy)
    writer.conn.commit()
    assert school_names(copy) == ["Hillmead", "Oakfield", "Riverside"]
    assert school_names(live)[-1] == "Half-made"  # the control: it was there to be copied
    assert not (tmp_path / "copy.db-wal").exists()  # the copy is one file


def test_a_copy_made_while_another_connection_keeps_writing_is_whole(live, tmp_path):
    stop, started, written = threading.Event(), threading.Event(), []

    def keep_writing() -> None:
        db = storage.open_database(live)
        n = 0
        while not stop.is_set() or n < 20:
            n += 1
            with storage.transaction(db):
                db.execute(
                    "INSERT INTO schools (name, created_by, created_at) VALUES (?, 'U2', 'x')",
                    [f"School {n}"],
                )
            written.append(n)
            if n == 10:
                started.set()
        db.close()

    thread = threading.Thread(target=keep_writing)
    thread.start()
    assert started.wait(30)  # some commits before the backup starts
    committed_before = len(written)
    copy = tmp_path / "copy.db"
    backup_database(live, copy)
    stop.set()
    thread.join()
    names = school_names(copy)
    copied = [name for name in names if name.startswith("School ")]
    assert names[:3] == ["Hillmead", "Oakfield", "Riverside"]
    # Every commit up to some moment, in order, with nothing missing in between.
    assert copied == [f"School {n}" for n in range(1, len(copied) + 1)]
    assert len(copied) >= committed_before


def test_an_existing_file_is_kept_unless_forced(live, tmp_path):
    copy = tmp_path / "copy.db"
    copy.write_text("an older backup")
    with pytest.raises(BackupError, match="already exists"):
        backup_database(live, copy)
    assert copy.read_text() == "an older backup"
    backup_database(live, copy, force=True)
    assert school_names(copy) == ["Hillmead", "Oakfield", "Riverside"]


def test_a_missing_database_or_the_database_itself_is_refused(live, tmp_path):
    with pytest.raises(BackupError, match="no such database file"):
        backup_database(tmp_path / "nowhere.db", tmp_path / "copy.db")
    assert not (tmp_path / "nowhere.db").exists()
    with pytest.raises(BackupError, match="the database itself"):
        backup_database(live, live, force=True)


def test_the_copy_is_readable_by_its_owner_only(live, tmp_path):
    copy = tmp_path / "copy.db"
    backup_database(live, copy)
    assert copy.stat().st_mode & 0o777 == 0o600
