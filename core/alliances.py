"""Alliances by consent: any person creates one and leads it; its leads invite schools, and
a school joins only when one of its own members accepts, as with trios.

A school is in at most one alliance. Its leads see its levels and progress, and its evidence
only if the school chooses to share it (:mod:`core.policy`: *lead* or *lead, evidence
shared*). Each change here writes its Slack effects in the same transaction: the invitation
to every member of a school invited, the answer to the lead who invited it, news to the
leads when a school leaves or a lead is added, and the Home tabs of everyone whose view of
it changed. Schools without an alliance work exactly as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlite_utils import Database

import storage
from core import alliance_effects, effects
from core.alliance_policy import AllianceAction, check_alliance
from core.errors import Refusal, gone, refusing
from core.policy import Action, check
from core.review import school_acted_on
from storage import alliances
from storage.alliances import Alliance, AllianceInvitation
from storage.records import School

GONE = "That invitation no longer exists. Ask the alliance's leads to invite you again."
ANSWERED = {
    "accepted": "This invitation was accepted already.",
    "declined": "This invitation was declined already. Ask the alliance's leads to invite you "
    "again.",
    "withdrawn": "This invitation was withdrawn, so there is nothing to answer.",
}
NO_ALLIANCE = "{school} isn't in an alliance, so there is nothing to {what}."

# What the leads (or a new lead) are told: a school answered an invitation, a school left,
# they were made a lead.
ANSWERED_NEWS, LEFT_NEWS, LEAD_NEWS = "answered", "left", "lead"


# -- creating and inviting ------------------------------------------------------------------


@dataclass(frozen=True)
class Saved:
    """What the alliance form did: the alliance, the schools asked now and the leads added."""

    alliance: Alliance
    invitations: list[AllianceInvitation]
    invited: list[School]
    leads: list[str]
    created: bool


def save_setup(
    db: Database,
    user_id: str,
    alliance_id: int | None,
    name: str = "",
    school_ids: Sequence[int] = (),
    leads: Sequence[str] = (),
) -> Saved:
    """The alliance form, in one transaction: create the alliance `name` (`alliance_id`
    None; the person becomes its lead) or, as its lead, add to alliance `alliance_id`; then
    add the co-leads and invite the schools named. Refusals name the field: "name",
    "schools" or "leads"."""
    with storage.transaction(db):
        if alliance_id is None:
            _name_free(db, name)
            with refusing("name"):
                alliance = alliances.create_alliance(db, name, user_id)
        else:
            alliance = _led(db, user_id, alliance_id, AllianceAction.INVITE_SCHOOLS)
            if leads:
                check_alliance(db, user_id, AllianceAction.ADD_LEADS, alliance)
        added = _add_leads(db, user_id, alliance, leads)
        sent = _invite(db, user_id, alliance, school_ids)
        effects.home(db, user_id)
        invited = [storage.get_school(db, i.school_id) for i in sent]
    return Saved(alliance, sent, invited, added, created=alliance_id is None)


def _name_free(db: Database, name: str) -> None:
    taken = alliances.find_alliance(db, name) if name.strip() else None
    if taken is not None:
        raise Refusal(
            f"There is already an alliance called {taken.name}. Ask one of its leads to make "
            "you a lead too, or choose another name.",
            field="name",
        )


def create(
    db: Database,
    user_id: str,
    name: str,
    school_ids: Sequence[int] = (),
    leads: Sequence[str] = (),
) -> Alliance:
    """A new alliance led by the person who makes it, with any co-leads they name; the
    schools named are invited at once."""
    return save_setup(db, user_id, None, name, school_ids, leads).alliance


def invite(
    db: Database, user_id: str, alliance_id: int, school_ids: Sequence[int]
) -> list[AllianceInvitation]:
    """A lead asks schools to join: every member of each is asked by DM. A school already
    asked is not asked twice; one already in an alliance is refused, by name."""
    return save_setup(db, user_id, alliance_id, school_ids=school_ids).invitations


def add_lead(db: Database, user_id: str, alliance_id: int, new: Sequence[str]) -> list[str]:
    """A lead makes others leads too; each new lead is told. Returns those added now."""
    with storage.transaction(db):
        alliance = _led(db, user_id, alliance_id, AllianceAction.ADD_LEADS)
        return _add_leads(db, user_id, alliance, new)


def _led(db: Database, user_id: str, alliance_id: int, action: AllianceAction) -> Alliance:
    with gone("That alliance no longer exists."):
        alliance = alliances.get_alliance(db, alliance_id)
    check_alliance(db, user_id, action, alliance)
    return alliance


def _add_leads(db: Database, user_id: str, alliance: Alliance, new: Sequence[str]) -> list[str]:
    added = []
    for person in dict.fromkeys(new):
        with refusing("leads"):
            if not alliances.add_lead(db, alliance.id, person, added_by=user_id):
                continue
        added.append(person)
        alliance_effects.alliance_news(db, person, LEAD_NEWS, alliance=alliance.id, by=user_id)
        effects.home(db, person)
    return added


def _invite(
    db: Database, user_id: str, alliance: Alliance, school_ids: Sequence[int]
) -> list[AllianceInvitation]:
    waiting = {i.school_id for i in alliances.invitations_of_alliance(db, alliance.id)}
    sent = []
    for school_id in dict.fromkeys(school_ids):
        with gone("One of the schools you chose no longer exists.", field="schools"):
            school = storage.get_school(db, school_id)
        theirs = alliances.alliance_of(db, school.id)
        if theirs is not None and theirs.id == alliance.id:
            raise Refusal(f"{school.name} is in {alliance.name} already.", field="schools")
        if theirs is not None:
            raise Refusal(
                f"{school.name} is already in another alliance, and a school belongs to one "
                "alliance at a time. It would have to leave that one first.",
                field="schools",
            )
        if school.id in waiting:  # asked already: its members are not asked twice
            continue
        invitation = alliances.invite_to_alliance(db, alliance.id, school.id, user_id)
        for member in storage.members_of(db, school.id):
            alliance_effects.alliance_invitation(db, invitation.id, member, by=user_id)
            effects.home(db, member)
        sent.append(invitation)
    if sent:
        refresh_homes(db, [], alliance)
    return sent


# -- answering --------------------------------------------------------------------------


def accept(db: Database, user_id: str, invitation_id: int) -> AllianceInvitation:
    """A member of the invited school says yes: the school joins the alliance, its other
    invitations to alliances lapse, and the lead who invited it is told."""
    with storage.transaction(db):
        invitation, school, alliance = _waiting(db, user_id, invitation_id)
        theirs = alliances.alliance_of(db, school.id)
        if theirs is not None:
            raise Refusal(
                f"{school.name} is in {theirs.name}. Leave it first "
                "(`/peer-review alliance leave`), then accept this invitation."
            )
        answered = alliances.answer_alliance_invitation(db, invitation.id, "accepted", user_id)
        for moot in alliances.invitations_waiting(db, school.id):
            alliances.answer_alliance_invitation(db, moot.id, "withdrawn", user_id)
        alliance_effects.alliance_news(
            db, invitation.invited_by, ANSWERED_NEWS, invitation=invitation.id
        )
        refresh_homes(db, [school.id], alliance)
    return answered


def decline(db: Database, user_id: str, invitation_id: int) -> AllianceInvitation:
    """A member of the invited school says no; the lead who invited it is told."""
    with storage.transaction(db):
        invitation, school, alliance = _waiting(db, user_id, invitation_id)
        answered = alliances.answer_alliance_invitation(db, invitation.id, "declined", user_id)
        alliance_effects.alliance_news(
            db, invitation.invited_by, ANSWERED_NEWS, invitation=invitation.id
        )
        refresh_homes(db, [school.id], alliance)
    return answered


def _waiting(
    db: Database, user_id: str, invitation_id: int
) -> tuple[AllianceInvitation, School, Alliance]:
    with gone(GONE):
        invitation = alliances.get_alliance_invitation(db, invitation_id)
        school = storage.get_school(db, invitation.school_id)
        alliance = alliances.get_alliance(db, invitation.alliance_id)
    check(db, user_id, Action.JOIN_ALLIANCE, school)
    if invitation.state != "waiting":
        raise Refusal(ANSWERED[invitation.state])
    return invitation, school, alliance


# -- a member school's choices ------------------------------------------------------------


def set_sharing(
    db: Database, user_id: str, school_id: int | None, on: bool
) -> tuple[School, Alliance]:
    """A member chooses whether the alliance's leads see the school's evidence too
    (`school_id` None: the person's own school)."""
    with storage.transaction(db):
        school, alliance = _member_school(db, user_id, school_id, Action.SHARE_EVIDENCE, "share")
        alliances.set_evidence_sharing(db, school.id, on)
        refresh_homes(db, [school.id], alliance)
    return school, alliance


def leave(db: Database, user_id: str, school_id: int | None) -> tuple[School, Alliance]:
    """A member takes the school out of its alliance (`school_id` None: the person's own
    school); the leads are told."""
    with storage.transaction(db):
        school, alliance = _member_school(db, user_id, school_id, Action.LEAVE_ALLIANCE, "leave")
        leads = alliances.leads_of(db, alliance.id)
        alliances.leave_alliance(db, school.id)
        for lead in leads:
            alliance_effects.alliance_news(
                db, lead, LEFT_NEWS, alliance=alliance.id, school=school.id, by=user_id
            )
        refresh_homes(db, [school.id], alliance)
    return school, alliance


def _member_school(
    db: Database, user_id: str, school_id: int | None, action: Action, what: str
) -> tuple[School, Alliance]:
    if school_id is None:
        school = school_acted_on(db, user_id, action)
    else:
        with gone("That school no longer exists."):
            school = storage.get_school(db, school_id)
        check(db, user_id, action, school)
    alliance = alliances.alliance_of(db, school.id)
    if alliance is None:
        raise Refusal(NO_ALLIANCE.format(school=school.name, what=what))
    return school, alliance


def refresh_homes(
    db: Database,
    school_ids: Sequence[int],
    alliance: Alliance | None,
    also: Sequence[str] = (),
) -> None:
    """The Home tabs of the schools' members, of the alliance's leads (if any) and of the
    people `also` named, each refreshed once."""
    people = [*also, *(m for school_id in school_ids for m in storage.members_of(db, school_id))]
    leads = alliances.leads_of(db, alliance.id) if alliance is not None else []
    for person in dict.fromkeys([*people, *leads]):
        effects.home(db, person)


# -- what a person sees -------------------------------------------------------------------


@dataclass(frozen=True)
class Invited:
    """An invitation waiting for the school's answer, and the alliance it is from."""

    invitation: AllianceInvitation
    alliance: Alliance
    schools: int  # in the alliance now


@dataclass(frozen=True)
class SchoolPanel:
    """A school's alliance as its members see it on the Home tab."""

    school: School
    alliance: Alliance | None
    shares: bool  # its evidence, with the alliance's leads
    invitations: list[Invited]


def school_panel(db: Database, school: School) -> SchoolPanel | None:
    """The school's alliance and the invitations waiting; None when it has neither."""
    alliance = alliances.alliance_of(db, school.id)
    invitations = []
    for invitation in alliances.invitations_waiting(db, school.id):
        inviting = alliances.get_alliance(db, invitation.alliance_id)
        invitations.append(
            Invited(invitation, inviting, len(alliances.schools_in(db, inviting.id)))
        )
    if alliance is None and not invitations:
        return None
    return SchoolPanel(school, alliance, alliances.shares_evidence(db, school.id), invitations)
