"""Learning names: asked of Slack once per unknown person; kept only for people the bot knows."""

from __future__ import annotations

import storage
from core import people
from storage.outbox import effects


def test_learning_asks_slack_once_for_each_unknown_person(db):
    storage.remember_name(db, "U1", "Jo Patel")
    people.learn(db, ["U1", "U2", "U3"])
    people.learn(db, ["U2"])  # asked again before the first answer: one request stands
    asked = [e.payload["user"] for e in effects(db, kind="learn_name", state="pending")]
    assert asked == ["U2", "U3"]


def test_a_profile_change_is_kept_only_for_someone_the_bot_works_with(db):
    school = storage.create_school(db, "Hillmead", "U1")
    storage.add_member(db, school.id, "U1", added_by="U1")
    assert people.renamed(db, "U1", "Jo Patel") is True
    assert people.renamed(db, "U9", "A stranger") is False  # anyone in the workspace
    assert storage.names_of(db, ["U1", "U9"]) == {"U1": "Jo Patel"}
    assert people.renamed(db, "U1", "Jo Patel-Smith") is True  # known by name now
    assert people.names(db, ["U1"]) == {"U1": "Jo Patel-Smith"}


def test_a_name_is_kept_only_while_the_records_refer_to_the_person(db, framework):
    from tests.conftest import judge_all

    school = storage.create_school(db, "Hillmead", "U1")
    for user in ("U1", "U2", "U3"):
        storage.add_member(db, school.id, user, added_by="U1")
    cycle = storage.start_cycle(db, school.id, framework, "U1")
    judge_all(db, framework, cycle.id, 2, user="U2")
    assert all(people.learned(db, u, f"Name {u}") for u in ("U1", "U2", "U3"))
    assert people.learned(db, "U9", "A stranger") is False  # nothing refers to them

    storage.remove_member(db, school.id, "U2", removed_by="U1")
    storage.remove_member(db, school.id, "U3", removed_by="U1")
    assert people.forget_unreferenced(db) == 1
    # U2 left but recorded the judgements the workbook names; U3 recorded nothing.
    assert people.names(db, ["U1", "U2", "U3"]) == {"U1": "Name U1", "U2": "Name U2"}


def test_a_name_slack_gives_after_the_school_was_erased_is_not_kept(db):
    from storage.erasure import erase_school_rows

    school = storage.create_school(db, "Hillmead", "U1")
    storage.add_member(db, school.id, "U1", added_by="U1")
    people.learn(db, ["U1"])  # asked of Slack; the answer comes after the erasure
    erase_school_rows(db, school.id, "U1")
    assert people.learned(db, "U1", "Jo Patel") is False
    assert people.names(db, ["U1"]) == {}
