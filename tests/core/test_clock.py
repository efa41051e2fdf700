from datetime import UTC, datetime

from core.clock import timestamp, uk_date, uk_long_date, uk_time


def test_uk_time_follows_british_summer_time():
    assert uk_time("2026-07-01T12:00:00+00:00") == "1 Jul 2026, 13:00"
    assert uk_time("2026-12-01T12:00:00+00:00") == "1 Dec 2026, 12:00"


def test_the_uk_date_is_the_next_day_just_before_midnight_utc_in_summer():
    assert uk_date("2026-07-01T23:30:00+00:00") == "2 Jul 2026"
    assert uk_long_date("2025-03-14T09:00:00+00:00") == "Friday 14 March 2025"


def test_naive_stored_values_are_utc():
    assert timestamp("2026-01-01T00:00:00") == int(datetime(2026, 1, 1, tzinfo=UTC).timestamp())
