"""Gentle reminders for unfinished reviews: who is due one, and sending them.

A school with a cycle still in progress is due a reminder when nobody has recorded anything
for `days` days, its reminders are on, and it has not been reminded in the last week. The
reminder goes to the member who started the cycle (or, if they have left, the school's
longest-standing member) and names only the areas still missing. It is sent only in working
hours (:class:`core.hours.WorkingHours`) and never on a day the school marks as closed: a
reminder due then waits for the next check inside them. A cycle reviewed in an alliance's
open round is reminded by the round's dates instead (:mod:`core.round_reminders`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlite_utils import Database

import storage
from core import effects
from core.clock import moment
from core.hours import WorkingHours
from core.policy import Action, may
from rubric.models import Area, Framework
from storage import rounds
from storage.records import Cycle, School
from storage.reminders import mark_reminded, unfinished_cycles

AT_MOST_EVERY = timedelta(days=7)


@dataclass(frozen=True)
class ReminderRule:
    """The deployment's setting: `days` without progress, sent within `hours`."""

    days: int = 7
    hours: WorkingHours = field(default_factory=WorkingHours)


@dataclass(frozen=True)
class Reminder:
    school: School
    cycle: Cycle
    user_id: str
    missing: tuple[Area, ...]


def is_due(
    *, now: datetime, last_progress_at: datetime, last_reminded_at: datetime | None, days: int
) -> bool:
    """The rule: `days` without progress, and no reminder in the last week."""
    if now - last_progress_at < timedelta(days=days):
        return False
    return last_reminded_at is None or now - last_reminded_at >= AT_MOST_EVERY


def due_reminders(db: Database, framework: Framework, now: datetime, days: int) -> list[Reminder]:
    due = []
    stale = unfinished_cycles(
        db,
        framework.id,
        progress_before=(now - timedelta(days=days)).isoformat(timespec="seconds"),
        reminded_before=(now - AT_MOST_EVERY).isoformat(timespec="seconds"),
    )
    for found in stale:  # the database sifted them by the rule's two times; the rule decides
        cycle = found.cycle
        reminded = moment(cycle.last_reminded_at) if cycle.last_reminded_at else None
        if not is_due(
            now=now,
            last_progress_at=moment(found.last_progress_at),
            last_reminded_at=reminded,
            days=days,
        ):
            continue
        missing = tuple(a for a in framework.areas if a.id not in found.judged)
        if rounds.in_open_round(db, cycle.id):  # reminded by the round's dates instead
            continue
        recipient = _recipient(db, found.school, cycle)
        if not missing or recipient is None:
            continue
        due.append(Reminder(school=found.school, cycle=cycle, user_id=recipient, missing=missing))
    return due


def _recipient(db: Database, school: School, cycle: Cycle) -> str | None:
    if may(db, cycle.started_by, Action.RECEIVE_REMINDERS, school):
        return cycle.started_by
    members = storage.members_of(db, school.id)
    return members[0] if members else None


def send_due_reminders(
    db: Database, framework: Framework, now: datetime, rule: ReminderRule
) -> int:
    """Write each due reminder to the outbox and mark it sent, together; how many. Outside
    working hours none is sent, and none to a school closed today: they wait, still due."""
    if not rule.hours.open_at(now):
        return 0
    closed = storage.closed_on(db, rule.hours.local_day(now))
    sent = 0
    for reminder in due_reminders(db, framework, now, rule.days):
        if reminder.school.id in closed:
            continue
        with storage.transaction(db):
            effects.reminder(db, reminder.school.id, reminder.cycle.id, reminder.user_id)
            mark_reminded(db, reminder.cycle.id, now.isoformat(timespec="seconds"))
        sent += 1
    return sent
