from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest
import time_machine
from sqlite_utils import Database

import storage
from storage.migrations import LATEST, MIGRATIONS, migrate, schema_version


def test_fresh_database_gets_every_migration_in_order(tmp_path):
    db = storage.open_database(tmp_path / "new.db")
    applied = migrate(db)
    assert applied == [m.__name__ for m in MIGRATIONS]
    assert [m.__name__[:4] for m in MIGRATIONS] == [f"m{n:03}" for n in range(1, LATEST + 1)]
    assert schema_version(db) == LATEST
    rows = db.execute("SELECT version, name FROM schema_migrations ORDER BY version").fetchall()
    assert rows == [(i + 1, m.__name__) for i, m in enumerate(MIGRATIONS)]
    assert migrate(db) == []  # running again does nothing


def _fill_at_version_1(db: Database) -> None:
    db["schools"].insert_all(
        [
            {"id": 1, "name": "Hillmead", "created_by": "U1", "created_at": "2025-01-01T00:00:00"},
            {"id": 2, "name": "Oakfield", "created_by": "U2", "created_at": "2025-01-01T00:00:00"},
        ]
    )
    db["members"].insert_all(
        [
            {"school_id": 1, "user_id": "U1", "added_by": "U1", "added_at": "2025-01-01"},
            {"school_id": 2, "user_id": "U2", "added_by": "U2", "added_at": "2025-01-01"},
        ]
    )
    db["trios"].insert({"id": 1, "channel_id": "C1", "created_by": "U1", "created_at": "x"})
    db["trio_schools"].insert_all([{"trio_id": 1, "school_id": 1}, {"trio_id": 1, "school_id": 2}])
    db["cycles"].insert(
        {
            "id": 1,
            "school_id": 1,
            "number": 1,
            "framework_id": "east-midlands-2017",
            "framework_version": "2017.03",
            "started_by": "U1",
            "started_at": "2025-01-01",
        }
    )
    for area, level in [("leadership", 2), ("itt", 3)]:
        row = {
            "cycle_id": 1,
            "area_id": area,
            "level": level,
            "evidence": f"evidence for {area}",
            "key_actions": f"actions for {area}",
        }
        db["judgements"].insert({**row, "recorded_by": "U1", "recorded_at": "2025-01-02"})
        db["judgement_history"].insert({**row, "changed_by": "U1", "changed_at": "2025-01-02"})


def test_upgrade_from_the_first_version_keeps_every_row(tmp_path):
    path = tmp_path / "old.db"
    db = storage.open_database(path)
    assert migrate(db, target=1) == ["m001_initial"]
    with storage.transaction(db):
        _fill_at_version_1(db)
    before = {
        t: db[t].count
        for t in (
            "schools",
            "members",
            "trios",
            "trio_schools",
            "cycles",
            "judgements",
            "judgement_history",
        )
    }
    db.close()

    db = storage.open_database(path)
    applied = migrate(db)
    assert applied == [m.__name__ for m in MIGRATIONS[1:]]
    after = {t: db[t].count for t in before}
    assert after == before
    assert [s.name for s in storage.list_schools(db)] == ["Hillmead", "Oakfield"]
    assert storage.members_of(db, 1) == ["U1"]
    assert storage.trio_for_channel(db, "C1").school_ids == (1, 2)
    judgements = storage.judgements_for(db, 1)
    assert {a: j.level for a, j in judgements.items()} == {"leadership": 2, "itt": 3}
    assert judgements["itt"].evidence == "evidence for itt"
    assert judgements["itt"].evidence_sources == ()  # new column, default for old rows
    assert [h.area_id for h in storage.history_for(db, 1)] == ["leadership", "itt"]


def test_failed_migration_rolls_back_and_keeps_data(tmp_path):
    db = storage.open_database(tmp_path / "f.db")
    migrate(db, target=1)
    with storage.transaction(db):
        _fill_at_version_1(db)

    def m002_broken(database: Database) -> None:
        database.execute("CREATE TABLE half_done (id INTEGER)")
        database.execute("ALTER TABLE schools ADD COLUMN motto TEXT")
        raise sqlite3.OperationalError("disk full (simulated)")

    with pytest.raises(sqlite3.OperationalError, match="simulated"):
        migrate(db, migrations=(MIGRATIONS[0], m002_broken))
    assert schema_version(db) == 1
    assert "half_done" not in db.table_names()
    assert "motto" not in db["schools"].columns_dict
    assert db["judgements"].count == 2
    # ...and the real upgrade still works afterwards.
    migrate(db)
    assert schema_version(db) == LATEST


def test_database_from_a_newer_version_is_refused(db):
    db["schema_migrations"].insert(
        {"version": LATEST + 1, "name": "m999_future", "applied_at": "x"}
    )
    with pytest.raises(storage.SchemaTooNewError, match="upgrade peer-review"):
        migrate(db)


def test_history_is_append_only(db, framework):
    school = storage.create_school(db, "Hillmead", "U1")
    cycle = storage.start_cycle(db, school.id, framework, "U1")
    storage.record_judgement(
        db, cycle.id, "cpd", 2, evidence="e", recorded_by="U1", framework=framework
    )
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE judgement_history SET level = 4")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM judgement_history")
    assert [h.level for h in storage.history_for(db, cycle.id)] == [2]


def test_when_a_cycle_last_moved_is_filled_in_then_kept_by_the_database(tmp_path, framework):
    """m012: ``cycles.progress_at`` (what the reminder sweep sifts by) is the latest
    judgement of each cycle already there, then moves with every start and judgement."""
    db = storage.open_database(tmp_path / "old.db")
    migrate(db, target=11)
    with storage.transaction(db):
        _fill_at_version_1(db)  # cycle 1 started on 2025-01-01 and judged on 2025-01-02
    migrate(db)

    def progress(cycle_id: int) -> str:
        return db.execute("SELECT progress_at FROM cycles WHERE id = ?", [cycle_id]).fetchone()[0]

    assert progress(1) == "2025-01-02"
    for day, area in ((3, "cpd"), (5, "cpd"), (4, "itt")):  # new, changed, an older clock
        with time_machine.travel(datetime(2026, 3, day, 9, tzinfo=UTC), tick=False):
            storage.record_judgement(
                db, 1, area, day % 4 + 1, evidence="e", recorded_by="U1", framework=framework
            )
    assert progress(1) == "2026-03-05T09:00:00+00:00"
    with time_machine.travel(datetime(2026, 4, 1, 9, tzinfo=UTC), tick=False):
        started = storage.start_cycle(db, 2, framework, "U2")
    assert progress(started.id) == "2026-04-01T09:00:00+00:00"
