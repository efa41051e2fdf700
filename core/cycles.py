"""Repeating the review: closing the current cycle and starting the next."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

import storage
from core import channels, effects, lifecycle
from core.errors import Refusal
from core.policy import Action
from core.review import cycle_acted_on, school_acted_on
from rubric.models import Area, Framework
from storage.records import Challenge, Cycle, School


@dataclass(frozen=True)
class NewCycle:
    school: School
    closed: Cycle
    started: Cycle
    kept_out: str | None = None  # why the bot is not in the school's channel: Area 1 waits


@dataclass(frozen=True)
class NewCycleQuestion:
    """What the one confirmation before a new cycle names: the cycle it closes, the areas
    left without a judgement in it, and its challenges still open (not yet answered)."""

    school: School
    cycle: Cycle
    unjudged: list[Area]
    open_challenges: list[Challenge]


def ask(
    db: Database, framework: Framework, user_id: str, cycle_id: int | None = None
) -> NewCycleQuestion:
    """Before asking "start a new cycle?": the person's school and its current cycle (or the
    cycle a button names, if it is still the current one), and what is left open in it."""
    if cycle_id is None:
        school = school_acted_on(db, user_id, Action.START_CYCLE)
        cycle = storage.current_cycle(db, school.id)
        if cycle is None:
            raise Refusal(f"{school.name} has no review yet: `/peer-review start` begins cycle 1.")
    else:
        cycle, school = cycle_acted_on(db, user_id, cycle_id, Action.START_CYCLE)
        _still_current(db, school, cycle)
    judged = storage.judgements_for(db, cycle.id)
    return NewCycleQuestion(
        school=school,
        cycle=cycle,
        unjudged=[a for a in framework.areas if a.id not in judged],
        open_challenges=[c for c in storage.challenges_for(db, cycle.id) if lifecycle.is_open(c)],
    )


def _still_current(db: Database, school: School, cycle: Cycle) -> None:
    current = storage.current_cycle(db, school.id)
    if current is None or current.id != cycle.id:
        now_on = f" {school.name} is on cycle {current.number}." if current else ""
        raise Refusal(f"Cycle {cycle.number} was already closed.{now_on}")


def start_next(db: Database, framework: Framework, user_id: str, cycle_id: int) -> NewCycle:
    """Close the cycle named in the (confirmed) form and start the next; its first area
    is presented at once, or, while the bot is kept out of the school's channel, as soon as
    it is invited there."""
    with storage.transaction(db):
        cycle, school = cycle_acted_on(db, user_id, cycle_id, Action.START_CYCLE)
        _still_current(db, school, cycle)
        started = storage.new_cycle(db, school.id, framework, user_id)
        kept_out = channels.kept_out(db, school.channel_id) if school.channel_id else None
        if kept_out is None:
            effects.present_area(
                db,
                school.id,
                started.id,
                framework.areas[0].id,
                to=school.channel_id or user_id,
                by=user_id,
                automatic=True,
            )
    return NewCycle(school=school, closed=cycle, started=started, kept_out=kept_out)
