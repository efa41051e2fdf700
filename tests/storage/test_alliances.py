"""Alliances as stored: leads, schools (each in at most one alliance) and invitations."""

from __future__ import annotations

import pytest

import storage
from storage import alliances
from storage.erasure import erase_school_rows


@pytest.fixture
def hillmead(db):
    school = storage.create_school(db, "Hillmead", "UA1")
    storage.add_member(db, school.id, "UA1", added_by="UA1")
    return school


def test_whoever_creates_an_alliance_is_its_first_lead(db):
    made = alliances.create_alliance(db, "  East   Midlands TSA ", "UL1")
    assert made.name == "East Midlands TSA"
    assert alliances.leads_of(db, made.id) == ["UL1"]
    assert alliances.add_lead(db, made.id, "UL2", added_by="UL1") is True
    assert alliances.add_lead(db, made.id, "UL2", added_by="UL1") is False
    assert alliances.leads_of(db, made.id) == ["UL1", "UL2"]
    assert [a.name for a in alliances.alliances_led_by(db, "UL2")] == ["East Midlands TSA"]
    with pytest.raises(storage.ConflictError, match="already an alliance called"):
        alliances.create_alliance(db, "east midlands tsa", "UX")


def test_a_school_joins_when_a_member_accepts_and_belongs_to_one_alliance(db, hillmead):
    east = alliances.create_alliance(db, "East", "UL1")
    west = alliances.create_alliance(db, "West", "UL9")
    first = alliances.invite_to_alliance(db, east.id, hillmead.id, "UL1")
    again = alliances.invite_to_alliance(db, east.id, hillmead.id, "UL1")
    assert again == first  # one invitation waits, however often it is sent
    other = alliances.invite_to_alliance(db, west.id, hillmead.id, "UL9")
    assert [i.id for i in alliances.invitations_waiting(db, hillmead.id)] == [first.id, other.id]
    assert alliances.alliance_of(db, hillmead.id) is None  # not before it accepts

    accepted = alliances.answer_alliance_invitation(db, first.id, "accepted", "UA1")
    assert (accepted.state, accepted.answered_by) == ("accepted", "UA1")
    assert alliances.alliance_of(db, hillmead.id) == east
    assert alliances.schools_in(db, east.id) == [hillmead.id]
    with pytest.raises(storage.ConflictError, match="already in an alliance"):
        alliances.answer_alliance_invitation(db, other.id, "accepted", "UA1")
    with pytest.raises(storage.ConflictError, match="already in an alliance"):
        alliances.invite_to_alliance(db, west.id, hillmead.id, "UL9")
    with pytest.raises(storage.ConflictError, match="accepted already"):
        alliances.answer_alliance_invitation(db, first.id, "declined", "UA1")


def test_evidence_is_shared_with_the_leads_only_when_the_school_says_so(db, hillmead):
    east = alliances.create_alliance(db, "East", "UL1")
    invitation = alliances.invite_to_alliance(db, east.id, hillmead.id, "UL1")
    alliances.answer_alliance_invitation(db, invitation.id, "accepted", "UA1")
    assert alliances.shares_evidence(db, hillmead.id) is False  # the default
    alliances.set_evidence_sharing(db, hillmead.id, True)
    assert alliances.shares_evidence(db, hillmead.id) is True
    assert alliances.leave_alliance(db, hillmead.id) is True
    assert alliances.alliance_of(db, hillmead.id) is None
    with pytest.raises(storage.NotFoundError):
        alliances.set_evidence_sharing(db, hillmead.id, True)


def test_erasing_a_school_takes_its_place_and_invitations_in_an_alliance(db, hillmead):
    east = alliances.create_alliance(db, "East", "UL1")
    invitation = alliances.invite_to_alliance(db, east.id, hillmead.id, "UL1")
    alliances.answer_alliance_invitation(db, invitation.id, "accepted", "UA1")
    erased = erase_school_rows(db, hillmead.id, "UA1")
    assert erased.counts["alliance_schools"] == 1
    assert erased.counts["alliance_invitations"] == 1
    assert alliances.schools_in(db, east.id) == []
    assert alliances.get_alliance(db, east.id) == east  # the alliance itself stays
