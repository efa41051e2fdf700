"""Reminders that follow a review round's dates, to whoever is next.

Each hour (within working hours) every open round is read school by school
(:func:`core.stages.progress`): the people whose turn it is — a school's members to finish
its self-evaluation or record its outcomes, its partners and external challengers to
challenge it, its partners to agree its outcomes — are reminded once a due date of theirs
is a week away or has passed. One reminder lists everything the person is due for in the
round, at most one a week per person and round, never on a day their school is closed (nor
to a school that turned its reminders off; an external challenger has no school). A
school in a round gets these instead of the everyday reminder (:mod:`core.reminders`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlite_utils import Database

import storage
from core import alliance_effects, stages
from core.clock import moment
from core.reminders import AT_MOST_EVERY, ReminderRule
from core.rounds import standing_in_round
from core.stages import Progress, Stage
from rubric.models import Framework
from storage import alliances, externals, rounds
from storage.alliances import Alliance
from storage.records import School
from storage.rounds import Round

REMIND_BEFORE = timedelta(days=7)  # a due date this close, or passed, brings a reminder


@dataclass(frozen=True)
class Item:
    """One thing a person is due for in the round."""

    school: School  # whose review it is
    stage: Stage
    due: str  # ISO date
    own: bool  # the person's own school (else they review it)
    judged: int  # areas judged so far
    summary_channel: str | None  # where its summary is, for a challenge


@dataclass(frozen=True)
class RoundReminder:
    alliance: Alliance
    round: Round
    items: list[Item]
    today: date
    areas: int  # how many areas the framework has


def is_near(due: str, today: date) -> bool:
    """A due date a week away or less, or passed."""
    return date.fromisoformat(due) - today <= REMIND_BEFORE


def _item(found: Progress, *, own: bool) -> Item:
    cycle = found.standing.cycle if found.standing else None
    return Item(
        school=found.school,
        stage=found.stage,
        due=found.due or "",
        own=own,
        judged=found.judged,
        summary_channel=cycle.summary_channel if cycle else None,
    )


def _in(
    db: Database, framework: Framework, found: Round, school_id: int, today: date
) -> Progress | None:
    """The school's progress, if it is reviewing in this round now."""
    progress = standing_in_round(db, framework, storage.get_school(db, school_id), today)
    if progress is None or progress.round is None or progress.round.id != found.id:
        return None
    return progress


def reminder_for(
    db: Database, framework: Framework, round_id: int, user_id: str, today: date
) -> RoundReminder | None:
    """The reminder as it stands now: everything the person is next for in the round; None
    when nothing is (they did it, or the round closed)."""
    try:
        found = rounds.get_round(db, round_id)
    except storage.NotFoundError:
        return None
    if found.closed_at is not None:
        return None
    in_round = rounds.cycles_in(db, found.id)
    mine = [s.id for s in storage.schools_of(db, user_id)]
    candidates = list(mine)
    for school_id in mine:
        candidates += [p.id for p in storage.partners_of(db, school_id)]
    candidates += externals.challenged_by_external(db, user_id)
    items = []
    for school_id in dict.fromkeys(candidates):
        progress = _in(db, framework, found, school_id, today) if school_id in in_round else None
        if progress is not None and progress.due and user_id in stages.next_people(db, progress):
            items.append(_item(progress, own=school_id in mine))
    if not items:
        return None
    alliance = alliances.get_alliance(db, found.alliance_id)
    return RoundReminder(
        alliance=alliance, round=found, items=items, today=today, areas=len(framework.areas)
    )


def due_round_reminders(
    db: Database, framework: Framework, now: datetime, today: date
) -> list[tuple[Round, str]]:
    """(round, person) for everyone due a round reminder now."""
    due = []
    for found in rounds.open_rounds(db):
        waiting: dict[str, list[Progress]] = {}
        for school_id in rounds.cycles_in(db, found.id):
            progress = _in(db, framework, found, school_id, today)
            if progress is None:
                continue
            for person in stages.next_people(db, progress):
                waiting.setdefault(person, []).append(progress)
        for person, found_for in waiting.items():
            if not any(p.due and is_near(p.due, today) for p in found_for):
                continue
            last = rounds.last_reminded(db, found.id, person)
            if last is not None and now - moment(last) < AT_MOST_EVERY:
                continue
            due.append((found, person))
    return due


def send_due_round_reminders(
    db: Database, framework: Framework, now: datetime, rule: ReminderRule
) -> int:
    """Write each due round reminder to the outbox and record it, together; how many.
    Outside working hours none is sent, none to a person whose school is closed today, and
    none to a member of a school that turned its reminders off."""
    if not rule.hours.open_at(now):
        return 0
    today = rule.hours.today(now)
    closed = storage.closed_on(db, today.isoformat())
    at = now.isoformat(timespec="seconds")
    sent = 0
    for found, person in due_round_reminders(db, framework, now, today):
        schools = storage.schools_of(db, person)
        if any(s.id in closed for s in schools):
            continue
        if schools and not any(s.reminders_enabled for s in schools):
            continue  # their school turned reminders off (a lead's nudge still reaches them)
        with storage.transaction(db):
            alliance_effects.round_reminder(db, found.id, person)
            rounds.mark_reminded(db, found.id, person, at)
        sent += 1
    return sent
