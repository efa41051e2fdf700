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
from core import effects
from core.policy import who_may_see
from storage.channels import ChannelCheck, last_check, latest_check, record_check

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
