"""The one read model of a school's standing in a review cycle.

The summary, the Home tab, the ratings answer, the CLI report and the export all read a
:class:`Standing`: the judgements, the diagnostic by the framework's rule, the priorities,
the shift since the previous cycle, the challenges and their states, revisions after
challenge and the agreed outcomes. It is built with a handful of queries and never changes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlite_utils import Database

import storage
from core.lifecycle import ChallengeCounts, count_challenges, is_challenge, is_closed
from rubric.diagnostic import Diagnostic, Priority, Shift, diagnose, priorities, shift
from rubric.models import Framework
from storage import agreements, externals
from storage.agreements import Agreement
from storage.records import (
    AreaOutcome,
    Challenge,
    Cycle,
    CycleOutcome,
    HistoryEntry,
    Judgement,
    School,
)


@dataclass(frozen=True)
class Revision:
    """A judgement revised after challenge, as the workbook would note it."""

    area_id: str
    before: int
    after: int
    reason: str
    challengers: tuple[str, ...]  # who challenged that area (or, failing that, the review)


@dataclass(frozen=True)
class Standing:
    school: School
    cycle: Cycle
    previous: Cycle | None
    judgements: Mapping[str, Judgement]  # the framework's areas only
    previous_judgements: Mapping[str, Judgement]
    diagnostic: Diagnostic
    priorities: tuple[Priority, ...]
    shift: Shift | None  # None in a first cycle
    comments: tuple[Challenge, ...]  # challenges and responses, not deleted
    counts: Mapping[str | None, ChallengeCounts]
    revisions: Mapping[str, Revision]
    outcomes: Mapping[str, AreaOutcome]
    agreed: CycleOutcome | None
    completed_by: tuple[str, ...]  # who judged in the self-evaluation, in order of first judging
    history: tuple[HistoryEntry, ...] = field(repr=False, default=())
    agreement: Agreement | None = None  # the outcomes proposed to partners, and their answer
    externals: tuple[str, ...] = ()  # the school's external challengers

    @property
    def state(self) -> str:
        """ "in progress", "judged" (every area, still open to change) or "closed"."""
        if is_closed(self.cycle):
            return "closed"
        return "judged" if self.diagnostic.complete else "in progress"

    @property
    def challenges(self) -> tuple[Challenge, ...]:
        return tuple(c for c in self.comments if is_challenge(c))

    @property
    def people(self) -> tuple[str, ...]:
        """Everyone the standing names: who recorded, judged, challenged and responded, and
        who proposed and answered its outcomes."""
        found = [*self.completed_by, *(j.recorded_by for j in self.judgements.values())]
        found += [c.author_id for c in self.comments]
        if self.agreement is not None:
            found += [self.agreement.proposed_by, self.agreement.answered_by or ""]
        return tuple(dict.fromkeys(f for f in found if f))

    @property
    def challenged_by(self) -> tuple[str, ...]:
        """The workbook's "Peer challenged by": who challenged, in order of first challenge."""
        return tuple(dict.fromkeys(c.author_id for c in self.challenges))

    @property
    def challenged_on(self) -> str | None:
        """The workbook's "Date of peer challenge": the day of the first challenge."""
        return min((c.created_at for c in self.challenges), default=None)

    @property
    def open_challenges(self) -> int:
        return sum(c.open for c in self.counts.values())

    @property
    def scores(self) -> dict[str, int]:
        return {area_id: j.level for area_id, j in self.judgements.items()}


def of_school(db: Database, framework: Framework, school_id: int) -> Standing | None:
    """The school's standing in its current cycle (or its latest), None before any cycle."""
    school = storage.get_school(db, school_id)
    cycle = storage.current_cycle(db, school.id)
    if cycle is None:
        cycles = storage.cycles_of(db, school.id)
        if not cycles:
            return None
        cycle = cycles[-1]
    return of_cycle(db, framework, cycle, school=school)


def of_cycle(
    db: Database, framework: Framework, cycle: Cycle, *, school: School | None = None
) -> Standing:
    """The school's standing in `cycle`."""
    previous = storage.previous_cycle(db, cycle)
    return assemble(
        framework,
        school=school or storage.get_school(db, cycle.school_id),
        cycle=cycle,
        judgements=storage.judgements_for(db, cycle.id),
        previous=previous,
        previous_judgements=storage.judgements_for(db, previous.id) if previous else {},
        comments=storage.challenges_for(db, cycle.id),
        history=storage.history_for(db, cycle.id),
        outcomes=storage.area_outcomes_for(db, cycle.id),
        agreed=storage.cycle_outcome_for(db, cycle.id),
        agreement=agreements.agreement_for(db, cycle.id),
        externals=externals.externals_of(db, cycle.school_id),
    )


def assemble(
    framework: Framework,
    *,
    school: School,
    cycle: Cycle,
    judgements: Mapping[str, Judgement],
    previous: Cycle | None = None,
    previous_judgements: Mapping[str, Judgement] | None = None,
    comments: Sequence[Challenge] = (),
    history: Sequence[HistoryEntry] = (),
    outcomes: Mapping[str, AreaOutcome] | None = None,
    agreed: CycleOutcome | None = None,
    agreement: Agreement | None = None,
    externals: Sequence[str] = (),
) -> Standing:
    """A standing from what is recorded: the diagnostic, priorities, shift, challenge counts
    and revisions are worked out here, by the framework's rules."""
    judged = _framework_only(framework, judgements)
    before = _framework_only(framework, previous_judgements or {})
    scores = {a: j.level for a, j in judged.items()}
    return Standing(
        school=school,
        cycle=cycle,
        previous=previous,
        judgements=judged,
        previous_judgements=before,
        diagnostic=diagnose(framework, scores),
        priorities=tuple(
            priorities(framework, scores, {a: j.key_actions for a, j in judged.items()})
        ),
        shift=(
            shift(framework, {a: j.level for a, j in before.items()}, scores) if previous else None
        ),
        comments=tuple(c for c in comments if c.deleted_at is None),
        counts=count_challenges(comments),
        revisions=_revisions(tuple(history), tuple(comments)),
        outcomes=dict(outcomes or {}),
        agreed=agreed,
        completed_by=tuple(
            dict.fromkeys(h.changed_by for h in history if h.kind == "self_evaluation")
        )
        or tuple(  # no history at hand: by when each area was recorded, not area order
            dict.fromkeys(j.recorded_by for j in sorted(judged.values(), key=_recorded_at))
        ),
        history=tuple(history),
        agreement=agreement,
        externals=tuple(externals),
    )


def _recorded_at(judgement: Judgement) -> str:
    return judgement.recorded_at


def history(db: Database, framework: Framework, school_id: int) -> list[Standing]:
    """The school's standing in every cycle, oldest first (for the export)."""
    school = storage.get_school(db, school_id)
    return [of_cycle(db, framework, c, school=school) for c in storage.cycles_of(db, school.id)]


def chart_series(
    db: Database, framework: Framework, cycle: Cycle, most: int = 3
) -> list[tuple[Cycle, dict[str, int]]]:
    """The cycle and up to `most - 1` before it, oldest first, with their scores."""
    cycles = [c for c in storage.cycles_of(db, cycle.school_id) if c.number <= cycle.number]
    return [
        (
            c,
            {
                a: j.level
                for a, j in _framework_only(framework, storage.judgements_for(db, c.id)).items()
            },
        )
        for c in cycles[-most:]
    ]


def _framework_only(
    framework: Framework, judgements: Mapping[str, Judgement]
) -> dict[str, Judgement]:
    return {a: judgements[a] for a in framework.area_ids if a in judgements}


def _revisions(
    history: tuple[HistoryEntry, ...], comments: tuple[Challenge, ...]
) -> dict[str, Revision]:
    """Per area, its latest revision after challenge."""
    challenges = [c for c in comments if is_challenge(c)]
    found: dict[str, Revision] = {}
    for entry in history:
        if entry.kind != "after_challenge" or entry.previous_level is None:
            continue
        peers = [c.author_id for c in challenges if c.area_id == entry.area_id]
        peers = peers or [c.author_id for c in challenges]
        found[entry.area_id] = Revision(
            area_id=entry.area_id,
            before=entry.previous_level,
            after=entry.level,
            reason=entry.reason or "",
            challengers=tuple(dict.fromkeys(peers)),
        )
    return found
