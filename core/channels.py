"""Channels chosen with care: who can read a channel a school posts its evidence in.

When someone picks a trio channel or their school's own channel in setup, the bot asks
Slack who can read it (the Face does; this is plain Python) and records it here. A public
channel, or one with members from outside the trio's schools, is said plainly before the
setup is saved, and saving it needs the person's explicit confirmation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

import storage
from core import effects, lifecycle
from core.policy import Action, may, who_may_see
from rubric.models import Framework
from storage.bot_channels import presence, schools_meeting_in, set_presence
from storage.channels import ChannelCheck, last_check, latest_check, record_check
from storage.records import School

FRESH = timedelta(hours=1)  # how long a check stands before setup asks Slack again
CONFIRM = "Post there anyway"


@dataclass(frozen=True)
class Readers:
    """Who can read the channel, as far as Slack said."""

    channel: str
    name: str
    is_private: bool
    outsiders: int  # members who are not in the person's school or its trio partners

    @property
    def warning(self) -> str | None:
        """The plain sentence setup shows before saving; None when only the trio can read."""
        if not self.is_private:
            return (
                f"#{self.name} is public: everyone in the workspace can read your summary and "
                "evidence there. A private channel with only your trio's schools is safer."
            )
        if self.outsiders:
            people = f"{self.outsiders} {'person' if self.outsiders == 1 else 'people'}"
            return (
                f"{people} in #{self.name} {'is' if self.outsiders == 1 else 'are'} not in your "
                "school or its trio partners, and can read your summary and evidence there."
            )
        return None


def record_readers(
    db: Database, user_id: str, channel: str, *, name: str, is_private: bool, members: Iterable[str]
) -> Readers:
    """Record what Slack said about a channel the person picked (`members`: its people, the
    bot left out); how many of them are outside the person's school and its partners."""
    insiders = {user_id}
    for school in storage.schools_of(db, user_id)[:1]:
        insiders.update(who_may_see(db, school))
    outsiders = len(set(members) - insiders)
    check = record_check(
        db, channel, user_id, name=name, is_private=is_private, outsiders=outsiders
    )
    return _readers(check)


def needs_confirming(db: Database, user_id: str, channel: str) -> Readers | None:
    """The readers of a channel the person picked, when saving it there needs their say-so;
    None when only the trio can read it, or nobody knows yet: then the bot asks Slack once
    the setup is saved, and tells the person if others can read it."""
    since = (datetime.now(UTC) - FRESH).isoformat(timespec="seconds")
    check = last_check(db, channel, user_id, since=since)
    if check is None:
        effects.check_channel(db, user_id, channel)
        return None
    readers = _readers(check)
    return readers if readers.warning else None


def public(db: Database, channel: str) -> Readers | None:
    """The channel's readers if Slack last said it is public; None otherwise."""
    check = latest_check(db, channel)
    return _readers(check) if check is not None and not check.is_private else None


def _readers(check: ChannelCheck) -> Readers:
    return Readers(check.channel_id, check.name, check.is_private, check.outsiders)


# -- the bot's own place in a channel -----------------------------------------------------


def bot_joined(db: Database, channel: str) -> None:
    """Slack let the bot into the channel (it joined, or was already in)."""
    set_presence(db, channel, "joined")


def bot_kept_out(db: Database, channel: str, code: str) -> None:
    """Slack would not let the bot into the channel (`code`: what it said). Until someone
    invites it, nothing is posted there: a start is answered with how to invite it."""
    set_presence(db, channel, "invite_needed", code)


def kept_out(db: Database, channel: str) -> str | None:
    """What Slack said when it last kept the bot out of the channel; None when the bot is
    in, or has not been kept out."""
    found = presence(db, channel)
    return found.code if found is not None and found.state == "invite_needed" else None


def bot_let_in(db: Database, framework: Framework, channel: str, *, by: str | None) -> list[School]:
    """Someone invited the bot into a channel. What waited for it follows: the next area of
    a review under way in a school's own channel, a finished review's summary in a trio
    channel. Returns the schools whose review went on."""
    went_on: list[School] = []
    with storage.transaction(db):
        was_out = kept_out(db, channel) is not None
        bot_joined(db, channel)
        if not was_out:
            return went_on
        for school_id in schools_meeting_in(db, channel):
            school = storage.get_school(db, school_id)
            cycle = storage.current_cycle(db, school.id)
            judged = storage.judgements_for(db, cycle.id) if cycle else {}
            area = lifecycle.next_area(framework, judged) if cycle else None
            if cycle is None or area is None:
                continue
            effects.present_area(
                db,
                school.id,
                cycle.id,
                area.id,
                to=channel,
                by=_told(db, school, by, school.created_by),
                automatic=False,  # asked for: a start was held until the bot was let in
            )
            went_on.append(school)
        trio = storage.trio_for_channel(db, channel)
        for school_id in trio.school_ids if trio else ():
            cycle = storage.current_cycle(db, school_id)
            if cycle is not None and cycle.status == "judged" and cycle.summary_ts is None:
                told = _told(db, storage.get_school(db, school_id), by, cycle.started_by)
                effects.summary(db, school_id, cycle.id, by=told, chart=True)
    return went_on


def _told(db: Database, school: School, inviter: str | None, otherwise: str) -> str:
    """Who hears if what was held for the bot then fails: whoever invited it, when they
    belong to the school (may judge its review); else `otherwise`, one of its own."""
    return inviter if inviter and may(db, inviter, Action.JUDGE, school) else otherwise
