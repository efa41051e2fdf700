"""Alliances by consent: any person creates one and leads it, leads invite schools, a school
joins when one of its members accepts, and chooses what its leads see of its evidence."""

from __future__ import annotations

import pytest

import storage
from core import alliance_effects, alliance_views, alliances, effects
from core.alliances import ANSWERED_NEWS, LEAD_NEWS, LEFT_NEWS
from core.errors import Refusal
from core.policy import Relation, relation
from storage import alliances as stored
from storage.outbox import effects as queued


@pytest.fixture
def schools(db):
    """Hillmead (UA, UA2), Oakfield (UB) and Faraway (UX): no alliance yet."""
    hill = storage.create_school(db, "Hillmead", "UA")
    storage.add_member(db, hill.id, "UA2", added_by="UA")
    oak = storage.create_school(db, "Oakfield", "UB")
    far = storage.create_school(db, "Faraway", "UX")
    return hill, oak, far


def sent(db, kind, **payload):
    """The payloads of the effects of `kind` whose payload holds `payload`."""
    found = [e.payload for e in queued(db, kind=kind)]
    return [p for p in found if all(p.get(k) == v for k, v in payload.items())]


def invitation_of(db, alliance, school):
    [waiting] = [
        i for i in stored.invitations_of_alliance(db, alliance.id) if i.school_id == school.id
    ]
    return waiting


@pytest.fixture
def east(db, schools):
    """ULEAD created East and invited Hillmead and Oakfield; neither has answered."""
    hill, oak, _ = schools
    return alliances.create(db, "ULEAD", "East", [hill.id, oak.id])


def test_creating_an_alliance_makes_its_maker_a_lead_and_asks_every_member_of_each_school(
    db, schools
):
    hill, oak, _ = schools
    made = alliances.create(db, "ULEAD", "  East   Midlands ", [hill.id, oak.id], ["UCO"])
    assert made.name == "East Midlands"
    assert sorted(stored.leads_of(db, made.id)) == ["UCO", "ULEAD"]
    asked = sorted(p["user"] for p in sent(db, alliance_effects.ALLIANCE_INVITATION))
    assert asked == ["UA", "UA2", "UB"]
    assert sent(db, alliance_effects.ALLIANCE_NEWS, user="UCO", what=LEAD_NEWS, by="ULEAD")
    assert stored.schools_in(db, made.id) == []  # nobody is in until a member accepts
    homes = {p["user"] for p in sent(db, effects.HOME)}
    assert {"ULEAD", "UCO", "UA", "UA2", "UB"} <= homes


def test_an_alliance_needs_a_name_of_its_own(db, east):
    with pytest.raises(Refusal, match="There is already an alliance called East") as refused:
        alliances.create(db, "UOTHER", "east")
    assert refused.value.field == "name"
    with pytest.raises(Refusal, match="The alliance's name is required") as refused:
        alliances.create(db, "UOTHER", "   ")
    assert refused.value.field == "name"
    assert stored.alliances_led_by(db, "UOTHER") == []


def test_only_a_lead_invites_schools(db, schools, east):
    _, _, far = schools
    with pytest.raises(Refusal, match="Only the leads of East can invite schools to the alliance"):
        alliances.invite(db, "UA", east.id, [far.id])
    with pytest.raises(Refusal, match="That alliance no longer exists"):
        alliances.invite(db, "ULEAD", 999, [far.id])
    assert [i.school_id for i in stored.invitations_waiting(db, far.id)] == []
    [invited] = alliances.invite(db, "ULEAD", east.id, [far.id])  # positive control
    assert invited.school_id == far.id


def test_a_school_asked_already_is_not_asked_twice(db, schools, east):
    hill, _, _ = schools
    before = len(sent(db, alliance_effects.ALLIANCE_INVITATION))
    assert alliances.invite(db, "ULEAD", east.id, [hill.id, hill.id]) == []
    assert len(sent(db, alliance_effects.ALLIANCE_INVITATION)) == before


def test_a_school_in_an_alliance_is_refused_by_name(db, schools, east):
    hill, _, far = schools
    alliances.accept(db, "UA", invitation_of(db, east, hill).id)
    with pytest.raises(Refusal, match=r"^Hillmead is in East already") as refused:
        alliances.invite(db, "ULEAD", east.id, [hill.id])
    assert refused.value.field == "schools"
    west = alliances.create(db, "UWEST", "West")
    with pytest.raises(Refusal, match=r"^Hillmead is already in another alliance"):
        alliances.invite(db, "UWEST", west.id, [far.id, hill.id])
    assert stored.invitations_waiting(db, far.id) == []  # nothing of the refused form was sent


def test_a_member_accepts_the_school_joins_and_the_inviting_lead_is_told(db, schools, east):
    hill, _, _ = schools
    invitation = invitation_of(db, east, hill)
    assert relation(db, "ULEAD", hill) is Relation.OUTSIDER
    answered = alliances.accept(db, "UA2", invitation.id)
    assert answered.state == "accepted"
    assert stored.alliance_of(db, hill.id) == east
    assert relation(db, "ULEAD", hill) is Relation.LEAD  # levels and progress, not evidence
    [told] = sent(db, alliance_effects.ALLIANCE_NEWS, user="ULEAD", what=ANSWERED_NEWS)
    found = alliance_views.news(db, told["what"], invitation=told["invitation"])
    assert (found.school, found.state, found.by) == (hill, "accepted", "UA2")
    with pytest.raises(Refusal, match="This invitation was accepted already"):
        alliances.accept(db, "UA", invitation.id)


def test_accepting_one_alliance_lets_the_others_lapse(db, schools, east):
    hill, _, _ = schools
    west = alliances.create(db, "UWEST", "West", [hill.id])
    from_west = invitation_of(db, west, hill)
    alliances.accept(db, "UA", invitation_of(db, east, hill).id)
    assert stored.invitations_of_alliance(db, west.id) == []
    with pytest.raises(Refusal, match="This invitation was withdrawn"):
        alliances.accept(db, "UA", from_west.id)
    assert stored.invitations_waiting(db, hill.id) == []


def test_a_member_declines_and_the_inviting_lead_is_told(db, schools, east):
    _, oak, _ = schools
    invitation = invitation_of(db, east, oak)
    alliances.decline(db, "UB", invitation.id)
    assert stored.alliance_of(db, oak.id) is None
    [told] = sent(db, alliance_effects.ALLIANCE_NEWS, user="ULEAD", what=ANSWERED_NEWS)
    assert alliance_views.news(db, ANSWERED_NEWS, invitation=told["invitation"]).state == "declined"
    with pytest.raises(Refusal, match=r"declined already\. Ask the alliance's leads"):
        alliances.accept(db, "UB", invitation.id)


@pytest.mark.parametrize("answer", [alliances.accept, alliances.decline])
def test_only_a_member_of_the_school_asked_answers(db, schools, east, answer):
    hill, _, _ = schools
    invitation = invitation_of(db, east, hill)
    for forger in ("UB", "ULEAD", "UNOBODY"):
        with pytest.raises(
            Refusal, match="Only members of Hillmead can accept or decline its invitations to"
        ):
            answer(db, forger, invitation.id)
    assert stored.get_alliance_invitation(db, invitation.id).state == "waiting"
    with pytest.raises(Refusal, match="That invitation no longer exists"):
        answer(db, "UA", 999)


def test_a_school_chooses_whether_its_leads_see_its_evidence(db, schools, east):
    hill, _, _ = schools
    alliances.accept(db, "UA", invitation_of(db, east, hill).id)
    assert relation(db, "ULEAD", hill) is Relation.LEAD
    school, alliance = alliances.set_sharing(db, "UA2", hill.id, True)
    assert (school, alliance) == (hill, east)
    assert relation(db, "ULEAD", hill) is Relation.LEAD_SHARED
    alliances.set_sharing(db, "UA", None, False)  # None: the person's own school
    assert relation(db, "ULEAD", hill) is Relation.LEAD
    with pytest.raises(Refusal, match="Only members of Hillmead can choose what its alliance's"):
        alliances.set_sharing(db, "ULEAD", hill.id, True)
    assert relation(db, "ULEAD", hill) is Relation.LEAD


def test_sharing_or_leaving_needs_an_alliance(db, schools):
    _, oak, _ = schools
    with pytest.raises(
        Refusal, match="Oakfield isn't in an alliance, so there is nothing to share"
    ):
        alliances.set_sharing(db, "UB", oak.id, True)
    with pytest.raises(
        Refusal, match="Oakfield isn't in an alliance, so there is nothing to leave"
    ):
        alliances.leave(db, "UB", None)


def test_a_member_takes_the_school_out_and_every_lead_is_told(db, schools, east):
    hill, _, _ = schools
    alliances.add_lead(db, "ULEAD", east.id, ["UCO"])
    alliances.accept(db, "UA", invitation_of(db, east, hill).id)
    alliances.set_sharing(db, "UA", hill.id, True)
    with pytest.raises(Refusal, match="Only members of Hillmead can take it out of its alliance"):
        alliances.leave(db, "ULEAD", hill.id)
    assert alliances.leave(db, "UA2", hill.id) == (hill, east)
    assert relation(db, "ULEAD", hill) is Relation.OUTSIDER
    told = sent(db, alliance_effects.ALLIANCE_NEWS, what=LEFT_NEWS, school=hill.id, by="UA2")
    assert sorted(p["user"] for p in told) == ["UCO", "ULEAD"]
    assert not stored.shares_evidence(db, hill.id)  # rejoining starts from not sharing


def test_leads_add_leads_and_each_new_lead_is_told_once(db, east):
    with pytest.raises(Refusal, match="Only the leads of East can add leads to the alliance"):
        alliances.add_lead(db, "UA", east.id, ["UA"])
    assert alliances.add_lead(db, "ULEAD", east.id, ["UCO", "UCO", "ULEAD"]) == ["UCO"]
    assert alliances.add_lead(db, "UCO", east.id, ["UCO"]) == []
    assert len(sent(db, alliance_effects.ALLIANCE_NEWS, user="UCO", what=LEAD_NEWS)) == 1


def test_a_schools_panel_shows_its_invitations_then_its_alliance(db, schools, east):
    hill, _, far = schools
    assert alliances.school_panel(db, far) is None  # no alliance: the Home tab is as before
    panel = alliances.school_panel(db, hill)
    assert panel.alliance is None
    assert [(i.alliance.name, i.schools) for i in panel.invitations] == [("East", 0)]
    alliances.accept(db, "UA", panel.invitations[0].invitation.id)
    panel = alliances.school_panel(db, hill)
    assert (panel.alliance, panel.shares, panel.invitations) == (east, False, [])


def test_an_invitation_is_put_only_to_a_member_while_it_waits(db, schools, east):
    hill, _, _ = schools
    invitation = invitation_of(db, east, hill)
    assert alliance_views.waiting_for(db, invitation.id, "UA").school == hill
    assert alliance_views.waiting_for(db, invitation.id, "UB") is None
    alliances.decline(db, "UA", invitation.id)
    assert alliance_views.waiting_for(db, invitation.id, "UA2") is None


def test_the_setup_form_is_for_a_new_alliance_or_the_one_led(db, east):
    assert alliance_views.setup_form(db, "UNEW").alliance is None
    form = alliance_views.setup_form(db, "ULEAD")
    assert (form.alliance, form.leads, form.schools) == (east, ["ULEAD"], 0)
    assert [s.name for s in form.invited] == ["Hillmead", "Oakfield"]
    saved = alliances.save_setup(db, "ULEAD", east.id, school_ids=[], leads=["UCO"])
    assert (saved.created, saved.leads, saved.invited) == (False, ["UCO"], [])
    assert [s.name for s in alliance_views.school_candidates(db, "mead")] == ["Hillmead"]
