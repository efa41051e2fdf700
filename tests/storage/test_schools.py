from __future__ import annotations

import pytest

import storage


def test_create_school_makes_the_creator_a_member(db):
    school = storage.create_school(db, "  Hillmead Primary ", "U1", team_id="T1")
    assert school.name == "Hillmead Primary"
    assert storage.members_of(db, school.id) == ["U1"]
    assert storage.is_member(db, school.id, "U1")
    assert not storage.is_member(db, school.id, "U2")
    assert storage.find_school(db, "hillmead   primary").id == school.id


@pytest.mark.parametrize(
    ("name", "says"),
    [("", "required"), ("   ", "required"), ("x" * 81, "the most is 80"), (None, "required")],
)
def test_bad_school_names_are_refused(db, name, says):
    with pytest.raises(storage.InvalidError, match=says):
        storage.create_school(db, name, "U1")
    assert storage.list_schools(db) == []


def test_duplicate_school_name_is_refused_ignoring_case(db):
    storage.create_school(db, "Hillmead", "U1")
    with pytest.raises(storage.ConflictError, match="already a school called"):
        storage.create_school(db, "HILLMEAD", "U2")
    assert len(storage.list_schools(db)) == 1
    assert storage.schools_of(db, "U2") == []


def test_rename_and_channel(db):
    a = storage.create_school(db, "Hillmead", "U1")
    storage.create_school(db, "Oakfield", "U2")
    assert (
        storage.update_school(db, a.id, name="Hillmead Academy", channel_id="C9").channel_id == "C9"
    )
    with pytest.raises(storage.ConflictError):
        storage.update_school(db, a.id, name="oakfield")
    assert storage.get_school(db, a.id).name == "Hillmead Academy"


def test_members(db):
    school = storage.create_school(db, "Hillmead", "U1")
    assert storage.add_member(db, school.id, "U2", added_by="U1") is True
    assert storage.add_member(db, school.id, "U2", added_by="U1") is False
    assert storage.members_of(db, school.id) == ["U1", "U2"]
    assert [s.name for s in storage.schools_of(db, "U2")] == ["Hillmead"]
    assert storage.remove_member(db, school.id, "U2", "U1") is True
    assert storage.remove_member(db, school.id, "U2", "U1") is False
    with pytest.raises(storage.InvalidError, match="at least one member"):
        storage.remove_member(db, school.id, "U1", "U1")
    assert storage.members_of(db, school.id) == ["U1"]


def test_member_of_unknown_school_is_refused(db):
    with pytest.raises(storage.NotFoundError, match="no school with id 99"):
        storage.add_member(db, 99, "U1", added_by="U1")


@pytest.fixture
def three(db):
    return [
        storage.create_school(db, name, f"U{n}")
        for n, name in enumerate(["Hillmead", "Oakfield", "Riverside", "Stonebridge"])
    ]


def test_trio_of_three_schools_and_their_partners(db, three):
    a, b, c, _ = three
    trio = storage.set_trio(db, "C100", [a.id, b.id, c.id], "U0", name="North trio")
    assert trio.school_ids == (a.id, b.id, c.id)
    assert storage.trio_of(db, b.id).channel_id == "C100"
    assert [s.name for s in storage.partners_of(db, a.id)] == ["Oakfield", "Riverside"]


def test_trio_can_be_formed_then_edited(db, three):
    a, b, c, d = three
    storage.set_trio(db, "C100", [a.id, b.id], "U0")
    trio = storage.set_trio(db, "C100", [a.id, d.id, c.id], "U0")
    assert trio.school_ids == (a.id, d.id, c.id)
    assert storage.trio_of(db, b.id) is None


def test_trio_refusals_change_nothing(db, three):
    a, b, c, d = three
    storage.set_trio(db, "C100", [a.id, b.id, c.id], "U0")
    with pytest.raises(storage.ConflictError, match="already in another trio"):
        storage.set_trio(db, "C200", [d.id, a.id], "U0")
    with pytest.raises(storage.InvalidError, match="at least one school"):
        storage.set_trio(db, "C200", [], "U0")
    with pytest.raises(storage.NotFoundError):
        storage.set_trio(db, "C200", [d.id, 404], "U0")
    assert storage.trio_for_channel(db, "C200") is None
    assert storage.trio_of(db, d.id) is None
    assert storage.trio_for_channel(db, "C100").school_ids == (a.id, b.id, c.id)
