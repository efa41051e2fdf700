"""The lead's view of an alliance: every trio and school, where each review stands, the
levels (a heatmap of schools × areas), how many schools sit at each level of each area, and
the shift since the round before.

:func:`of_alliance` is the one read model the lead's Home section and ``/peer-review
alliance`` are built from. It holds levels and progress only, never evidence: a lead who
may read a school's evidence (the school shares it) asks for it through the access policy,
as anyone else does. Where a school stands is :func:`core.stages.progress`'s answer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

import storage
from core import standing
from core.alliance_policy import AllianceAction, check_alliance, led_by
from core.clock import uk_today
from core.errors import Refusal, gone
from core.lifecycle import ChallengeCounts
from core.stages import Stage, progress
from rubric.models import Area, Framework
from storage import alliances, overview, rounds
from storage.alliances import Alliance
from storage.records import School
from storage.rounds import Round


@dataclass(frozen=True)
class SchoolLine:
    """One school's row: where its review stands and its levels (no evidence)."""

    school: School
    trio_id: int | None
    cycle: int | None  # the number of its current (or latest) cycle; None before any
    stage: Stage
    due: str | None  # the stage's due date in the round (ISO date)
    overdue: bool
    quiet_days: int | None  # days without activity, once it is stalled
    judged: int
    summary_posted: bool
    challenges: ChallengeCounts
    agreement: str | None  # the proposed outcomes' state: proposed, agreed or returned
    levels: Mapping[str, int]  # area id -> level, the areas judged
    overall: int | None

    @property
    def stalled(self) -> bool:
        return self.quiet_days is not None

    @property
    def needs_nudge(self) -> bool:
        """Stalled or late: the lead may remind whoever is next."""
        return self.stalled or self.overdue

    @property
    def answered(self) -> int:
        return self.challenges.unresolved - self.challenges.open

    @property
    def resolved(self) -> int:
        return self.challenges.total - self.challenges.unresolved


@dataclass(frozen=True)
class TrioGroup:
    """A trio's schools (`trio_id` None: the alliance's schools in no trio)."""

    trio_id: int | None
    schools: tuple[SchoolLine, ...]


@dataclass(frozen=True)
class AreaShift:
    """An area's mean level across the alliance now, and in what it is compared with."""

    area: Area
    before: float | None
    now: float | None

    @property
    def change(self) -> float | None:
        if self.before is None or self.now is None:
            return None
        return self.now - self.before


@dataclass(frozen=True)
class AllianceView:
    alliance: Alliance
    today: date
    round: Round | None  # the round open now
    groups: tuple[TrioGroup, ...]  # trios first (by their first school's name), then the rest
    by_stage: Mapping[Stage, int]
    distribution: Mapping[str, Mapping[int, int]]  # area id -> level -> how many schools
    shift: tuple[AreaShift, ...]
    compared_with: Round | None  # the round the shift is measured from; None: previous cycles
    others: tuple[Alliance, ...] = ()  # the other alliances the person leads

    @property
    def schools(self) -> tuple[SchoolLine, ...]:
        return tuple(line for group in self.groups for line in group.schools)

    @property
    def has_shift(self) -> bool:
        return any(s.change is not None for s in self.shift)


def of_alliance(
    db: Database, framework: Framework, user_id: str, alliance_id: int, today: date
) -> AllianceView:
    """The alliance as its lead sees it; :class:`Refusal` for anyone else."""
    alliance = led(db, user_id, alliance_id)
    school_ids = alliances.schools_in(db, alliance.id)
    trio_of = overview.trios_of(db, school_ids)
    lines, previous = [], {}
    for school_id in school_ids:
        found = standing.of_school(db, framework, school_id)
        school = found.school if found else storage.get_school(db, school_id)
        lines.append(_line(framework, progress(db, found, school, today), trio_of, today))
        if found is not None and found.previous is not None:
            previous[school_id] = {a: j.level for a, j in found.previous_judgements.items()}
    shift, compared_with = _shift(db, framework, alliance.id, lines, previous)
    return AllianceView(
        alliance=alliance,
        today=today,
        round=rounds.open_round_of(db, alliance.id),
        groups=_groups(lines),
        by_stage=Counter(line.stage for line in lines),
        distribution=_distribution(framework, lines),
        shift=shift,
        compared_with=compared_with,
        others=tuple(a for a in led_by(db, user_id) if a.id != alliance.id),
    )


def led(db: Database, user_id: str, alliance_id: int) -> Alliance:
    """The alliance, if the person may see it (a lead); else :class:`Refusal`."""
    with gone("That alliance no longer exists."):
        alliance = alliances.get_alliance(db, alliance_id)
    check_alliance(db, user_id, AllianceAction.SEE, alliance)
    return alliance


def _line(framework: Framework, found, trio_of: Mapping[int, int], today: date) -> SchoolLine:
    """The school's row from its :class:`core.stages.Progress`, evidence left behind."""
    held = found.standing
    overall = held.diagnostic.overall if held else None
    return SchoolLine(
        school=found.school,
        trio_id=trio_of.get(found.school.id),
        cycle=held.cycle.number if held else None,
        stage=found.stage,
        due=found.due,
        overdue=found.overdue(today),
        quiet_days=found.quiet_days(today),
        judged=found.judged,
        summary_posted=found.summary_posted,
        challenges=found.challenges,
        agreement=held.agreement.state if held and held.agreement else None,
        levels=dict(held.scores) if held else {},
        overall=overall.level if overall else None,
    )


def _groups(lines: Sequence[SchoolLine]) -> tuple[TrioGroup, ...]:
    by_trio: dict[int | None, list[SchoolLine]] = {}
    for line in sorted(lines, key=lambda s: s.school.name.casefold()):
        by_trio.setdefault(line.trio_id, []).append(line)
    loose = by_trio.pop(None, [])
    groups = [TrioGroup(trio_id, tuple(found)) for trio_id, found in by_trio.items()]
    if loose:
        groups.append(TrioGroup(None, tuple(loose)))
    return tuple(groups)


def _distribution(framework: Framework, lines: Sequence[SchoolLine]) -> dict[str, dict[int, int]]:
    found = {area_id: dict.fromkeys(framework.levels, 0) for area_id in framework.area_ids}
    for line in lines:
        for area_id, level in line.levels.items():
            found[area_id][level] += 1
    return found


def _mean(values: Sequence[int]) -> float | None:
    return sum(values) / len(values) if values else None


def _means(framework: Framework, scores: Sequence[Mapping[str, int]]) -> dict[str, float | None]:
    return {a: _mean([s[a] for s in scores if a in s]) for a in framework.area_ids}


def _shift(
    db: Database,
    framework: Framework,
    alliance_id: int,
    lines: Sequence[SchoolLine],
    previous: Mapping[int, Mapping[str, int]],
) -> tuple[tuple[AreaShift, ...], Round | None]:
    """Per area, the mean level of this round's cycles against the round before's; with no
    round before, the schools' current cycles against each one's previous cycle."""
    held = rounds.rounds_of(db, alliance_id)
    if len(held) >= 2:
        now_cycles = rounds.cycles_in(db, held[-1].id)
        then_cycles = rounds.cycles_in(db, held[-2].id)
        found = overview.levels_of(db, [*now_cycles.values(), *then_cycles.values()])
        now = _means(framework, [found.get(c, {}) for c in now_cycles.values()])
        before = _means(framework, [found.get(c, {}) for c in then_cycles.values()])
        compared: Round | None = held[-2]
    else:
        now = _means(framework, [line.levels for line in lines if line.school.id in previous])
        before = _means(framework, list(previous.values()))
        compared = None
    shift = tuple(AreaShift(area, before[area.id], now[area.id]) for area in framework.areas)
    return shift, compared


def choose(db: Database, user_id: str, name: str = "") -> Alliance | None:
    """The alliance ``/peer-review alliance [NAME]`` means: the one named (among those the
    person leads; any other named is refused by the alliance policy), or the first they
    lead. None when they lead none and belong to no alliance school; a member of an
    alliance's school who leads none is refused by the policy, in its words."""
    led = led_by(db, user_id)
    wanted = " ".join(name.split()).casefold()
    if wanted:
        mine = next((a for a in led if a.name.casefold() == wanted), None)
        if mine is not None:
            return mine
        named = alliances.find_alliance(db, name)
        if named is None:
            raise Refusal(
                f"There is no alliance called “{' '.join(name.split())}”. "
                "`/peer-review alliance` alone shows the one you lead."
            )
        check_alliance(db, user_id, AllianceAction.SEE, named)
        return named
    if led:
        return led[0]
    for school in storage.schools_of(db, user_id):
        found = alliances.alliance_of(db, school.id)
        if found is not None:
            check_alliance(db, user_id, AllianceAction.SEE, found)
    return None


def asked_for(
    db: Database, framework: Framework, user_id: str, name: str, today: date
) -> AllianceView | None:
    """``/peer-review alliance [NAME]``: the view of the alliance :func:`choose` finds."""
    found = choose(db, user_id, name)
    return of_alliance(db, framework, user_id, found.id, today) if found else None


def for_home(
    db: Database, framework: Framework, user_id: str, today: date | None = None
) -> AllianceView | None:
    """The first alliance the person leads, as their Home tab shows it; None if they lead
    none."""
    led = led_by(db, user_id)
    if not led:
        return None
    return of_alliance(db, framework, user_id, led[0].id, today or uk_today())
