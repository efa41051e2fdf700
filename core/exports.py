"""Asking for the diagnostic workbook (with its CSV) or the report for governors (PDF): who
may export which schools, and of which review cycle the report is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlite_utils import Database

import storage
from core import effects
from core.errors import Refusal
from core.policy import Action, may
from core.review import school_acted_on
from storage.records import School

Format = Literal["xlsx", "pdf"]  # the workbook and a CSV, or the report for governors


@dataclass(frozen=True)
class ExportRequest:
    school: School
    schools: list[School]  # the school first, then trio partners whose evidence they may see
    format: Format = "xlsx"
    cycle: int | None = None  # the report's cycle; None: each school's latest judged


def request_export(
    db: Database, user_id: str, *, trio: bool, format: Format = "xlsx", cycle: int | None = None
) -> ExportRequest:
    """The person's school (and, with `trio`, its partners), sent to them by DM as the
    workbook and CSV or as the report for governors; that of review `cycle` when asked
    (partners without a review, or without that cycle, are left out)."""
    with storage.transaction(db):
        school = school_acted_on(db, user_id, Action.EXPORT)
        check_cycle(db, school, cycle)
        asked = [school, *(storage.partners_of(db, school.id) if trio else [])]
        allowed = set(still_allowed(db, user_id, [s.id for s in asked]))
        schools = [s for s in asked if s.id in allowed and _has_cycle(db, s, cycle)]
        effects.export(db, user_id, [s.id for s in schools], format=format, cycle=cycle)
    return ExportRequest(school=school, schools=schools, format=format, cycle=cycle)


def check_cycle(db: Database, school: School, cycle: int | None) -> None:
    """Refuse an export of a school without a review, or of a review cycle it has not had
    (naming the cycles it has)."""
    numbers = [c.number for c in storage.cycles_of(db, school.id)]
    if not numbers:
        raise Refusal(f"{school.name} has no review yet, so there is nothing to export.")
    if cycle is not None and cycle not in numbers:
        there = (
            f"there is only cycle {numbers[0]}"
            if len(numbers) == 1
            else f"there are cycles {', '.join(map(str, numbers[:-1]))} and {numbers[-1]}"
        )
        raise Refusal(f"{school.name} has no review cycle {cycle}: {there}.")


def _has_cycle(db: Database, school: School, cycle: int | None) -> bool:
    """Whether the school has had review `cycle` (any review, when None)."""
    numbers = [c.number for c in storage.cycles_of(db, school.id)]
    return bool(numbers) if cycle is None else cycle in numbers


def still_allowed(db: Database, user_id: str, school_ids: list[int]) -> list[int]:
    """Of the schools asked for, those the person may still export now (they may have left
    a school since asking): their own school, then partners whose evidence they may see."""
    allowed = []
    for index, school_id in enumerate(school_ids):
        try:
            school = storage.get_school(db, school_id)
        except storage.NotFoundError:
            continue
        if may(db, user_id, Action.EXPORT if index == 0 else Action.SEE_EVIDENCE, school):
            allowed.append(school_id)
    return allowed
