"""Gentle reminders for unfinished reviews: who is due one, and recording that it was sent.

A school with a cycle still in progress is due a reminder when nobody has recorded anything
for `days` days, its reminders are on, and it has not been reminded in the last week. The
reminder goes to the member who started the cycle and names only the areas still missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from rubric.models import Area, Framework
from storage.db import transaction
from storage.records import Cycle, School
from storage.reviews import current_cycle, judgements_for
from storage.schools import list_schools

AT_MOST_EVERY = timedelta(days=7)


@dataclass(frozen=True)
class Reminder:
    school: School
    cycle: Cycle
    user_id: str
    missing: tuple[Area, ...]


def _when(iso: str) -> datetime:
    value = datetime.fromisoformat(iso)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def last_progress(db: Database, cycle: Cycle) -> datetime:
    """When the cycle last moved: its start, or its latest judgement."""
    times = [_when(cycle.started_at)] + [
        _when(j.recorded_at) for j in judgements_for(db, cycle.id).values()
    ]
    return max(times)


def is_due(
    *, now: datetime, last_progress_at: datetime, last_reminded_at: datetime | None, days: int
) -> bool:
    """The rule: `days` without progress, and no reminder in the last week."""
    if now - last_progress_at < timedelta(days=days):
        return False
    return last_reminded_at is None or now - last_reminded_at >= AT_MOST_EVERY


def due_reminders(db: Database, framework: Framework, now: datetime, days: int) -> list[Reminder]:
    due = []
    for school in list_schools(db):
        cycle = current_cycle(db, school.id)
        if not school.reminders_enabled or cycle is None or cycle.status != "in_progress":
            continue
        if cycle.framework_id != framework.id:
            continue
        reminded = _when(cycle.last_reminded_at) if cycle.last_reminded_at else None
        if not is_due(
            now=now, last_progress_at=last_progress(db, cycle), last_reminded_at=reminded, days=days
        ):
            continue
        judged = judgements_for(db, cycle.id)
        missing = tuple(a for a in framework.areas if a.id not in judged)
        due.append(Reminder(school=school, cycle=cycle, user_id=cycle.started_by, missing=missing))
    return due


def mark_reminded(db: Database, cycle_id: int, at: datetime) -> None:
    with transaction(db):
        db["cycles"].update(cycle_id, {"last_reminded_at": at.isoformat(timespec="seconds")})
