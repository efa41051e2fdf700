"""What the bot needs to deliver an effect, and what it records once Slack has it.

The outbox worker renders each effect from the data as it is when it is delivered; these
are its reads (a summary and where it goes, a challenge to post, a reminder still due) and
its writes (where a summary or challenge was posted).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

import storage
from core import alliance_view, alliances, effects, reviewing, rounds, standing
from core.clock import uk_today
from core.policy import Action, may
from core.review import cycle_for
from core.rounds import RoundPlace
from core.trios import TrioPanel, panel
from rubric.models import Area, Framework
from storage import messages
from storage.records import Challenge, Cycle, School, Trio


@dataclass(frozen=True)
class SummaryTarget:
    standing: standing.Standing
    channel: str | None  # the trio channel; None when the school has none
    ts: str | None  # the summary already in that channel, to update in place


def summary_target(db: Database, framework: Framework, cycle_id: int) -> SummaryTarget:
    cycle = cycle_for(db, cycle_id)
    found = standing.of_cycle(db, framework, cycle)
    trio = storage.trio_of(db, cycle.school_id)
    channel = trio.channel_id if trio else None
    ts = cycle.summary_ts if channel and cycle.summary_channel == channel else None
    return SummaryTarget(standing=found, channel=channel, ts=ts)


def summary_posted(db: Database, cycle_id: int, channel: str, ts: str) -> Cycle:
    return storage.set_summary_message(db, cycle_id, channel, ts)


def area_posted(
    db: Database, cycle_id: int, area_id: str, channel: str, ts: str, sent_to: str | None = None
) -> None:
    """The area's message at (channel, ts) is its live one now (`sent_to`: the person, when
    it went by DM): the copy it replaces is shown as moved, without buttons, so nobody acts
    on a stale copy. (Nobody is told if that fails: nothing of theirs is missing, and a
    click on it tidies it then.)"""
    with storage.transaction(db):
        replaced = messages.area_posted(db, cycle_id, area_id, channel, ts, sent_to)
        if replaced is not None:
            school_id = cycle_for(db, cycle_id).school_id
            effects.refresh_area(
                db, school_id, cycle_id, area_id, replaced.channel_id, replaced.ts, by=None
            )


@dataclass(frozen=True)
class ChartTarget:
    standing: standing.Standing
    series: list[tuple[Cycle, dict[str, int]]]
    channel: str
    ts: str


def chart_target(db: Database, framework: Framework, cycle_id: int) -> ChartTarget | None:
    """The chart for the summary's thread; None when there is no summary to put it under."""
    cycle = cycle_for(db, cycle_id)
    trio = storage.trio_of(db, cycle.school_id)
    if not (cycle.summary_channel and cycle.summary_ts):
        return None
    if trio is None or trio.channel_id != cycle.summary_channel:
        return None  # the school left that trio (or moved): nothing more of it goes there
    return ChartTarget(
        standing=standing.of_cycle(db, framework, cycle),
        series=standing.chart_series(db, framework, cycle),
        channel=cycle.summary_channel,
        ts=cycle.summary_ts,
    )


@dataclass(frozen=True)
class ChallengeToPost:
    challenge: Challenge
    reviewed: School
    partner: School | None  # the challenger's school; None for an external challenger
    area: Area | None
    judged: int | None  # the area's level when it was challenged
    author_name: str | None = None  # for the notification text, where a mention is an id


def chart_of_effect(db: Database, effect_id: int) -> str | None:
    """The chart this outbox effect uploaded already (it is being tried again), if any."""
    return messages.chart_of_effect(db, effect_id)


def chart_posted(db: Database, cycle_id: int, file_id: str, effect_id: int) -> list[str]:
    """Record the cycle's new chart; returns the earlier ones to delete from Slack."""
    with storage.transaction(db):
        messages.chart_uploaded(db, cycle_id, file_id, effect_id)
        return messages.charts_replaced(db, cycle_id, file_id)


def chart_deleted(db: Database, file_id: str) -> None:
    messages.chart_deleted(db, file_id)


def challenge_to_post(db: Database, framework: Framework, challenge_id: int) -> ChallengeToPost:
    challenge = storage.get_challenge(db, challenge_id)
    cycle = storage.get_cycle(db, challenge.cycle_id)
    area_id = challenge.area_id  # not in the framework any more: shown as general
    area = framework.area(area_id) if area_id and framework.has_area(area_id) else None
    judgement = storage.judgements_for(db, cycle.id).get(area.id) if area else None
    return ChallengeToPost(
        challenge=challenge,
        reviewed=storage.get_school(db, cycle.school_id),
        partner=(
            storage.get_school(db, challenge.author_school_id)
            if challenge.author_school_id
            else None
        ),
        area=area,
        judged=judgement.level if judgement else None,
        author_name=storage.names_of(db, [challenge.author_id]).get(challenge.author_id),
    )


def challenge_posted(db: Database, challenge_id: int, ts: str) -> Challenge:
    return storage.set_posted(db, challenge_id, ts)


@dataclass(frozen=True)
class ReminderView:
    school: School
    cycle: Cycle
    missing: list[Area]


def reminder_view(
    db: Database, framework: Framework, cycle_id: int, user_id: str
) -> ReminderView | None:
    """The reminder as it stands now; None if the review moved on or they left the school."""
    cycle = cycle_for(db, cycle_id)
    school = storage.get_school(db, cycle.school_id)
    if cycle.status != "in_progress" or not may(db, user_id, Action.RECEIVE_REMINDERS, school):
        return None
    judged = storage.judgements_for(db, cycle.id)
    missing = [a for a in framework.areas if a.id not in judged]
    return ReminderView(school=school, cycle=cycle, missing=missing) if missing else None


@dataclass(frozen=True)
class SetupView:
    school: School
    members: int
    trio: Trio | None
    partners: list[School]
    invited: list[School]  # asked to join the trio, not yet answered


def setup_view(db: Database, school_id: int) -> SetupView:
    school = storage.get_school(db, school_id)
    trio = storage.trio_of(db, school.id)
    waiting = storage.invitations_from_trio(db, trio.id) if trio else []
    return SetupView(
        school=school,
        members=len(storage.members_of(db, school.id)),
        trio=trio,
        partners=storage.partners_of(db, school.id),
        invited=[storage.get_school(db, i.school_id) for i in waiting],
    )


@dataclass(frozen=True)
class Dashboard:
    school: School | None
    standing: standing.Standing | None = None
    trio: TrioPanel | None = None
    waiting: tuple[reviewing.Waiting, ...] = ()  # other schools' reviews waiting for them
    alliance: alliance_view.AllianceView | None = None  # the alliance they lead, if any
    membership: alliances.SchoolPanel | None = None  # the school's alliance, or invitations
    round_place: RoundPlace | None = None  # where it is against its review round's dates


def dashboard(db: Database, framework: Framework, user_id: str) -> Dashboard:
    """The person's school, its standing and its trio, for the Home tab; the reviews of
    other schools waiting for them (a person with no school may challenge some); and the
    alliance they lead."""
    waiting = tuple(reviewing.waiting_for(db, framework, user_id, uk_today()))
    schools = storage.schools_of(db, user_id)
    led = alliance_view.for_home(db, framework, user_id)
    if not schools:
        return Dashboard(None, waiting=waiting, alliance=led)
    school = schools[0]
    found = standing.of_school(db, framework, school.id)
    return Dashboard(
        school,
        found,
        panel(db, school),
        waiting,
        alliance=led,
        membership=alliances.school_panel(db, school),
        round_place=rounds.place(db, framework, school, current=found),
    )


@dataclass(frozen=True)
class ClosedThread:
    school: School
    closed: Cycle
    current: Cycle | None


def closed_thread(db: Database, cycle_id: int) -> ClosedThread:
    """A closed cycle, its school and the cycle it is on now (for a reply left in the
    closed cycle's thread)."""
    closed = cycle_for(db, cycle_id)
    school = storage.get_school(db, closed.school_id)
    return ClosedThread(school=school, closed=closed, current=storage.current_cycle(db, school.id))
