"""Trios by consent: a school is invited, and only joins when one of its members accepts.

Until then neither school sees anything of the other: being a *partner* (core.policy) comes
only from being in the same trio, never from an invitation. A school's setup names its trio
channel and the partners it invites; a member of an invited school accepts or declines; a
member of the inviting school can withdraw an invitation still waiting; any school can
leave its trio, and the schools that remain are told.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlite_utils import Database

import storage
from core import channels, effects
from core.channels import Readers
from core.errors import Refusal, gone
from core.lifecycle import TRIO_SIZE
from core.policy import Action, check, may
from storage.records import Invitation, School, Trio

GONE = "That invitation no longer exists. Ask the school that sent it to invite you again."
ANSWERED = {
    "accepted": "This invitation was accepted already.",
    "declined": "This invitation was declined already. Ask the school to invite you again.",
    "withdrawn": "{school} withdrew this invitation, so there is nothing to answer.",
}
_NUMBERS = {2: "two", 3: "three", 4: "four", 5: "five"}


def names(schools: Sequence[School]) -> str:
    """“A”, “A and B”, “A, B and C” (“” for none)."""
    listed = [s.name for s in schools]
    if not listed:
        return ""
    return listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " and " + listed[-1]


# -- from the setup form ------------------------------------------------------------------


def arrange(
    db: Database, school: School, user_id: str, channel: str, partner_ids: Sequence[int]
) -> list[Invitation]:
    """The trio channel and invited partners from a school's setup, inside its transaction:
    start or move the school's trio, invite the schools newly named, withdraw invitations no
    longer named. Returns the invitations sent now. Refusals name the field: "channel" or
    "partners"."""
    check(db, user_id, Action.INVITE, school)
    trio = _trio_in(db, school, channel, user_id)
    partners = {i for i in trio.school_ids if i != school.id}
    waiting = {i.school_id: i for i in storage.invitations_from_trio(db, trio.id)}
    wanted = list(dict.fromkeys(i for i in partner_ids if i != school.id))
    dropped = [storage.get_school(db, i) for i in partners if i not in wanted]
    if dropped:
        raise Refusal(
            f"{names(dropped)} {'is' if len(dropped) == 1 else 'are'} in your trio already, "
            "and a school leaves a trio itself. To leave it yourselves, use “Leave the trio” "
            "on the bot's Home tab.",
            field="partners",
        )
    for invited, invitation in waiting.items():
        if invited not in wanted and invitation.from_school_id == school.id:
            storage.answer_invitation(db, invitation.id, "withdrawn", user_id)
            _refresh_homes(db, [invited])
    new = [i for i in wanted if i not in partners and i not in waiting]
    kept = [i for i in waiting if i in wanted]
    if len(trio.school_ids) + len(kept) + len(new) > TRIO_SIZE:
        raise Refusal(
            f"A trio has {_NUMBERS.get(TRIO_SIZE, TRIO_SIZE)} schools; with the schools "
            "already in it or invited, that would make "
            f"{len(trio.school_ids) + len(kept) + len(new)}. Choose fewer partners.",
            field="partners",
        )
    sent = []
    for invited_id in new:
        invited = _school(db, invited_id)
        theirs = storage.trio_of(db, invited.id)
        if theirs is not None and len(theirs.school_ids) > 1:
            raise Refusal(
                f"{invited.name} is already in a trio with other schools. It would have to "
                "leave that trio before it could join yours.",
                field="partners",
            )
        invitation = storage.invite(db, trio.id, invited.id, school.id, user_id)
        for member in storage.members_of(db, invited.id):
            effects.invitation(db, invitation.id, member, by=user_id)
        if partners:  # the schools already in the trio hear who is being asked
            effects.trio_news(db, trio.channel_id, "invited", invited.id, by=user_id)
        sent.append(invitation)
    if sent:
        _refresh_homes(db, [i.school_id for i in sent])
    return sent


def _trio_in(db: Database, school: School, channel: str, user_id: str) -> Trio:
    current = storage.trio_of(db, school.id)
    there = storage.trio_for_channel(db, channel)
    if there is not None and school.id not in there.school_ids:
        others = [storage.get_school(db, i) for i in there.school_ids]
        raise Refusal(
            f"That channel is already the trio channel of {names(others)}. To join their "
            "trio, ask one of their members to invite your school; or choose another channel.",
            field="channel",
        )
    if current is None:
        return storage.start_trio(db, channel, school.id, user_id)
    if current.channel_id == channel:
        return current
    if len(current.school_ids) > 1:
        others = [storage.get_school(db, i) for i in current.school_ids if i != school.id]
        raise Refusal(
            f"Your trio with {names(others)} meets in another channel, and one school can't "
            "move it. Keep that channel, or leave the trio first (Home tab).",
            field="channel",
        )
    return storage.move_trio(db, current.id, channel)


def _school(db: Database, school_id: int) -> School:
    with gone("One of the schools you chose no longer exists.", field="partners"):
        return storage.get_school(db, school_id)


# -- answering ----------------------------------------------------------------------------


def accept(db: Database, user_id: str, invitation_id: int) -> Trio:
    """A member of the invited school says yes: the school joins the trio."""
    with storage.transaction(db):
        invitation, invited = _waiting(db, user_id, invitation_id, Action.ANSWER_INVITATION)
        trio = storage.get_trio(db, invitation.trio_id)
        if len(trio.school_ids) >= TRIO_SIZE:
            raise Refusal(
                f"That trio has {_NUMBERS.get(TRIO_SIZE, TRIO_SIZE)} schools already, so "
                "there is no room for yours."
            )
        mine = storage.trio_of(db, invited.id)
        if mine is not None and mine.id != trio.id:
            if len(mine.school_ids) > 1:
                others = [storage.get_school(db, i) for i in mine.school_ids if i != invited.id]
                raise Refusal(
                    f"{invited.name} is in a trio with {names(others)}. Leave it first (Home "
                    "tab), then accept this invitation."
                )
            for sent in storage.invitations_from_trio(db, mine.id):  # its own, now moot
                storage.answer_invitation(db, sent.id, "withdrawn", user_id)
                _refresh_homes(db, [sent.school_id])
            storage.remove_from_trio(db, invited.id)  # a trio of one: it moves
        storage.answer_invitation(db, invitation.id, "accepted", user_id)
        trio = storage.join_trio(db, trio.id, invited.id)
        effects.invitation_answered(db, invitation.id, to=invitation.invited_by)
        effects.trio_news(db, trio.channel_id, "joined", invited.id, by=user_id)
        cycle = storage.current_cycle(db, invited.id)
        if cycle is not None and cycle.status == "judged":  # its summary is due there now
            effects.summary(db, invited.id, cycle.id, by=user_id, chart=True)
        _refresh_homes(db, trio.school_ids)
    return trio


def decline(db: Database, user_id: str, invitation_id: int) -> Invitation:
    """A member of the invited school says no; the inviting member is told."""
    with storage.transaction(db):
        invitation, invited = _waiting(db, user_id, invitation_id, Action.ANSWER_INVITATION)
        answered = storage.answer_invitation(db, invitation.id, "declined", user_id)
        effects.invitation_answered(db, invitation.id, to=invitation.invited_by)
        _refresh_homes(db, [invited.id, invitation.from_school_id])
    return answered


def withdraw(db: Database, user_id: str, invitation_id: int) -> Invitation:
    """A member of the inviting school takes back an invitation still waiting."""
    with storage.transaction(db):
        invitation = _invitation(db, invitation_id)
        check(db, user_id, Action.WITHDRAW_INVITATION, _from(db, invitation))
        if invitation.state != "pending":
            raise Refusal("That invitation has been answered already, so it can't be withdrawn.")
        answered = storage.answer_invitation(db, invitation.id, "withdrawn", user_id)
        _refresh_homes(db, [invitation.school_id, invitation.from_school_id])
    return answered


def leave(db: Database, user_id: str, school_id: int) -> School:
    """A member takes their school out of its trio; the schools that remain are told."""
    with storage.transaction(db):
        school = _school(db, school_id)
        check(db, user_id, Action.LEAVE_TRIO, school)
        trio = storage.trio_of(db, school.id)
        if trio is None:
            raise Refusal(f"{school.name} isn't in a trio, so there is nothing to leave.")
        for invitation in storage.invitations_from(db, school.id):
            storage.answer_invitation(db, invitation.id, "withdrawn", user_id)
        remaining = storage.remove_from_trio(db, school.id)
        if remaining is not None:
            effects.trio_news(db, remaining.channel_id, "left", school.id, by=user_id)
        _refresh_homes(db, [school.id, *(remaining.school_ids if remaining else ())])
    return school


def _invitation(db: Database, invitation_id: int) -> Invitation:
    with gone(GONE):
        return storage.get_invitation(db, invitation_id)


def _from(db: Database, invitation: Invitation) -> School:
    with gone(GONE):
        return storage.get_school(db, invitation.from_school_id)


def _waiting(
    db: Database, user_id: str, invitation_id: int, action: Action
) -> tuple[Invitation, School]:
    invitation = _invitation(db, invitation_id)
    invited = storage.get_school(db, invitation.school_id)
    check(db, user_id, action, invited)
    if invitation.state != "pending":
        raise Refusal(ANSWERED[invitation.state].format(school=_from(db, invitation).name))
    return invitation, invited


def _refresh_homes(db: Database, school_ids: Sequence[int]) -> None:
    for school_id in dict.fromkeys(school_ids):
        for member in storage.members_of(db, school_id):
            effects.home(db, member)


# -- what a person sees -------------------------------------------------------------------


@dataclass(frozen=True)
class Received:
    invitation: Invitation
    inviting: School
    channel: str


@dataclass(frozen=True)
class Sent:
    invitation: Invitation
    invited: School
    inviting: School


@dataclass(frozen=True)
class TrioPanel:
    """A school's trio as its members see it on the Home tab."""

    channel: str | None
    partners: list[School]
    received: list[Received]
    sent: list[Sent]


def panel(db: Database, school: School) -> TrioPanel:
    trio = storage.trio_of(db, school.id)
    received = []
    for invitation in storage.invitations_to(db, school.id):
        inviting = storage.get_school(db, invitation.from_school_id)
        channel = storage.get_trio(db, invitation.trio_id).channel_id
        received.append(Received(invitation, inviting, channel))
    sent = [
        Sent(i, storage.get_school(db, i.school_id), storage.get_school(db, i.from_school_id))
        for i in (storage.invitations_from_trio(db, trio.id) if trio else [])
    ]
    return TrioPanel(
        channel=trio.channel_id if trio else None,
        partners=storage.partners_of(db, school.id),
        received=received,
        sent=sent,
    )


@dataclass(frozen=True)
class InvitationView:
    """An invitation, the two schools, the trio's channel and the schools in it now."""

    channel: str
    partners: list[School]
    invitation: Invitation
    invited: School
    inviting: School
    public: Readers | None = None  # set when Slack last said the trio channel is public


def invitation_view(db: Database, invitation_id: int) -> InvitationView | None:
    """An invitation as it stands now; None if it is gone."""
    try:
        invitation = storage.get_invitation(db, invitation_id)
        trio = storage.get_trio(db, invitation.trio_id)
        return InvitationView(
            invitation=invitation,
            invited=storage.get_school(db, invitation.school_id),
            inviting=storage.get_school(db, invitation.from_school_id),
            channel=trio.channel_id,
            partners=[storage.get_school(db, i) for i in trio.school_ids],
            public=channels.public(db, trio.channel_id),
        )
    except storage.NotFoundError:
        return None


def waiting_for(db: Database, invitation_id: int, user_id: str) -> InvitationView | None:
    """The invitation to put to this person now: None once it is answered or gone, or when
    they are no longer a member of the school invited."""
    view = invitation_view(db, invitation_id)
    if view is None or view.invitation.state != "pending":
        return None
    return view if may(db, user_id, Action.ANSWER_INVITATION, view.invited) else None


def school_or_none(db: Database, school_id: int) -> School | None:
    try:
        return storage.get_school(db, school_id)
    except storage.NotFoundError:
        return None
