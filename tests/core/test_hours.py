"""Working hours: when a reminder may go out."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from core.hours import WorkingHours, parse_days, parse_hours

HOURS = WorkingHours()


@pytest.mark.parametrize(
    ("moment", "open_"),
    [
        (datetime(2026, 11, 23, 9, 0, tzinfo=UTC), True),  # Monday 09:00 (GMT)
        (datetime(2026, 11, 23, 8, 59, tzinfo=UTC), False),
        (datetime(2026, 11, 27, 16, 59, tzinfo=UTC), True),  # Friday
        (datetime(2026, 11, 27, 17, 0, tzinfo=UTC), False),
        (datetime(2026, 11, 28, 11, 0, tzinfo=UTC), False),  # Saturday
        (datetime(2026, 7, 6, 8, 30, tzinfo=UTC), True),  # Monday 09:30 in summer (BST)
        (datetime(2026, 7, 6, 16, 30, tzinfo=UTC), False),  # 17:30 BST
    ],
)
def test_reminders_go_on_weekdays_in_working_hours_uk_time(moment, open_):
    assert HOURS.open_at(moment) is open_


def test_the_local_day_is_the_uk_one():
    assert HOURS.local_day(datetime(2026, 7, 6, 23, 30, tzinfo=UTC)) == "2026-07-07"


def test_settings_are_read_as_people_write_them():
    assert parse_hours("9-17") == (time(9), time(17))
    assert parse_hours("08:30–16:00") == (time(8, 30), time(16))
    assert parse_days("Mon-Fri") == frozenset(range(5))
    assert parse_days("monday, wed,Fri") == frozenset({0, 2, 4})


@pytest.mark.parametrize("text", ["17-9", "nine to five", "9"])
def test_hours_that_make_no_sense_are_refused_in_words(text):
    with pytest.raises(ValueError, match=r"09:00"):
        parse_hours(text)


def test_days_that_are_not_days_are_refused_in_words():
    with pytest.raises(ValueError, match=r"'Funday'"):
        parse_days("Mon,Funday")


def test_described_for_the_people_told_about_reminders():
    assert HOURS.describe() == "Monday to Friday, 09:00–17:00 UK time"
    other = WorkingHours(days=frozenset({0, 2}), zone=ZoneInfo("Europe/Dublin"))
    assert other.describe() == "Monday, Wednesday, 09:00–17:00 Europe/Dublin time"
