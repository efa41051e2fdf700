"""Reminders that follow a review round's dates (core.round_reminders): to whoever is next,
once a due date is a week away or past, at most weekly, in working hours, never on a closed
day, one reminder listing everything; the everyday reminder leaves round cycles alone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

import storage
from core import round_reminders
from core.reminders import ReminderRule, due_reminders
from core.round_reminders import is_near, reminder_for, send_due_round_reminders
from core.stages import Stage
from storage import agreements, outbox, rounds
from tests.conftest import judge_all, working_hours_after
from tests.core.round_setup import east, open_round

RULE = ReminderRule()
THREE_WEEKS_AHEAD = working_hours_after(datetime(2026, 11, 25, 12, tzinfo=UTC))  # Thu 26 Nov
WEEK_BEFORE = datetime(2026, 12, 9, 10, tzinfo=UTC)  # Wednesday: self-evaluation due 16 Dec


@pytest.fixture
def opened(db, framework, trio):
    made, hill, oak = east(db, trio)
    return open_round(db, framework, made).round, hill, oak


def reminded(db) -> list[str]:
    return [e.payload["user"] for e in outbox.effects(db, kind="round_reminder")]


@pytest.mark.parametrize(
    ("due", "today", "near"),
    [
        ("2026-12-16", date(2026, 12, 8), False),
        ("2026-12-16", date(2026, 12, 9), True),  # a week away
        ("2026-12-16", date(2026, 12, 16), True),
        ("2026-12-16", date(2027, 1, 5), True),  # passed
    ],
)
def test_a_due_date_a_week_away_or_past_brings_a_reminder(due, today, near):
    assert is_near(due, today) is near


def test_whoever_is_next_is_reminded_once_a_week(db, framework, opened):
    assert send_due_round_reminders(db, framework, THREE_WEEKS_AHEAD, RULE) == 0
    assert send_due_round_reminders(db, framework, WEEK_BEFORE, RULE) == 3
    assert sorted(reminded(db)) == ["UA", "UA2", "UB"]
    for later in (1, 6):
        assert (
            send_due_round_reminders(db, framework, WEEK_BEFORE + timedelta(days=later), RULE) == 0
        )
    assert send_due_round_reminders(db, framework, WEEK_BEFORE + timedelta(days=7), RULE) == 3


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 12, 12, 10, tzinfo=UTC),  # Saturday
        datetime(2026, 12, 9, 8, 30, tzinfo=UTC),  # before nine
        datetime(2026, 12, 9, 17, 0, tzinfo=UTC),  # five o'clock
    ],
)
def test_none_outside_working_hours(db, framework, opened, moment):
    assert send_due_round_reminders(db, framework, moment, RULE) == 0
    assert send_due_round_reminders(db, framework, working_hours_after(moment), RULE) == 3


def test_none_to_a_person_whose_school_is_closed_that_day(db, framework, opened):
    _, hill, _ = opened
    storage.add_closed_days(db, hill.id, "2026-12-09", "2026-12-09", "UA")
    assert send_due_round_reminders(db, framework, WEEK_BEFORE, RULE) == 1
    assert reminded(db) == ["UB"]
    assert send_due_round_reminders(db, framework, WEEK_BEFORE + timedelta(days=1), RULE) == 2


def test_none_to_the_members_of_a_school_that_turned_reminders_off(db, framework, opened):
    _, hill, _ = opened
    storage.set_reminders(db, hill.id, False)
    assert send_due_round_reminders(db, framework, WEEK_BEFORE, RULE) == 1
    assert reminded(db) == ["UB"]


def test_one_reminder_lists_everything_the_person_is_due_for(db, framework, opened):
    found, hill, _ = opened
    cycle = storage.current_cycle(db, hill.id)
    judge_all(db, framework, cycle.id, 2, user="UA")
    storage.set_summary_message(db, cycle.id, "C100", "200.0")
    assert send_due_round_reminders(db, framework, WEEK_BEFORE, RULE) == 1
    assert reminded(db) == ["UB"]  # Hillmead is not next: it waits for its partner
    reminder = reminder_for(db, framework, found.id, "UB", date(2026, 12, 9))
    assert [(i.school.name, i.stage, i.due, i.own) for i in reminder.items] == [
        ("Oakfield", Stage.SELF_EVALUATION, "2026-12-16", True),
        ("Hillmead", Stage.CHALLENGE, "2026-12-30", False),
    ]
    assert reminder.items[1].summary_channel == "C100"
    assert (reminder.alliance.name, reminder.areas) == ("East Midlands TSA", 5)


def test_a_reminder_delivered_later_says_what_is_due_then(db, framework, opened):
    found, hill, _ = opened
    assert reminder_for(db, framework, found.id, "UA", date(2026, 12, 9)) is not None
    judge_all(db, framework, storage.current_cycle(db, hill.id).id, 2, user="UA")
    assert reminder_for(db, framework, found.id, "UA", date(2026, 12, 9)) is None
    assert reminder_for(db, framework, found.id, "UX", date(2026, 12, 9)) is None  # outsider


def test_partners_asked_to_agree_outcomes_and_the_school_to_record_them(db, framework, opened):
    found, hill, _ = opened
    cycle = storage.current_cycle(db, hill.id)
    judge_all(db, framework, cycle.id, 2, user="UA")
    after = date(2026, 12, 31)  # the challenge date has passed: Hillmead records outcomes
    [item] = reminder_for(db, framework, found.id, "UA", after).items
    assert (item.stage, item.due) == (Stage.OUTCOMES, "2027-01-20")
    agreements.propose(db, cycle.id, "UA")
    assert reminder_for(db, framework, found.id, "UA", after) is None
    items = reminder_for(db, framework, found.id, "UB", after).items
    assert [(i.school.name, i.stage) for i in items] == [
        ("Oakfield", Stage.SELF_EVALUATION),
        ("Hillmead", Stage.AGREEING),
    ]


def test_a_closed_round_reminds_nobody(db, framework, opened):
    found, _, _ = opened
    assert reminder_for(db, framework, found.id, "UA", date(2026, 12, 9)) is not None
    rounds.open_round(  # the next round (no cycles yet) closes this one
        db,
        found.alliance_id,
        self_due="2027-02-01",
        challenge_due="2027-02-02",
        outcomes_due="2027-02-03",
        opened_by="ULEAD",
    )
    assert reminder_for(db, framework, found.id, "UA", date(2026, 12, 9)) is None
    assert round_reminders.due_round_reminders(db, framework, WEEK_BEFORE, date(2026, 12, 9)) == []


def test_the_everyday_reminder_leaves_a_rounds_cycles_alone(db, framework, trio):
    made, _, oak = east(db, trio)
    with time_machine.travel(datetime(2026, 11, 1, 9, tzinfo=UTC), tick=False):
        stalled = storage.start_cycle(db, oak.id, framework, "UB")
    now = datetime(2026, 11, 25, 10, tzinfo=UTC)
    assert [r.cycle.id for r in due_reminders(db, framework, now, 7)] == [stalled.id]
    open_round(db, framework, made)  # the empty cycle is the one Oakfield reviews in the round
    assert due_reminders(db, framework, now, 7) == []
