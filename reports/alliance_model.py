"""What the alliance export holds: every school of an alliance in its latest review round
(or, without a round, in its current cycle), where its review stands (:mod:`core.stages`),
and whether its evidence is shown, as the access policy lets the alliance's leads see it.

The rows of the overview (the workbook's *Overview* sheet and the CSV) are made here once,
so both files say the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlite_utils import Database

import storage
from core import standing
from core.clock import uk_date
from core.policy import Action, lead_may, may
from core.stages import Progress, Stage, progress
from rubric.models import Framework
from storage import alliances, rounds
from storage.alliances import Alliance
from storage.records import School
from storage.rounds import Round

NOT_SHARED = "Evidence not shared with the alliance"


@dataclass(frozen=True)
class AllianceSchool:
    """One school of the alliance in the export."""

    progress: Progress  # its school, standing (None before any cycle), stage and due date
    partners: tuple[str, ...]  # the names of its trio partner schools
    trio: int | None  # its trio's id (schools are listed trio by trio)
    evidence: bool  # whether its evidence is shown (the access policy: SEE_EVIDENCE)

    @property
    def school(self) -> School:
        return self.progress.school

    @property
    def standing(self) -> standing.Standing | None:
        return self.progress.standing


@dataclass(frozen=True)
class AllianceReport:
    """An alliance's round, school by school, as its leads see it on `today`."""

    alliance: Alliance
    round: Round | None  # the open round, or the last one; None before any
    schools: tuple[AllianceSchool, ...]
    today: date
    names: dict[str, str] = field(default_factory=dict)  # Slack user id -> name

    @property
    def people(self) -> list[str]:
        """Everyone the export names: who judged and challenged each school, who proposed
        and agreed its outcomes, its external challengers."""
        found: list[str] = []
        for school in self.schools:
            current = school.standing
            if current is None:
                continue
            found += current.people if school.evidence else current.completed_by
            found += [*current.challenged_by, *current.externals]
            if current.agreement is not None:
                found += [current.agreement.proposed_by, current.agreement.answered_by or ""]
        return [user for user in dict.fromkeys(found) if user]

    def name(self, user_id: str) -> str:
        return self.names.get(user_id) or user_id

    @property
    def round_text(self) -> str:
        """ "review round 2", or "current reviews" for an alliance without a round."""
        return f"review round {self.round.number}" if self.round else "current reviews"


def latest_round(db: Database, alliance_id: int) -> Round | None:
    """The alliance's open round, or else its last one (None before its first)."""
    found = rounds.open_round_of(db, alliance_id)
    if found is None:
        every = rounds.rounds_of(db, alliance_id)
        found = every[-1] if every else None
    return found


def alliance_report(
    db: Database, framework: Framework, alliance_id: int, *, viewer: str | None, today: date
) -> AllianceReport:
    """The alliance's latest round as `viewer` (a lead) may see it; with no viewer (the
    operator's command line), as any lead of the alliance sees it. A school reviews in the
    round's cycle; a school with none in the round (it joined later, or there is no round)
    in its current cycle."""
    alliance = alliances.get_alliance(db, alliance_id)
    found = latest_round(db, alliance.id)
    in_round = rounds.cycles_in(db, found.id) if found else {}
    schools = []
    for school_id in alliances.schools_in(db, alliance.id):
        school = storage.get_school(db, school_id)
        if school_id in in_round:
            cycle = storage.get_cycle(db, in_round[school_id])
            current = standing.of_cycle(db, framework, cycle, school=school)
        else:
            current = standing.of_school(db, framework, school.id)
        trio = storage.trio_of(db, school.id)
        shown = (
            may(db, viewer, Action.SEE_EVIDENCE, school)
            if viewer
            else lead_may(db, Action.SEE_EVIDENCE, school)
        )
        schools.append(
            AllianceSchool(
                progress=progress(db, current, school, today),
                partners=tuple(p.name for p in storage.partners_of(db, school.id)),
                trio=trio.id if trio else None,
                evidence=shown,
            )
        )
    schools.sort(key=lambda s: (s.trio is None, s.trio or 0, s.school.name.casefold()))
    report = AllianceReport(alliance=alliance, round=found, schools=tuple(schools), today=today)
    return named(db, report)


def named(db: Database, report: AllianceReport) -> AllianceReport:
    """The report with the names now known of the people it mentions."""
    return replace(report, names=storage.names_of(db, report.people))


# -- the overview, one row a school ------------------------------------------------------


def overview_headers(framework: Framework) -> list[str]:
    areas = [f"{a.number} {a.short_name}" for a in framework.areas]
    return [
        "School",
        "Trio partners",
        "Review cycle",
        *areas,
        "Overall",
        "Overall rating",
        "Mean",
        "Stage",
        "Areas judged",
        "Summary posted",
        "Challenges open",
        "Challenges answered",
        "Challenges resolved",
        "Outcomes agreed",
        "Due",
        "Overdue",
        "Quiet for (days)",
        "Evidence shared",
    ]


AREAS_FROM = 3  # the column of the first area's level in the overview


def overview_row(report: AllianceReport, framework: Framework, school: AllianceSchool) -> list[Any]:
    """The school's row: levels as numbers (blank when not judged), then its progress."""
    found, current = school.progress, school.standing
    levels: Sequence[int | None] = [None] * len(framework.areas)
    overall = None
    if current is not None:
        levels = [r.level for r in current.diagnostic.areas]
        overall = current.diagnostic.overall
    counts = found.challenges
    return [
        school.school.name,
        ", ".join(school.partners),
        current.cycle.number if current else None,
        *levels,
        overall.level if overall else None,
        overall.label if overall else "not yet rated",
        float(overall.mean) if overall else None,
        found.stage.value,
        found.judged,
        "yes" if found.summary_posted else "no",
        counts.open,
        counts.unresolved - counts.open,
        counts.total - counts.unresolved,
        agreed_text(report, school),
        uk_date(found.due) if found.due else "",
        "overdue" if found.overdue(report.today) else "",
        found.quiet_days(report.today),
        "yes" if school.evidence else "no",
    ]


def agreed_text(report: AllianceReport, school: AllianceSchool) -> str:
    """ "14 Mar 2026 by Priya Shah (Oakfield)", "recorded 14 Mar 2026" for a school without
    partners, or "" while not agreed."""
    current = school.standing
    if current is None or school.progress.stage is not Stage.DONE:
        return ""
    agreement = current.agreement
    if agreement is not None and agreement.state == "agreed" and agreement.answered_at:
        return f"{uk_date(agreement.answered_at)} by {report.name(agreement.answered_by or '')}"
    times = [o.recorded_at for o in current.outcomes.values()]
    if current.agreed is not None:
        times.append(current.agreed.recorded_at)
    return f"recorded {uk_date(max(times))}" if times else "recorded"
