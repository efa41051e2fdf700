from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

import storage
from core.reminders import due_reminders, is_due
from storage.reminders import mark_reminded

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def days_ago(n: float) -> datetime:
    return NOW - timedelta(days=n)


@pytest.mark.parametrize(
    ("progress", "reminded", "days", "due"),
    [
        (days_ago(8), None, 7, True),
        (days_ago(7), None, 7, True),  # exactly N days
        (days_ago(6.9), None, 7, False),
        (days_ago(1), None, 7, False),
        (days_ago(30), days_ago(6), 7, False),  # never more than one a week
        (days_ago(30), days_ago(7), 7, True),
        (days_ago(30), days_ago(8), 7, True),
        (days_ago(3), None, 2, True),  # N is configurable
        (days_ago(3), days_ago(1), 2, False),
        (days_ago(10), days_ago(9), 14, False),
    ],
)
def test_due_rule(progress, reminded, days, due):
    assert is_due(now=NOW, last_progress_at=progress, last_reminded_at=reminded, days=days) is due


@pytest.fixture
def unfinished(db, framework):
    """Hillmead started cycle 1 on 1 Nov and judged two areas on 10 Nov."""
    with time_machine.travel(datetime(2026, 11, 1, 9, tzinfo=UTC), tick=False):
        school = storage.create_school(db, "Hillmead", "UA1")
        cycle = storage.start_cycle(db, school.id, framework, "UA1")
    with time_machine.travel(datetime(2026, 11, 10, 9, tzinfo=UTC), tick=False):
        for area_id in ("leadership", "infrastructure"):
            storage.record_judgement(
                db, cycle.id, area_id, 2, evidence="e", recorded_by="UA2", framework=framework
            )
    return school, cycle


def test_a_stalled_review_is_due_and_names_only_the_missing_areas(db, framework, unfinished):
    _school, cycle = unfinished
    assert due_reminders(db, framework, datetime(2026, 11, 16, 9, tzinfo=UTC), 7) == []
    [reminder] = due_reminders(db, framework, datetime(2026, 11, 17, 9, tzinfo=UTC), 7)
    assert (reminder.school.name, reminder.cycle.id, reminder.user_id) == (
        "Hillmead",
        cycle.id,
        "UA1",
    )
    assert [a.id for a in reminder.missing] == ["itt", "cpd", "s2ss"]


def test_once_reminded_not_again_for_a_week(db, framework, unfinished):
    _, cycle = unfinished
    mark_reminded(db, cycle.id, "2026-11-17T09:00:00+00:00")
    assert due_reminders(db, framework, datetime(2026, 11, 23, 9, tzinfo=UTC), 7) == []
    assert len(due_reminders(db, framework, datetime(2026, 11, 24, 9, tzinfo=UTC), 7)) == 1


def test_no_reminder_when_off_or_finished_or_moving(db, framework, unfinished):
    school, cycle = unfinished
    later = datetime(2026, 12, 20, tzinfo=UTC)
    storage.set_reminders(db, school.id, False)
    assert due_reminders(db, framework, later, 7) == []
    storage.set_reminders(db, school.id, True)
    assert len(due_reminders(db, framework, later, 7)) == 1
    with time_machine.travel(datetime(2026, 12, 19, tzinfo=UTC), tick=False):
        storage.record_judgement(
            db, cycle.id, "itt", 3, evidence="e", recorded_by="UA1", framework=framework
        )
    assert due_reminders(db, framework, later, 7) == []  # progress yesterday
    for area_id in ("cpd", "s2ss"):
        storage.record_judgement(
            db, cycle.id, area_id, 3, evidence="e", recorded_by="UA1", framework=framework
        )
    assert due_reminders(db, framework, datetime(2027, 3, 1, tzinfo=UTC), 7) == []  # judged


def test_the_reminder_goes_to_a_member_when_the_starter_has_left(db, framework, unfinished):
    school, _ = unfinished
    storage.add_member(db, school.id, "UA2", added_by="UA1")
    storage.remove_member(db, school.id, "UA1", "UA2")
    [reminder] = due_reminders(db, framework, datetime(2026, 11, 20, tzinfo=UTC), 7)
    assert reminder.user_id == "UA2"
