"""Review rounds: a lead opens one for the whole alliance, and may nudge a school by hand.

Opening a round (:func:`open_round`) gives it three due dates and starts a new review cycle
for every school of the alliance (a cycle nobody has judged anything in yet is kept and
reviewed in the round instead); each school is told the dates, in its own channel or, where
it has none the bot may post in, by DM to each member. Where each school then stands against
the dates, and whose turn it is, is :func:`core.stages.progress`'s answer; the reminders that
follow the dates are :mod:`core.round_reminders`. A :func:`nudge` sends that reminder now.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import pairwise

from sqlite_utils import Database

import storage
from core import alliance_effects, channels, stages
from core import standing as standings
from core.alliance_policy import AllianceAction, check_alliance, led_by
from core.alliances import refresh_homes
from core.clock import UK, uk_today
from core.errors import Refusal, gone
from core.policy import Action, check
from core.stages import Progress, Stage
from rubric.models import Framework
from storage import alliances, rounds
from storage.alliances import Alliance
from storage.records import Cycle, School
from storage.rounds import Round

# What the form offers: each date this many weeks from today.
DEFAULT_WEEKS = {"self_due": 3, "challenge_due": 5, "outcomes_due": 8}
FIELDS = {
    "self_due": "self-evaluation",
    "challenge_due": "peer challenge",
    "outcomes_due": "agreed outcomes",
}
NO_ALLIANCE = "You don't lead an alliance. `/peer-review alliance setup` creates one."


@dataclass(frozen=True)
class RoundQuestion:
    """What the form to open a round says: whose round, its number, how many schools."""

    alliance: Alliance
    number: int
    schools: int
    defaults: dict[str, date]  # field -> the date offered


def ask(
    db: Database,
    user_id: str,
    *,
    alliance_id: int | None = None,
    name: str = "",
    today: date | None = None,
) -> RoundQuestion:
    """Before the form: the alliance (a button's, the one `name`d, or the one the person
    leads), if they may open its round."""
    alliance = _alliance(db, user_id, alliance_id, name)
    check_alliance(db, user_id, AllianceAction.OPEN_ROUND, alliance)
    day = today or uk_today()
    return RoundQuestion(
        alliance=alliance,
        number=len(rounds.rounds_of(db, alliance.id)) + 1,
        schools=len(alliances.schools_in(db, alliance.id)),
        defaults={f: day + timedelta(weeks=w) for f, w in DEFAULT_WEEKS.items()},
    )


def _alliance(db: Database, user_id: str, alliance_id: int | None, name: str) -> Alliance:
    if alliance_id is not None:
        with gone("That alliance no longer exists."):
            return alliances.get_alliance(db, alliance_id)
    if name:
        found = alliances.find_alliance(db, name)
        if found is None:
            raise Refusal(f"I don't know an alliance called {name[:80]}.")
        return found
    led = led_by(db, user_id)
    if not led:
        raise Refusal(NO_ALLIANCE)
    return led[0]


@dataclass(frozen=True)
class Opened:
    alliance: Alliance
    round: Round
    schools: list[School]
    started: int  # how many schools started a new cycle (the rest kept an empty one)


def open_round(
    db: Database,
    framework: Framework,
    user_id: str,
    alliance_id: int,
    self_due: date | None,
    challenge_due: date | None,
    outcomes_due: date | None,
    today: date,
) -> Opened:
    """Open the alliance's next round (closing the one open, if any): every school reviews
    a fresh cycle in it and is told the dates; the Home tabs show them."""
    with gone("That alliance no longer exists."):
        alliance = alliances.get_alliance(db, alliance_id)
    check_alliance(db, user_id, AllianceAction.OPEN_ROUND, alliance)
    dates = _dates(
        {"self_due": self_due, "challenge_due": challenge_due, "outcomes_due": outcomes_due},
        today,
    )
    school_ids = alliances.schools_in(db, alliance.id)
    if not school_ids:
        raise Refusal(
            f"{alliance.name} has no schools yet: invite them first "
            "(`/peer-review alliance setup`), then open the round."
        )
    with storage.transaction(db):
        opened = rounds.open_round(db, alliance.id, **dates, opened_by=user_id)
        schools, started = [], 0
        for school_id in school_ids:
            school = storage.get_school(db, school_id)
            cycle, fresh = _cycle_for_round(db, framework, school, user_id)
            rounds.add_cycle(db, opened.id, school.id, cycle.id)
            _tell(db, opened, school)
            schools.append(school)
            started += fresh
        refresh_homes(db, [school.id for school in schools], alliance)
    return Opened(alliance=alliance, round=opened, schools=schools, started=started)


def _dates(given: dict[str, date | None], today: date) -> dict[str, str]:
    """The three dates, each given, none past, in the process's order; else a refusal
    naming the field."""
    for field, day in given.items():
        what = FIELDS[field]
        if day is None:
            raise Refusal(f"Choose the date {what} is due.", field=field)
        if day < today:
            raise Refusal(f"That date has passed: choose today or later for {what}.", field=field)
    for earlier, later in pairwise(given):
        if given[later] < given[earlier]:
            raise Refusal(
                f"{FIELDS[later].capitalize()} comes after {FIELDS[earlier]}: choose "
                f"{given[earlier]:%A %-d %B} or later.",
                field=later,
            )
    return {field: day.isoformat() for field, day in given.items() if day is not None}


def _cycle_for_round(
    db: Database, framework: Framework, school: School, user_id: str
) -> tuple[Cycle, bool]:
    """The cycle the school reviews in the round: its current one while nothing is judged
    in it (and no other round has it), else a new one (the current is closed, kept for
    comparison). True when a cycle was started."""
    current = storage.current_cycle(db, school.id)
    if (
        current is not None
        and current.framework_id == framework.id
        and not storage.judgements_for(db, current.id)
        and rounds.round_of_cycle(db, current.id) is None
    ):
        return current, False
    return storage.new_cycle(db, school.id, framework, user_id), True


def _tell(db: Database, opened: Round, school: School) -> None:
    """The school hears of the round in its own channel, or each member by DM."""
    channel = school.channel_id
    if channel and channels.kept_out(db, channel) is None:
        alliance_effects.round_opened(db, opened.id, school.id, to=channel, by=opened.opened_by)
        return
    tell_members(db, opened, school)


def tell_members(db: Database, opened: Round, school: School) -> None:
    """Tell each member of the school of the round by DM (also when its channel turns the
    bot away)."""
    for member in storage.members_of(db, school.id):
        alliance_effects.round_opened(db, opened.id, school.id, to=member, by=opened.opened_by)


@dataclass(frozen=True)
class Announcement:
    """The news of a round for one school, as it stands when it is delivered."""

    alliance: Alliance
    round: Round
    school: School
    cycle: Cycle


def announcement(db: Database, round_id: int, school_id: int) -> Announcement | None:
    """None when there is nothing to tell any more: the round was closed (a later one
    opened) or the school has left it."""
    try:
        found = rounds.get_round(db, round_id)
        school = storage.get_school(db, school_id)
    except storage.NotFoundError:
        return None
    cycle_id = rounds.cycles_in(db, found.id).get(school.id)
    alliance = alliances.alliance_of(db, school.id)
    if found.closed_at or cycle_id is None or alliance is None or alliance.id != found.alliance_id:
        return None
    return Announcement(alliance, found, school, storage.get_cycle(db, cycle_id))


# -- where a school stands in the round, and nudging it --------------------------------


def standing_in_round(
    db: Database,
    framework: Framework,
    school: School,
    today: date,
    current: standings.Standing | None = None,
) -> Progress | None:
    """The school's progress, if its current review is in a round still open (`current`:
    its standing, when the caller has it already)."""
    cycle = current.cycle if current is not None else storage.current_cycle(db, school.id)
    if cycle is None or not rounds.in_open_round(db, cycle.id):
        return None  # most schools, most of the time: no standing to build
    current = current or standings.of_cycle(db, framework, cycle, school=school)
    found = stages.progress(db, current, school, today)
    if found.round is None or found.round.closed_at is not None:
        return None
    alliance = alliances.alliance_of(db, school.id)
    if alliance is None or alliance.id != found.round.alliance_id:
        return None  # the school has left the alliance since
    return found


@dataclass(frozen=True)
class RoundPlace:
    """One school's place in its round, for its Home tab."""

    alliance: str
    number: int
    stage: Stage
    due: str | None
    today: date

    @property
    def days_left(self) -> int | None:
        """Days to the due date (negative once it has passed)."""
        return None if self.due is None else (date.fromisoformat(self.due) - self.today).days


def place(
    db: Database,
    framework: Framework,
    school: School,
    today: date | None = None,
    current: standings.Standing | None = None,
) -> RoundPlace | None:
    """Where the school is against its round's dates; None outside a round (`current`:
    its standing, when the caller has it already)."""
    day = today or uk_today()
    found = standing_in_round(db, framework, school, day, current)
    if found is None or found.round is None:
        return None
    name = alliances.get_alliance(db, found.round.alliance_id).name
    return RoundPlace(name, found.round.number, found.stage, found.due, day)


@dataclass(frozen=True)
class Nudged:
    school: School
    stage: Stage
    people: list[str]


def nudge(
    db: Database, framework: Framework, user_id: str, school_id: int, now: datetime
) -> Nudged:
    """A lead reminds whoever is next at the school now (it counts as their week's
    reminder for the round)."""
    with gone("That school no longer exists."):
        school = storage.get_school(db, school_id)
    check(db, user_id, Action.NUDGE, school)
    found = standing_in_round(db, framework, school, now.astimezone(UK).date())
    if found is None or found.round is None:
        raise Refusal(
            f"{school.name} is not in an open review round, so there is nothing to nudge."
        )
    if found.stage is Stage.DONE:
        raise Refusal(f"{school.name} has finished the round: its outcomes are agreed.")
    people = stages.next_people(db, found)
    if not people:
        raise Refusal(f"{school.name} has nobody to remind: it has no members.")
    at = now.isoformat(timespec="seconds")
    with storage.transaction(db):
        for person in people:
            alliance_effects.round_reminder(db, found.round.id, person, by=user_id)
            rounds.mark_reminded(db, found.round.id, person, at)
    return Nudged(school=school, stage=found.stage, people=people)
