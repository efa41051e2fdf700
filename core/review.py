"""The guided self-evaluation: starting, presenting areas, recording judgements, new cycles.

Each command checks the access policy, makes its change and writes the Slack effects that
follow (the next area, the summary, the chart) in one transaction, then returns what the
person should be told. Nothing here talks to Slack.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlite_utils import Database

import storage
from core import channels, effects, lifecycle
from core.area_copies import is_a_copy
from core.errors import STALE, Refusal, gone, refusing
from core.last_cycle import last_actions, previous_judgement
from core.policy import Action, check
from rubric.models import Area, Framework
from storage import messages
from storage.records import Cycle, Judgement, School

NOT_A_MEMBER = (
    "You're not a member of any school yet. Run `/peer-review setup` to set up your school, "
    "or ask a colleague who is a member to add you."
)


def school_of(db: Database, user_id: str) -> School:
    """The school the person acts for (their first, if they belong to several)."""
    schools = storage.schools_of(db, user_id)
    if not schools:
        raise Refusal(NOT_A_MEMBER)
    return schools[0]


def school_acted_on(db: Database, user_id: str, action: Action) -> School:
    """The person's own school, if they may take `action` on it; else :class:`Refusal`."""
    school = school_of(db, user_id)
    check(db, user_id, action, school)
    return school


def cycle_for(db: Database, cycle_id: int) -> Cycle:
    with gone("That review no longer exists. Start again with `/peer-review start`."):
        return storage.get_cycle(db, cycle_id)


def cycle_acted_on(
    db: Database, user_id: str, cycle_id: int, action: Action
) -> tuple[Cycle, School]:
    """The cycle a button or form is about and its school, if the person may take `action`
    on that school; else :class:`Refusal`."""
    cycle = cycle_for(db, cycle_id)
    school = storage.get_school(db, cycle.school_id)
    check(db, user_id, action, school)
    return cycle, school


def refuse_if_closed(cycle: Cycle, school: School, what: str) -> None:
    """Refuse to change a closed cycle: `what` finishes "Review cycle 1 of X is closed, so…"."""
    if lifecycle.is_closed(cycle):
        raise Refusal(f"Review cycle {cycle.number} of {school.name} is closed, so {what}")


def area_for(framework: Framework, area_id: str) -> Area:
    if not framework.has_area(area_id):
        raise Refusal(f"{area_id[:40]!r} is not an area of the framework; nothing was changed.")
    return framework.area(area_id)


def _current(db: Database, framework: Framework, school: School, user_id: str) -> Cycle:
    """The school's current cycle, started now if there is none."""
    cycle = storage.current_cycle(db, school.id)
    if cycle is None:
        cycle = storage.start_cycle(db, school.id, framework, user_id)
    if cycle.framework_id != framework.id:
        raise Refusal(
            f"{school.name}'s current review uses the framework {cycle.framework_id!r}, "
            "which this bot is not running."
        )
    return cycle


def _judged(db: Database, cycle: Cycle) -> set[str]:
    return set(storage.judgements_for(db, cycle.id))


# -- the walk -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Walk:
    """Where the walk stands after start or "open area": the area presented (None: all are
    judged and the summary is on its way), and where it is presented."""

    school: School
    cycle: Cycle
    area: Area | None
    where: str  # the school's channel id, or the person's user id for a DM
    kept_out: str | None = None  # why the bot is not in the school's channel: nothing posted


def start(
    db: Database, framework: Framework, user_id: str, *, response_url: str | None = None
) -> Walk:
    """Begin the school's review, or carry on at the first area not yet judged."""
    return open_area(db, framework, user_id, None, response_url=response_url)


def open_area(
    db: Database,
    framework: Framework,
    user_id: str,
    area: Area | None,
    *,
    response_url: str | None = None,
) -> Walk:
    """Present `area` (to judge it, or change its judgement); None: the first area not yet
    judged, or, when every area is, make sure the summary is in the trio channel."""
    with storage.transaction(db):
        school = school_acted_on(db, user_id, Action.JUDGE)
        cycle = _current(db, framework, school, user_id)
        if area is None:
            area = lifecycle.next_area(framework, _judged(db, cycle))
        where = school.channel_id or user_id
        kept_out = channels.kept_out(db, where) if school.channel_id and area else None
        if area is not None and kept_out is None:
            effects.present_area(
                db,
                school.id,
                cycle.id,
                area.id,
                to=where,
                by=user_id,
                automatic=False,
                response_url=response_url,
            )
        elif area is None:  # every area judged: posted now if it never was, else refreshed
            effects.summary(
                db, school.id, cycle.id, by=user_id, chart=cycle.summary_ts is None, notify=user_id
            )
    return Walk(school=school, cycle=cycle, area=area, where=where, kept_out=kept_out)


@dataclass(frozen=True)
class AreaView:
    """What an area's message shows."""

    school: School
    cycle: Cycle
    area: Area
    judged_count: int
    judgement: Judgement | None
    last: tuple[Cycle, Judgement] | None  # the same area in the previous cycle
    expanded: bool = False  # a recorded area with its descriptors shown in full
    moved_to: tuple[str, str] | None = None  # (channel, ts) of the live copy, for an old one
    message: tuple[str, str] | None = None  # (channel, ts) of the copy shown; None: a new one
    moved_to_dm_of: str | None = None  # whose DM the live copy is in, when it is in one


def area_view(
    db: Database,
    framework: Framework,
    cycle_id: int,
    area_id: str,
    message: tuple[str, str] | None = None,
) -> AreaView:
    """The area as its message at `message` (channel, ts) shows it: in full or as one line
    if it is the live copy, else as moved to the live copy. None: a copy about to be posted."""
    cycle = cycle_for(db, cycle_id)
    area = area_for(framework, area_id)
    judgements = storage.judgements_for(db, cycle.id)
    live = messages.area_message(db, cycle.id, area.id)
    at = (live.channel_id, live.ts) if live else None
    moved = message is not None and at not in (None, message)
    return AreaView(
        school=storage.get_school(db, cycle.school_id),
        cycle=cycle,
        area=area,
        judged_count=lifecycle.judged_count(framework, judgements),
        judgement=judgements.get(area.id),
        last=previous_judgement(db, cycle, area.id),
        expanded=bool(live and live.expanded and message == at),
        moved_to=at if moved else None,
        message=message,
        moved_to_dm_of=live.sent_to if live and moved else None,
    )


def show_descriptors(
    db: Database,
    framework: Framework,
    user_id: str,
    cycle_id: int,
    area_id: str,
    message: tuple[str, str],
    *,
    shown: bool,
) -> None:
    """Show a recorded area's descriptors in its message in full (or one line again), for
    everyone who reads it: for those who may see the school's evidence. An older copy of
    the area is shown as moved instead; a message anywhere else is not the area's (a forged
    value): nothing changes."""
    with storage.transaction(db):
        cycle, school = cycle_acted_on(db, user_id, cycle_id, Action.SEE_EVIDENCE)
        area = area_for(framework, area_id)
        if not is_a_copy(db, school, cycle, area, message, user_id):
            raise Refusal(STALE)
        messages.set_expanded(db, cycle.id, area.id, *message, shown, adopt=True)
        effects.refresh_area(db, school.id, cycle.id, area.id, *message, by=user_id)


# -- judging ------------------------------------------------------------------------------


@dataclass(frozen=True)
class JudgementForm:
    """What the judgement form needs: the area, the level to show, what is recorded."""

    school: School
    cycle: Cycle
    area: Area
    level: int
    judgement: Judgement | None
    last_actions: list[str]


def judgement_form(
    db: Database,
    framework: Framework,
    user_id: str,
    cycle_id: int,
    area_id: str,
    level: int | None = None,
) -> JudgementForm:
    """The form for a level button (or Change): refused for anyone who may not judge."""
    cycle, school = cycle_acted_on(db, user_id, cycle_id, Action.JUDGE)
    area = area_for(framework, area_id)
    judgement = storage.judgements_for(db, cycle.id).get(area.id)
    level = level if level is not None else (judgement.level if judgement else None)
    if level not in framework.scale:
        raise Refusal(f"{level!r} is not a maturity level; nothing was changed.")
    refuse_if_closed(cycle, school, "its judgements are kept as they were.")
    return JudgementForm(
        school=school,
        cycle=cycle,
        area=area,
        level=level,
        judgement=judgement,
        last_actions=last_actions(db, cycle, area.id),
    )


@dataclass(frozen=True)
class JudgementInput:
    """What a person submitted in the judgement form (indexes as the form sent them)."""

    level: int
    evidence: str
    key_actions: str = ""
    links: Sequence[str] = ()
    sources: Sequence[int] = ()  # indexes into the area's possible sources of evidence
    actions_done: Sequence[int] = ()  # indexes into last cycle's key actions


@dataclass(frozen=True)
class Recorded:
    school: School
    cycle: Cycle
    area: Area
    changed: bool
    first_time: bool
    complete: bool  # every area is judged now


def _pick(items: Sequence[str], indexes: Sequence[int]) -> list[str]:
    """The items at `indexes`; a forged or stale index is refused."""
    picked = []
    for index in indexes:
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(items):
            raise Refusal(STALE)
        picked.append(items[index])
    return picked


def record(
    db: Database,
    framework: Framework,
    user_id: str,
    cycle_id: int,
    area_id: str,
    form: JudgementInput,
    *,
    message: tuple[str, str] | None = None,
) -> Recorded:
    """Record a best-fit judgement; then update its message, present the next area the first
    time an area is judged, and post or update the summary once every area is judged.

    Two submissions racing (a double click, two members) are serialised by the write
    transaction: the area is recorded once, the next area presented once, and the summary
    delivered once.
    """
    with storage.transaction(db):
        cycle, school = cycle_acted_on(db, user_id, cycle_id, Action.JUDGE)
        area = area_for(framework, area_id)
        with refusing():
            recorded = storage.record_judgement(
                db,
                cycle.id,
                area.id,
                form.level,
                evidence=form.evidence,
                key_actions=form.key_actions,
                evidence_sources=_pick(area.evidence_sources, form.sources),
                evidence_links=form.links,
                actions_done=_pick(last_actions(db, cycle, area.id), form.actions_done),
                recorded_by=user_id,
                framework=framework,
                cycle=cycle,
            )
        judged = set(recorded.judgements)
        complete = lifecycle.all_judged(framework, judged)
        if complete and cycle.status == "in_progress":
            cycle = storage.mark_judged(db, cycle.id, recorded.judgement.recorded_at)
        if recorded.changed:
            _refresh_copies(db, school, cycle, area, message, user_id)
        first_time = recorded.previous is None
        following = lifecycle.next_area(framework, judged)
        if first_time and following is not None:
            effects.present_area(
                db,
                school.id,
                cycle.id,
                following.id,
                to=school.channel_id or user_id,
                by=user_id,
                automatic=True,
            )
        if lifecycle.summary_due(framework, judged, changed=recorded.changed, cycle=cycle):
            effects.summary(
                db,
                school.id,
                cycle.id,
                by=user_id,
                chart=True,
                notify=user_id if cycle.summary_ts is None else None,
            )
    return Recorded(
        school=school,
        cycle=cycle,
        area=area,
        changed=recorded.changed,
        first_time=first_time,
        complete=complete,
    )


def _refresh_copies(
    db: Database,
    school: School,
    cycle: Cycle,
    area: Area,
    message: tuple[str, str] | None,
    user_id: str,
) -> None:
    """Show a new judgement in the message it was made from and in the area's live message
    (an older copy, clicked, is shown as moved)."""
    live = messages.area_message(db, cycle.id, area.id)
    if message is not None and not is_a_copy(db, school, cycle, area, message, user_id):
        message = None  # not a copy of the area (a forged form): left alone
    places = {p for p in (message, live and (live.channel_id, live.ts)) if p}
    for channel, ts in sorted(places):
        effects.refresh_area(db, school.id, cycle.id, area.id, channel, ts, by=user_id)


@dataclass(frozen=True)
class Evidence:
    school: School
    area: Area
    judgement: Judgement


def evidence(
    db: Database, framework: Framework, user_id: str, cycle_id: int, area_id: str
) -> Evidence:
    """Everything recorded for one area: for the school and its trio partners."""
    cycle, school = cycle_acted_on(db, user_id, cycle_id, Action.SEE_EVIDENCE)
    area = area_for(framework, area_id)
    judgement = storage.judgements_for(db, cycle.id).get(area.id)
    if judgement is None:
        raise Refusal(f"{area.title} has no judgement yet.")
    return Evidence(school=school, area=area, judgement=judgement)
