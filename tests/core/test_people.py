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
