"""What an export holds about one school: its standing in every cycle, oldest first; and
which cycle its report for governors is of."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from sqlite_utils import Database

import storage
from core import standing
from core.errors import Refusal
from core.policy import Relation
from rubric.models import Framework
from storage.records import School


@dataclass(frozen=True)
class SchoolReport:
    """One school in an export. People are named as Slack names them (``storage.people``);
    someone whose name the bot never learned shows as their member ID."""

    school: School
    cycles: list[standing.Standing]  # oldest first; the last is the current one
    names: dict[str, str] = field(default_factory=dict)  # Slack user id -> the person's name

    @property
    def people(self) -> list[str]:
        """Everyone its cycles name (who recorded, judged, challenged, responded)."""
        return list(dict.fromkeys(user for cycle in self.cycles for user in cycle.people))

    @property
    def externals(self) -> frozenset[str]:
        """Its external challengers (as they are now: one asked to stop is named plainly)."""
        return frozenset(user for cycle in self.cycles for user in cycle.externals)

    def name(self, user_id: str) -> str:
        """The person's name for a file a person reads, or their Slack user id when unknown;
        "Name (external challenger)" for one of its external challengers."""
        name = self.names.get(user_id) or user_id
        return f"{name} ({Relation.EXTERNAL})" if user_id in self.externals else name

    @property
    def current(self) -> standing.Standing:
        return self.cycles[-1]

    @property
    def peer_challenged_by(self) -> list[str]:
        """The workbook's "Peer challenged by": once a partner agreed the outcomes, who
        agreed them, with their school ("Ben Cole (Oakfield)"); before, who challenged."""
        agreement = self.current.agreement
        if agreement is not None and agreement.state == "agreed" and agreement.answered_by:
            school = agreement.answered_school
            who = self.name(agreement.answered_by)
            return [f"{who} ({school})" if school else who]
        return [self.name(user_id) for user_id in self.current.challenged_by]

    @property
    def peer_challenged_on(self) -> str | None:
        """The workbook's "Date of peer challenge": the day the outcomes were agreed, or
        before that, the day of the first challenge (a stored time)."""
        agreement = self.current.agreement
        if agreement is not None and agreement.state == "agreed" and agreement.answered_at:
            return agreement.answered_at
        return self.current.challenged_on

    @property
    def latest_judged(self) -> int:
        """The cycle a report for governors is of unless another is asked for: the latest
        with any judgement (the current one only when no cycle has any)."""
        judged = [c for c in self.cycles if c.judgements]
        return (judged or self.cycles)[-1].cycle.number

    def upto(self, number: int) -> SchoolReport | None:
        """The report as of cycle `number`: that cycle is the current one and the cycles
        before it are kept (for the radar and the shift); None without such a cycle."""
        kept = [c for c in self.cycles if c.cycle.number <= number]
        if not kept or kept[-1].cycle.number != number:
            return None
        return replace(self, cycles=kept)


def school_report(db: Database, framework: Framework, school_id: int) -> SchoolReport:
    """Everything the export needs about one school, every cycle included, with the names
    of the people it mentions."""
    school = storage.get_school(db, school_id)
    cycles = standing.history(db, framework, school.id)
    if not cycles:
        raise Refusal(f"{school.name} has not started a review yet, so there is nothing to export.")
    return named(db, SchoolReport(school=school, cycles=cycles))


def named(db: Database, report: SchoolReport) -> SchoolReport:
    """The report with the names now known of the people it mentions."""
    return replace(report, names=storage.names_of(db, report.people))


def reports_of(db: Database, framework: Framework, school_ids: list[int]) -> list[SchoolReport]:
    """The export of each school that has a review (a partner with none is left out)."""
    found = []
    for school_id in school_ids:
        try:
            found.append(school_report(db, framework, school_id))
        except (Refusal, storage.NotFoundError):
            continue
    return found


def as_of(reports: Sequence[SchoolReport], cycle: int | None = None) -> list[SchoolReport]:
    """Each school's report as of review cycle `cycle` (a school without that cycle is left
    out), or by default as of its latest cycle with any judgement: the cycles a report for
    governors is of."""
    found = [r.upto(r.latest_judged if cycle is None else cycle) for r in reports]
    return [r for r in found if r is not None]
