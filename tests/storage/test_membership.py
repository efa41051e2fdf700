"""The record of who joined or left a school, written by add_member and remove_member."""

from __future__ import annotations

import pytest

import storage
from storage.membership import membership_changes


def test_membership_changes_are_recorded_with_who_and_when(db):
    school = storage.create_school(db, "Hillmead", "U1")
    other = storage.create_school(db, "Oakfield", "U9")
    storage.add_member(db, school.id, "U2", added_by="U1")
    storage.add_member(db, school.id, "U2", added_by="U1")  # already a member: no change
    storage.remove_member(db, school.id, "U2", "U1")
    storage.remove_member(db, school.id, "U2", "U1")  # no longer a member: no change
    with pytest.raises(storage.InvalidError):
        storage.remove_member(db, school.id, "U1", "U1")  # refused: not recorded
    changes = membership_changes(db, school.id)
    assert [(c.user_id, c.change, c.changed_by) for c in changes] == [
        ("U1", "added", "U1"),  # the founder, when the school was created
        ("U2", "added", "U1"),
        ("U2", "removed", "U1"),
    ]
    assert all(c.changed_at and c.school_id == school.id for c in changes)
    assert [c.user_id for c in membership_changes(db, other.id)] == ["U9"]


def test_a_change_that_rolls_back_leaves_no_record(db):
    school = storage.create_school(db, "Hillmead", "U1")

    def setup_that_fails_later() -> None:
        with storage.transaction(db):
            storage.add_member(db, school.id, "U2", added_by="U1")
            raise RuntimeError("the setup form failed later")

    with pytest.raises(RuntimeError):
        setup_that_fails_later()
    assert [c.user_id for c in membership_changes(db, school.id)] == ["U1"]
