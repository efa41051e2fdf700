"""What an export holds about one school: its standing in every cycle, oldest first."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlite_utils import Database

import storage
from core import standing
from core.errors import Refusal
from rubric.models import Framework
from storage.records import School


@dataclass(frozen=True)
class SchoolReport:
    """One school in an export. People are named as Slack names them (``storage.people``);
    someone whose name the bot never learned shows as their member ID."""

    school: School
    cycles: list[standing.Standing]  # oldest first; the last is the current one
    names: dict[str, str] = field(default_factory=dict)  # Slack user id -> the person's name

    def name(self, user_id: str) -> str:
        """The person's name for a file a person reads, or their Slack user id when unknown."""
        return self.names.get(user_id) or user_id

    @property
    def current(self) -> standing.Standing:
        return self.cycles[-1]


def school_report(db: Database, framework: Framework, school_id: int) -> SchoolReport:
    """Everything the export needs about one school, every cycle included, with the names
    of the people it mentions."""
    school = storage.get_school(db, school_id)
    cycles = standing.history(db, framework, school.id)
    if not cycles:
        raise Refusal(f"{school.name} has not started a review yet, so there is nothing to export.")
    names = storage.names_of(db, [user for cycle in cycles for user in cycle.people])
    return SchoolReport(school=school, cycles=cycles, names=names)


def reports_of(db: Database, framework: Framework, school_ids: list[int]) -> list[SchoolReport]:
    """The export of each school that has a review (a partner with none is left out)."""
    found = []
    for school_id in school_ids:
        try:
            found.append(school_report(db, framework, school_id))
        except (Refusal, storage.NotFoundError):
            continue
    return found
