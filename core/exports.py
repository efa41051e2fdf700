"""Asking for the diagnostic workbook (with its CSV) or the report for governors (PDF): who
may export which schools."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlite_utils import Database

import storage
from core import effects
from core.errors import Refusal
from core.policy import Action, check, may
from core.review import school_of
from storage.records import School

Format = Literal["xlsx", "pdf"]  # the workbook and a CSV, or the report for governors


@dataclass(frozen=True)
class ExportRequest:
    school: School
    schools: list[School]  # the school first, then trio partners whose evidence they may see
    format: Format = "xlsx"


def request_export(
    db: Database, user_id: str, *, trio: bool, format: Format = "xlsx"
) -> ExportRequest:
    """The person's school (and, with `trio`, its partners), sent to them by DM as the
    workbook and CSV or as the report for governors."""
    with storage.transaction(db):
        school = school_of(db, user_id)
        check(db, user_id, Action.EXPORT, school)
        if not storage.cycles_of(db, school.id):
            raise Refusal(f"{school.name} has no review yet, so there is nothing to export.")
        asked = [school, *(storage.partners_of(db, school.id) if trio else [])]
        allowed = set(still_allowed(db, user_id, [s.id for s in asked]))
        schools = [s for s in asked if s.id in allowed]
        effects.export(db, user_id, [s.id for s in schools], format=format)
    return ExportRequest(school=school, schools=schools, format=format)


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
