from __future__ import annotations

import threading

import storage
from storage.store import Store


def test_store_file_is_wal_with_foreign_keys_and_busy_timeout(tmp_path):
    store = Store(tmp_path / "sub" / "peer-review.db")
    assert store.path.exists()
    with store.connect() as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
        assert storage.schema_version(db) == storage.LATEST


def test_reopening_keeps_data(tmp_path, framework):
    path = tmp_path / "p.db"
    with Store(path).connect() as db:
        storage.create_school(db, "Hillmead", "U1")
    with Store(path).connect() as db:
        assert [s.name for s in storage.list_schools(db)] == ["Hillmead"]


def test_worker_threads_each_with_a_connection_lose_nothing(tmp_path, framework):
    """Eight threads record judgements at once, as Bolt's workers would."""
    store = Store(tmp_path / "threads.db")
    with store.connect() as db:
        cycles = []
        for n in range(8):
            school = storage.create_school(db, f"School {n}", f"U{n}")
            cycles.append(storage.start_cycle(db, school.id, framework, f"U{n}").id)
    errors: list[BaseException] = []
    start = threading.Barrier(len(cycles))

    def work(n: int, cycle_id: int) -> None:
        try:
            start.wait()
            for round_ in range(1, 5):
                for area_id in framework.area_ids:
                    with store.connect() as db:
                        storage.record_judgement(
                            db,
                            cycle_id,
                            area_id,
                            round_,
                            evidence=f"round {round_}",
                            recorded_by=f"U{n}",
                            framework=framework,
                        )
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n, c)) for n, c in enumerate(cycles)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with store.connect() as db:
        for cycle_id in cycles:
            assert storage.scores_for(db, cycle_id) == dict.fromkeys(framework.area_ids, 4)
            assert len(storage.history_for(db, cycle_id)) == 4 * len(framework.area_ids)


def test_a_thread_keeps_its_connection_and_threads_never_share_one(tmp_path):
    store = Store(tmp_path / "s.db")
    with store.connect() as first, store.connect() as nested:
        assert nested is first
    with store.connect() as again:
        assert again is first
    seen = []
    thread = threading.Thread(target=lambda: seen.append(store.connect().__enter__()))
    thread.start()
    thread.join()
    assert seen[0] is not first


def test_a_unit_never_leaves_a_transaction_open_for_the_next(tmp_path):
    store = Store(tmp_path / "s.db")
    with store.connect() as db:
        db.execute("BEGIN")  # begun, and by mistake never committed
        db.execute("INSERT INTO processed_events VALUES ('x', 'now')")
        with store.connect() as inner:
            assert inner.conn.in_transaction  # a nested unit does not end the outer one
    with store.connect() as db:
        assert not db.conn.in_transaction
        assert db.execute("SELECT COUNT(*) FROM processed_events").fetchone()[0] == 0


def test_every_commit_waits_for_the_disk(tmp_path):
    """An acknowledged judgement must survive a power cut, not only a crash."""
    store = Store(tmp_path / "durable.db")
    with store.connect() as db:
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
