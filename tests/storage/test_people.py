"""People's names, kept for what is read outside Slack."""

from __future__ import annotations

import pytest

import storage
from storage.store import Store


@pytest.fixture
def db(tmp_path):
    with Store(tmp_path / "people.db").connect() as database:
        yield database


def test_a_name_is_kept_and_updated(db):
    storage.remember_name(db, "U1", "Jo Patel")
    storage.remember_name(db, "U1", "Jo Patel-Smith")
    assert storage.names_of(db, ["U1", "U2"]) == {"U1": "Jo Patel-Smith"}


def test_unnamed_keeps_the_order_asked_and_drops_repeats(db):
    storage.remember_name(db, "U2", "Sam")
    assert storage.unnamed(db, ["U3", "U2", "U1", "U3"]) == ["U3", "U1"]


def test_many_people_are_read_in_parts_within_sqlites_limits(db):
    for n in range(1200):
        storage.remember_name(db, f"U{n}", f"Person {n}")
    assert len(storage.names_of(db, [f"U{n}" for n in range(1300)])) == 1200


def test_an_empty_name_is_refused(db):
    with pytest.raises(storage.InvalidError):
        storage.remember_name(db, "U1", "   ")


def test_erasing_a_school_forgets_the_names_of_people_only_it_had(db):
    from storage.erasure import erase_school_rows

    one = storage.create_school(db, "One", "U1")
    two = storage.create_school(db, "Two", "U2")
    storage.add_member(db, one.id, "U3", added_by="U1")
    storage.add_member(db, two.id, "U3", added_by="U2")
    for user in ("U1", "U2", "U3"):
        storage.remember_name(db, user, f"Name of {user}")
    erase_school_rows(db, one.id, "operator")
    assert storage.names_of(db, ["U1", "U2", "U3"]) == {"U2": "Name of U2", "U3": "Name of U3"}
