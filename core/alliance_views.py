"""What people see of an alliance, read as it is now: an invitation (for the DM to each
member of the school asked), the news a lead is told, and the alliance setup form. Effects
carry ids; these turn them into what is true when the effect is delivered."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

import storage
from core.policy import Action, may
from storage import alliances
from storage.alliances import Alliance, AllianceInvitation
from storage.records import School


@dataclass(frozen=True)
class InvitationView:
    """An invitation to an alliance, the school asked, and the alliance as it is now."""

    invitation: AllianceInvitation
    alliance: Alliance
    school: School
    leads: list[str]
    schools: int  # in the alliance now


def invitation_view(db: Database, invitation_id: int) -> InvitationView | None:
    """An invitation as it stands now; None if it, its school or its alliance is gone."""
    try:
        invitation = alliances.get_alliance_invitation(db, invitation_id)
        alliance = alliances.get_alliance(db, invitation.alliance_id)
        school = storage.get_school(db, invitation.school_id)
    except storage.NotFoundError:
        return None
    return InvitationView(
        invitation=invitation,
        alliance=alliance,
        school=school,
        leads=alliances.leads_of(db, alliance.id),
        schools=len(alliances.schools_in(db, alliance.id)),
    )


def waiting_for(db: Database, invitation_id: int, user_id: str) -> InvitationView | None:
    """The invitation to put to this person now: None once it is answered or gone, or when
    they are no longer a member of the school asked."""
    view = invitation_view(db, invitation_id)
    if view is None or view.invitation.state != "waiting":
        return None
    return view if may(db, user_id, Action.JOIN_ALLIANCE, view.school) else None


@dataclass(frozen=True)
class News:
    """What a lead is told: `what` (ANSWERED_NEWS, LEFT_NEWS, LEAD_NEWS) of which school."""

    what: str
    alliance: Alliance
    school: School | None = None
    by: str | None = None
    state: str | None = None  # the answer to an invitation


def news(
    db: Database,
    what: str,
    *,
    alliance: int | None = None,
    school: int | None = None,
    invitation: int | None = None,
    by: str | None = None,
) -> News | None:
    """The news as it is now (by reference: an effect carries ids); None once what it is
    about is gone."""
    if invitation is not None:
        view = invitation_view(db, invitation)
        if view is None:
            return None
        answered = view.invitation
        return News(what, view.alliance, view.school, answered.answered_by, answered.state)
    try:
        found = alliances.get_alliance(db, alliance or 0)
        about = storage.get_school(db, school) if school is not None else None
    except storage.NotFoundError:
        return None
    return News(what, found, about, by)


@dataclass(frozen=True)
class SetupForm:
    """The alliance form: the alliance the person leads (None: they will create one), its
    leads, how many schools are in it, and the schools asked that have not yet answered."""

    alliance: Alliance | None
    leads: list[str]
    schools: int
    invited: list[School]


def setup_form(db: Database, user_id: str) -> SetupForm:
    led = alliances.alliances_led_by(db, user_id)
    if not led:
        return SetupForm(None, [], 0, [])
    alliance = led[0]
    waiting = alliances.invitations_of_alliance(db, alliance.id)
    return SetupForm(
        alliance=alliance,
        leads=alliances.leads_of(db, alliance.id),
        schools=len(alliances.schools_in(db, alliance.id)),
        invited=[storage.get_school(db, i.school_id) for i in waiting],
    )


def school_candidates(db: Database, typed: str, most: int = 100) -> list[School]:
    """Schools whose name contains what a lead typed, to invite (one already in an alliance
    is offered too, and refused by name, so nobody wonders where it went)."""
    return storage.search_schools(db, typed, most=most)
