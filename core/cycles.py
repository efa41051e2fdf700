"""Repeating the review: closing the current cycle and starting the next."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

import storage
from core import effects
from core.errors import Refusal
from core.policy import Action, check
from core.review import cycle_acted_on, school_of
from rubric.models import Framework
from storage.records import Cycle, School


@dataclass(frozen=True)
class NewCycle:
    school: School
    closed: Cycle
    started: Cycle


def ask(db: Database, user_id: str) -> tuple[School, Cycle]:
    """Before asking "start a new cycle?": the person's school and its current cycle."""
    school = school_of(db, user_id)
    check(db, user_id, Action.START_CYCLE, school)
    cycle = storage.current_cycle(db, school.id)
    if cycle is None:
        raise Refusal(f"{school.name} has no review yet: `/peer-review start` begins cycle 1.")
    return school, cycle


def start_next(db: Database, framework: Framework, user_id: str, cycle_id: int) -> NewCycle:
    """Close the cycle named in the (confirmed) button and start the next; its first area
    is presented at once."""
    with storage.transaction(db):
        cycle, school = cycle_acted_on(db, user_id, cycle_id, Action.START_CYCLE)
        current = storage.current_cycle(db, school.id)
        if current is None or current.id != cycle.id:
            now_on = f" {school.name} is on cycle {current.number}." if current else ""
            raise Refusal(f"Cycle {cycle.number} was already closed.{now_on}")
        started = storage.new_cycle(db, school.id, framework, user_id)
        effects.present_area(
            db,
            school.id,
            started.id,
            framework.areas[0].id,
            to=school.channel_id or user_id,
            by=user_id,
            automatic=True,
        )
    return NewCycle(school=school, closed=cycle, started=started)
