"""External challengers: people from no school (a school improvement partner, a consultant,
a lead reviewer) asked to challenge one school's review.

A member of the school, or a lead of its alliance, asks them (the policy's INVITE_EXTERNAL).
They then see what a trio partner sees, for that school only, and challenge by replying in
its summary's thread or with the Challenge button (:mod:`core.challenges`); the access
policy's :attr:`~core.policy.Relation.EXTERNAL` says so everywhere else. Asking them, and
asking them to stop, tells them by DM, tells the school's members and refreshes the Home
tabs, in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlite_utils import Database

import storage
from core import alliance_effects
from core.alliances import refresh_homes
from core.errors import Refusal, gone
from core.policy import (
    Action,
    Relation,
    acting_for,
    check,
    may_be_asked_as_external,
    relation,
)
from storage import alliances, externals
from storage.records import Cycle, School

News = Literal["invited", "removed"]

NO_SCHOOL = (
    "Say which school: `/peer-review external @person for Hillmead` (a school of an alliance "
    "you lead), or set up your own school with `/peer-review setup`."
)
THE_BOT = (
    "That's me, the bot: I guide the review, but I can't challenge it. Mention the person "
    "you'd like to ask, e.g. `/peer-review external @Sam Lee`."
)


class AboutThem(Refusal):
    """A refusal about the person asked: the sentence goes on (`rest`) after their name,
    which the Face writes as a mention of `person`."""

    def __init__(self, person: str, rest: str):
        super().__init__(f"{person} {rest}")
        self.person = person
        self.rest = rest


def school_for(db: Database, user_id: str, name: str | None) -> School:
    """The school a command is about: the one `name`d (as it is set up), or the person's own."""
    if name:
        found = storage.find_school(db, name)
        if found is None:
            raise Refusal(f"I can't find a school called “{name[:80]}”. Use its name as set up.")
        return found
    schools = storage.schools_of(db, user_id)
    if not schools:
        raise Refusal(NO_SCHOOL)
    return schools[0]


def invite(
    db: Database, user_id: str, school_id: int, person: str, *, bot_user_id: str | None = None
) -> School:
    """Ask `person` to challenge the school's review as an external challenger. Not one of
    its members, nor of its trio partners (they take part already), nor the bot, nor
    someone asked already."""
    with storage.transaction(db):
        school = _school(db, school_id)
        check(db, user_id, Action.INVITE_EXTERNAL, school)
        if person == bot_user_id:
            raise Refusal(THE_BOT)
        stance = relation(db, person, school)
        if stance is Relation.MEMBER:
            raise AboutThem(
                person,
                f"is already a member of {school.name}, so they take part in its review as a "
                "member, not as an external challenger.",
            )
        partner = acting_for(db, person, school) if stance is Relation.PARTNER else None
        if partner is not None:
            raise AboutThem(
                person,
                f"is already a member of {partner.name}, {school.name}'s trio partner, so "
                "they can challenge its review as a partner already.",
            )
        if not may_be_asked_as_external(db, user_id, person, school):
            raise AboutThem(
                person,
                f"leads {school.name}'s alliance, and {school.name} shares its levels and "
                "progress with its leads, not its evidence. Only its members can ask a lead "
                "to challenge its review as an external challenger.",
            )
        if not externals.add_external(db, school.id, person, invited_by=user_id):
            raise AboutThem(
                person,
                f"is already an external challenger of {school.name}, so there is nothing "
                "more to do: they can challenge its review now.",
            )
        _tell(db, school, person, "invited", by=user_id)
    return school


def remove(db: Database, user_id: str, school_id: int, person: str) -> School:
    """Ask an external challenger to stop: they no longer see the school's review (what
    they wrote is kept, and still named as an external challenger's)."""
    with storage.transaction(db):
        school = _school(db, school_id)
        check(db, user_id, Action.INVITE_EXTERNAL, school)
        if not externals.remove_external(db, school.id, person):
            raise AboutThem(
                person,
                f"isn't an external challenger of {school.name}, so there is nothing to remove.",
            )
        _tell(db, school, person, "removed", by=user_id)
    return school


@dataclass(frozen=True)
class Challengers:
    school: School
    people: tuple[str, ...]  # in the order they were asked


def challengers(db: Database, user_id: str, school_id: int) -> Challengers:
    """The school's external challengers, for its members and its alliance's leads."""
    school = _school(db, school_id)
    check(db, user_id, Action.INVITE_EXTERNAL, school)
    return Challengers(school, tuple(externals.externals_of(db, school.id)))


def _school(db: Database, school_id: int) -> School:
    with gone("That school no longer exists, so nothing was changed."):
        return storage.get_school(db, school_id)


def _tell(db: Database, school: School, person: str, what: News, *, by: str) -> None:
    """The challenger and the school's members (but whoever asked) are told; the Home tabs
    of everyone who sees the school's review from inside or above it are refreshed."""
    members = storage.members_of(db, school.id)
    for user in dict.fromkeys([person, *members]):
        if user != by:
            alliance_effects.external(db, school.id, user, person, what, by=by)
    refresh_homes(db, [school.id], alliances.alliance_of(db, school.id), also=[person])


# -- what the messages say ----------------------------------------------------------------


@dataclass(frozen=True)
class Told:
    """One message about an external challenger, as it is delivered."""

    school: School
    person: str  # the external challenger
    by: str  # who asked them (or asked them to stop)
    what: News
    to_them: bool  # the message goes to the challenger (else: a member of the school)
    lead_of: str | None  # the alliance's name, when `by` asked as its lead
    judged: Cycle | None  # the current cycle, every area judged and open: it can be challenged
    summary: tuple[str, str] | None  # (channel, ts) of that cycle's summary, once posted
    trio_channel: str | None


def told(
    db: Database, school_id: int, user_id: str, person: str, what: News, by: str
) -> Told | None:
    """The message to `user_id` as things stand now; None when it is moot (the school is
    gone, or the challenger was asked to stop before being told they were asked)."""
    try:
        school = storage.get_school(db, school_id)
    except storage.NotFoundError:
        return None
    if what == "invited" and not externals.is_external(db, school.id, person):
        return None
    alliance = alliances.alliance_of(db, school.id)
    as_lead = alliance is not None and relation(db, by, school) is not Relation.MEMBER
    cycle = storage.current_cycle(db, school.id)
    judged = cycle if cycle is not None and cycle.status == "judged" else None
    summary = None
    if judged is not None and judged.summary_channel and judged.summary_ts:
        summary = (judged.summary_channel, judged.summary_ts)
    trio = storage.trio_of(db, school.id)
    return Told(
        school=school,
        person=person,
        by=by,
        what=what,
        to_them=user_id == person,
        lead_of=alliance.name if as_lead and alliance else None,
        judged=judged,
        summary=summary,
        trio_channel=trio.channel_id if trio else None,
    )
