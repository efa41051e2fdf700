"""People's names: learned from Slack when someone joins a school, kept current by
``user_change``, for the files and the command line."""

from __future__ import annotations

import pytest

import storage
from bot.people import name_in
from tests.bot.workspace import event_body, setup_values


def names(store, *users):
    with store.connect() as db:
        return storage.names_of(db, users)


def test_members_names_are_learned_from_slack_when_the_school_is_set_up(
    workspace, slack, store, school_a
):
    assert [c["user"] for c in slack.called("users.info")] == ["UA1", "UA2"]
    assert names(store, "UA1", "UA2") == {"UA1": "Person UA1", "UA2": "Person UA2"}


def test_a_name_slack_is_slow_to_give_is_asked_again(workspace, slack, store):
    slack.rate_limit("users.info")
    slack.http_error("users.info", 503)
    workspace.command("UA1", "setup")
    workspace.submit("UA1", workspace.last_view(), setup_values("Hillmead"))
    assert names(store, "UA1") == {"UA1": "Person UA1"}
    assert len(slack.called("users.info")) == 3


def test_someone_slack_does_not_know_is_left_by_id(workspace, slack, store):
    slack.fail("users.info", "user_not_found")
    workspace.command("UA1", "setup")
    workspace.submit("UA1", workspace.last_view(), setup_values("Hillmead"))
    assert names(store, "UA1") == {}
    assert workspace.slack.called("users.info")  # it was asked (the control)


def test_a_profile_change_updates_the_name_of_a_member_only(workspace, store, school_a):
    for event_id, user, name in (("Ev1", "UA1", "Jo Patel"), ("Ev2", "UZZ", "Not a member")):
        change = {"type": "user_change", "user": {"id": user, "profile": {"real_name": name}}}
        workspace.dispatch(event_body(change, event_id))
    assert names(store, "UA1", "UZZ") == {"UA1": "Jo Patel"}


@pytest.mark.parametrize(
    ("user", "name"),
    [
        ({"id": "U1", "profile": {"real_name": "Jo  Patel", "display_name": "jo"}}, "Jo Patel"),
        ({"id": "U1", "profile": {"real_name": "", "display_name": "jo"}}, "jo"),
        ({"id": "U1", "real_name": "Sam Lee"}, "Sam Lee"),
        ({"id": "U1", "name": "sam"}, "sam"),
        ({"id": "U1", "profile": "not a profile"}, None),
        ("not a user", None),
        ({"id": "U1", "profile": {"real_name": "x" * 500}}, "x" * 200),
    ],
)
def test_the_name_a_person_goes_by(user, name):
    assert name_in(user) == name


def test_a_member_removed_who_recorded_nothing_is_forgotten_by_name(workspace, store, school_a):
    assert names(store, "UA1", "UA2") == {"UA1": "Person UA1", "UA2": "Person UA2"}
    workspace.command("UA1", "setup")
    workspace.submit("UA1", workspace.last_view(), setup_values("Hillmead", members=()))
    assert names(store, "UA1", "UA2") == {"UA1": "Person UA1"}
