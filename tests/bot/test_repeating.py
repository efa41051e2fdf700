"""Repeating jobs: each at its interval, one at a time, a failure logged and run again."""

from __future__ import annotations

import threading

import pytest

from bot.repeating import Repeating


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_a_job_runs_at_its_interval_and_a_first_run_can_come_sooner():
    clock, ran = Clock(), []
    jobs = Repeating(clock)
    jobs.add("hourly", lambda: ran.append("hourly"), every=3600)
    jobs.add("purge", lambda: ran.append("purge"), every=6 * 3600, first=0)
    assert jobs.run_due() == ["purge"]
    clock.now += 3599
    assert jobs.run_due() == []
    clock.now += 1
    assert jobs.run_due() == ["hourly"]
    assert ran == ["purge", "hourly"]


def test_runs_missed_while_asleep_are_run_once():
    clock, ran = Clock(), []
    jobs = Repeating(clock)
    jobs.add("hourly", lambda: ran.append(clock.now), every=3600)
    clock.now += 10 * 3600
    assert jobs.run_due() == ["hourly"]
    assert jobs.run_due() == []  # not nine more
    clock.now += 3600
    assert jobs.run_due() == ["hourly"]


def test_a_failing_job_is_logged_and_runs_again_next_time(caplog):
    clock, ran = Clock(), []

    def fails():
        ran.append(clock.now)
        raise RuntimeError("database is locked")

    jobs = Repeating(clock)
    jobs.add("reminders", fails, every=60, first=0)
    jobs.add("purge", lambda: ran.append("purge"), every=60, first=0)
    assert jobs.run_due() == ["reminders", "purge"]  # the other job still ran
    assert "the reminders job failed; it runs again in 60 s" in caplog.text
    assert "database is locked" in caplog.text
    clock.now += 60
    assert jobs.run_due() == ["reminders", "purge"]


def test_an_interval_must_be_positive():
    with pytest.raises(ValueError, match="positive"):
        Repeating().add("never", lambda: None, every=0)


def test_the_thread_runs_a_job_added_after_it_started_and_stops_when_told():
    ran = threading.Event()
    jobs = Repeating().start()
    try:
        jobs.add("soon", ran.set, every=3600, first=0)
        assert ran.wait(5)
        assert jobs.running
    finally:
        jobs.shutdown()
    assert not jobs.running
