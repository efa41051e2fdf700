"""Who may see and run an alliance's review: its leads, nobody else."""

from __future__ import annotations

import pytest

import storage
from core.alliance_policy import (
    ALLIANCE_RULES,
    AllianceAction,
    Role,
    alliance_refusal,
    check_alliance,
    role,
)
from core.errors import Refusal
from storage import alliances


def test_every_alliance_action_is_the_leads_alone():
    assert set(ALLIANCE_RULES) == set(AllianceAction)
    for action in AllianceAction:
        assert alliance_refusal(Role.LEAD, action, "East") is None
        for other in (Role.MEMBER, Role.OUTSIDER):
            assert alliance_refusal(other, action, "East") == (
                f"Only the leads of East can {action.value}."
            )


@pytest.fixture
def east(db):
    hill = storage.create_school(db, "Hillmead", "UA")
    storage.create_school(db, "Faraway", "UX")
    made = alliances.create_alliance(db, "East", "ULEAD")
    invited = alliances.invite_to_alliance(db, made.id, hill.id, "ULEAD")
    alliances.answer_alliance_invitation(db, invited.id, "accepted", "UA")
    return made


@pytest.mark.parametrize(
    ("user", "expected"),
    [("ULEAD", Role.LEAD), ("UA", Role.MEMBER), ("UX", Role.OUTSIDER), ("UZ", Role.OUTSIDER)],
)
def test_how_a_person_stands_to_an_alliance(db, east, user, expected):
    assert role(db, user, east) is expected


def test_a_member_of_an_alliance_school_may_not_see_the_alliance(db, east):
    assert check_alliance(db, "ULEAD", AllianceAction.SEE, east) is Role.LEAD
    with pytest.raises(Refusal, match="Only the leads of East can see the alliance's progress"):
        check_alliance(db, "UA", AllianceAction.SEE, east)
