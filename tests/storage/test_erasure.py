"""Erasing a school removes exactly its rows; judgement history stays append-only otherwise."""

from __future__ import annotations

import sqlite3

import pytest

import storage
from storage import erasure, outbox
from storage.erasure import erase_school_rows, erasures
from tests.conftest import judge_all

TABLES = (
    "schools",
    "members",
    "membership_changes",
    "trios",
    "trio_schools",
    "trio_invitations",
    "cycles",
    "judgements",
    "judgement_history",
    "challenges",
    "challenge_edits",
    "area_outcomes",
    "cycle_outcomes",
    "summary_messages",
    "outbox",
    "processed_events",
    "erasures",
    "erasing",
)


def counts(db) -> dict[str, int]:
    return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}  # noqa: S608


def comment(db, framework, cycle, author, school, ts, text, kind="challenge"):
    found, _ = storage.add_challenge(
        db,
        cycle.id,
        author_id=author,
        text=text,
        channel_id="CT",
        ts=ts,
        framework=framework,
        kind=kind,
        area_id="itt",
        author_school_id=school.id,
        thread_ts=cycle.summary_ts,
    )
    return found


@pytest.fixture
def alliance(db, framework):
    """Hillmead (UA, UA2), Oakfield (UB) and Riverside (UC) are a trio in CT; Faraway (UX) is
    alone in CF. Hillmead has two cycles; everyone has challenged everyone in the trio."""
    hill = storage.create_school(db, "Hillmead", "UA")
    storage.add_member(db, hill.id, "UA2", added_by="UA")
    oak = storage.create_school(db, "Oakfield", "UB")
    river = storage.create_school(db, "Riverside", "UC")
    far = storage.create_school(db, "Faraway", "UX")
    storage.set_trio(db, "CT", [hill.id, oak.id, river.id], "UA")
    storage.set_trio(db, "CF", [far.id], "UX")
    cycles = {}
    for school, user, ts in ((hill, "UA", "1.0"), (oak, "UB", "2.0"), (river, "UC", "3.0")):
        cycle = storage.start_cycle(db, school.id, framework, user)
        judge_all(db, framework, cycle.id, 2, user=user)
        storage.record_judgement(
            db, cycle.id, "itt", 3, evidence="more", recorded_by=user, framework=framework
        )
        cycles[school.name] = storage.set_summary_message(db, cycle.id, "CT", ts)
        storage.save_area_outcome(
            db, cycle.id, "itt", decision="stands", level=3, reason="", recorded_by=user
        )
        storage.record_cycle_outcome(
            db, cycle.id, successes="s", improvements="i", recorded_by=user
        )
    far_cycle = storage.start_cycle(db, far.id, framework, "UX")
    judge_all(db, framework, far_cycle.id, 1, user="UX")
    storage.close_cycle(db, cycles["Hillmead"].id)
    second = storage.new_cycle(db, hill.id, framework, "UA")
    storage.record_judgement(
        db, second.id, "cpd", 4, evidence="e", recorded_by="UA", framework=framework
    )
    h, o, r = cycles["Hillmead"], cycles["Oakfield"], cycles["Riverside"]
    comment(db, framework, h, "UB", oak, "1.1", "Oakfield on Hillmead")
    comment(db, framework, h, "UA", hill, "1.2", "Hillmead answers", kind="response")
    comment(db, framework, o, "UA2", hill, "2.1", "Hillmead on Oakfield")
    comment(db, framework, o, "UC", river, "2.2", "Riverside on Oakfield")
    comment(db, framework, r, "UB", oak, "3.1", "Oakfield on Riverside")
    storage.edit_challenge(db, "CT", "2.1", "Hillmead on Oakfield, edited")
    storage.edit_challenge(db, "CT", "2.2", "Riverside on Oakfield, edited")
    storage.claim_event(db, "Ev1")
    ct, cf = storage.trio_for_channel(db, "CT"), storage.trio_for_channel(db, "CF")
    to_hill = storage.invite(db, cf.id, hill.id, far.id, "UX")
    storage.invite(db, ct.id, far.id, hill.id, "UA")  # from Hillmead
    storage.invite(db, cf.id, oak.id, far.id, "UX")  # stays
    for lane, payload, kind in (
        (f"school:{hill.id}", {"cycle": second.id}, "summary"),
        (f"school:{oak.id}", {"channel": "CT", "ts": "2.1", "name": "x"}, "react"),
        (f"school:{oak.id}", {"channel": "CT", "ts": "2.2", "name": "x"}, "react"),
        (f"school:{oak.id}", {"cycle": o.id}, "summary"),
        ("user:UA", {"user": "UA", "school": hill.id, "cycle": second.id}, "reminder"),
        ("user:UB", {"user": "UB", "schools": [oak.id, hill.id]}, "export"),
        ("user:UB", {"user": "UB", "schools": [oak.id]}, "export"),
        ("user:UX", {"user": "UX", "school": far.id, "about": "setup_saved"}, "notice"),
        ("user:UA", {"invitation": to_hill.id, "user": "UA"}, "invitation"),
        ("user:UB", {"channel": "UB", "content": {"text": "Hillmead: overall Secure"}}, "message"),
        ("user:UB", {"channel": "UB", "content": {"text": "Oakfield: overall Secure"}}, "message"),
    ):
        outbox.enqueue(db, kind, payload, lane=lane, at=0)
    return hill, oak, river, far


def test_erasing_removes_exactly_the_schools_rows(db, alliance):
    hill, oak, river, far = alliance
    before = counts(db)
    erased = erase_school_rows(db, hill.id, "UA")
    after = counts(db)
    gone = {t: before[t] - after[t] for t in TABLES if before[t] != after[t]}
    assert gone == {
        "schools": 1,
        "members": 2,
        "membership_changes": 2,
        "trio_schools": 1,
        "cycles": 2,
        "judgements": 6,  # five in the first cycle, one in the second
        "judgement_history": 7,  # and the first cycle's ITT changed once
        "challenges": 3,  # Oakfield's on Hillmead, Hillmead's answer, Hillmead's on Oakfield
        "challenge_edits": 1,
        "area_outcomes": 1,
        "cycle_outcomes": 1,
        "summary_messages": 1,
        "trio_invitations": 2,  # to it and from it; Faraway's to Oakfield stays
        "outbox": 6,  # its summary, the react on its comment, its reminder, the trio export,
        # the invitation DM to its member and a worded answer naming it
        "erasures": -1,  # the one row that says it happened
    }
    assert {t: n for t, n in erased.counts.items() if n} == {
        t: n for t, n in gone.items() if t != "erasures"
    }
    # Everyone else is as they were.
    assert [s.name for s in storage.list_schools(db)] == ["Faraway", "Oakfield", "Riverside"]
    assert storage.trio_for_channel(db, "CT").school_ids == (oak.id, river.id)
    assert storage.trio_for_channel(db, "CF").school_ids == (far.id,)
    remaining = db.execute("SELECT text FROM challenges ORDER BY id").fetchall()
    assert remaining == [("Riverside on Oakfield, edited",), ("Oakfield on Riverside",)]
    assert db.execute("SELECT old_text FROM challenge_edits").fetchall() == [
        ("Riverside on Oakfield",)
    ]
    assert storage.members_of(db, oak.id) == ["UB"]
    assert storage.schools_of(db, "UA") == []
    assert storage.find_school(db, "Hillmead") is None
    assert erased.partner_cycles == ((oak.id, storage.current_cycle(db, oak.id).id),)
    assert erasures(db)[0][:2] == (hill.id, "UA")


def test_the_erasure_record_keeps_no_name(db, alliance):
    hill = alliance[0]
    erase_school_rows(db, hill.id, "cli")
    [(school_id, by, at)] = erasures(db)
    assert (school_id, by) == (hill.id, "cli")
    assert at
    assert "Hillmead" not in str(db.execute("SELECT * FROM erasures").fetchall())


def test_a_trio_left_empty_goes_and_a_lone_school_can_be_erased(db, alliance):
    far = alliance[3]
    erased = erase_school_rows(db, far.id, "UX")
    assert erased.counts["trios"] == 1
    assert storage.trio_for_channel(db, "CF") is None
    assert storage.trio_for_channel(db, "CT") is not None


def test_an_unknown_school_is_not_found_and_nothing_is_recorded(db, alliance):
    with pytest.raises(storage.NotFoundError):
        erase_school_rows(db, 99, "UA")
    assert erasures(db) == []


def test_history_stays_append_only_outside_an_erasure(db, alliance):
    hill = alliance[0]
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM judgement_history")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE judgement_history SET level = 4")
    erase_school_rows(db, hill.id, "UA")
    # After the erasure, the others' history is protected as before.
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM judgement_history")
    assert db.execute("SELECT COUNT(*) FROM erasing").fetchone() == (0,)


def test_even_during_an_erasure_only_that_schools_history_may_go(db, alliance):
    hill, oak, _, _ = alliance
    ours = db.execute(
        "SELECT COUNT(*) FROM judgement_history WHERE cycle_id IN"
        " (SELECT id FROM cycles WHERE school_id = ?)",
        [hill.id],
    ).fetchone()[0]
    with storage.transaction(db):
        db.execute("INSERT INTO erasing (school_id) VALUES (?)", [hill.id])
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute(
                "DELETE FROM judgement_history WHERE cycle_id IN"
                " (SELECT id FROM cycles WHERE school_id = ?)",
                [oak.id],
            )
        deleted = db.execute(
            "DELETE FROM judgement_history WHERE cycle_id IN"
            " (SELECT id FROM cycles WHERE school_id = ?)",
            [hill.id],
        ).rowcount
        db.conn.rollback()
    assert deleted == ours > 0  # the positive control: the trigger does let these go


def test_a_failed_erasure_leaves_everything(db, alliance, monkeypatch):
    hill = alliance[0]
    before = counts(db)
    broken = (*erasure._STEPS[:6], ("x", "DELETE FROM nowhere"))  # fails half-way
    monkeypatch.setattr(erasure, "_STEPS", broken)
    with pytest.raises(sqlite3.OperationalError):
        erase_school_rows(db, hill.id, "UA")
    assert counts(db) == before
