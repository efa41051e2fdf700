from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from pydantic import SecretStr

import storage
from bot import ids
from bot.reminders import check, schedule
from bot.settings import ConfigError, Settings, load_settings
from tests.bot.conftest import judgement_values, setup_values

STARTED = datetime(2026, 11, 2, 9, tzinfo=UTC)


@pytest.fixture
def stalled(workspace):
    """Hillmead: UA1 started the review on 2 Nov and judged one area; then nothing."""
    workspace.command("UA1", "setup")
    workspace.submit("UA1", workspace.last_view(), setup_values("Hillmead", members=("UA2",)))
    with time_machine.travel(STARTED, tick=False):
        workspace.command("UA1", "start")
        workspace.click("UA1", workspace.last_post(), f"{ids.ACTION_CHOOSE_LEVEL}_2")
        workspace.submit("UA1", workspace.last_view(), judgement_values(2, "ev"))
    return workspace


def remind(workspace, now=None) -> int:
    """The hourly check, then the outbox delivered."""
    queued = check(workspace.bot.services, now)
    workspace.bot.worker.drain()
    return queued


def test_a_stalled_review_gets_one_gentle_dm(stalled):
    assert remind(stalled, datetime(2026, 11, 8, 9, tzinfo=UTC)) == 0
    with time_machine.travel(datetime(2026, 11, 9, 10, tzinfo=UTC), tick=False):
        assert remind(stalled) == 1
        assert remind(stalled) == 0  # not twice
    dm = stalled.posts("UA1")[-1]["text"]
    assert dm.startswith("A gentle reminder: Hillmead's review (cycle 1) is waiting for 4 of 5")
    assert "2 Infrastructure, 3 ITT, 4 CPD, 5 S2SS" in dm
    assert "1 Leadership" not in dm
    # A week later, still stalled: one more.
    assert remind(stalled, datetime(2026, 11, 16, 10, tzinfo=UTC)) == 1
    assert len([p for p in stalled.posts("UA1") if p["text"].startswith("A gentle")]) == 2


def test_a_dm_slack_cannot_take_now_is_tried_again(stalled, slack):
    slack.http_error("chat.postMessage", 503)
    slack.rate_limit("chat.postMessage")
    assert remind(stalled, datetime(2026, 11, 20, 10, tzinfo=UTC)) == 1
    assert stalled.posts("UA1")[-1]["text"].startswith("A gentle reminder")
    assert [c.ok for c in slack.calls if c.method == "chat.postMessage"][-3:] == [
        False,
        False,
        True,
    ]


def test_the_switch(stalled, store):
    assert "Reminders for Hillmead are on." in stalled.command("UA2", "reminders")["text"]
    assert "now off" in stalled.command("UA2", "reminders off")["text"]
    assert remind(stalled, datetime(2026, 12, 21, 10, tzinfo=UTC)) == 0
    assert "now on" in stalled.command("UA1", "reminders on")["text"]
    with store.connect() as db:
        assert storage.find_school(db, "Hillmead").reminders_enabled
    assert remind(stalled, datetime(2026, 12, 21, 10, tzinfo=UTC)) == 1  # the positive control
    assert "not a member" in stalled.command("UZ9", "reminders off")["text"]


def test_the_check_repeats_hourly(bot):
    jobs = schedule(bot.services)
    try:
        assert jobs.jobs["reminders"].every == 3600
    finally:
        jobs.shutdown()


def test_reminder_days_setting(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert Settings(slack_bot_token=SecretStr("xoxb-1")).reminder_days == 7
    monkeypatch.setenv("PEER_REVIEW_REMINDER_DAYS", "14")
    assert load_settings().reminder_days == 14
    monkeypatch.setenv("PEER_REVIEW_REMINDER_DAYS", "0")
    with pytest.raises(ConfigError, match=r"^PEER_REVIEW_REMINDER_DAYS"):
        load_settings()


# -- working hours and closed days (UK time; the clock frozen) -----------------------------

MONDAY_10 = datetime(2026, 11, 16, 10, tzinfo=UTC)  # 14 days after the start: due


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 11, 14, 10, tzinfo=UTC),  # Saturday
        datetime(2026, 11, 15, 15, tzinfo=UTC),  # Sunday
        datetime(2026, 11, 16, 7, 30, tzinfo=UTC),  # Monday, before nine
        datetime(2026, 11, 16, 17, 0, tzinfo=UTC),  # Monday, five o'clock
        datetime(2026, 11, 17, 3, 0, tzinfo=UTC),  # the small hours
    ],
)
def test_a_reminder_is_held_outside_working_hours_and_sent_inside_them(stalled, moment):
    with time_machine.travel(moment, tick=False):
        assert remind(stalled) == 0
    assert not [p for p in stalled.posts("UA1") if p["text"].startswith("A gentle")]
    with time_machine.travel(MONDAY_10.replace(day=17), tick=False):
        assert remind(stalled) == 1  # still due: it waited, it was not lost
    assert [p for p in stalled.posts("UA1") if p["text"].startswith("A gentle")]


def test_no_reminder_on_a_day_the_school_marks_as_closed(stalled):
    with time_machine.travel(datetime(2026, 11, 10, 12, tzinfo=UTC), tick=False):
        answer = stalled.command("UA2", "closed 16 Nov 2026 to 17 Nov 2026")["text"]
    assert "Noted: Hillmead is closed Mon 16 Nov 2026 to Tue 17 Nov 2026" in answer
    assert remind(stalled, MONDAY_10) == 0
    assert remind(stalled, MONDAY_10.replace(day=17)) == 0
    assert remind(stalled, MONDAY_10.replace(day=18)) == 1  # open again


def test_closed_days_are_listed_and_cleared_by_members_only(stalled):
    with time_machine.travel(datetime(2026, 11, 10, 12, tzinfo=UTC), tick=False):
        stalled.command("UA1", "closed 2026-12-21 - 2027-01-01")
        listed = stalled.command("UA2", "closed")["text"]
        assert "• Mon 21 Dec 2026 to Fri 1 Jan 2027" in listed
        assert "couldn't read 'soon'" in stalled.command("UA1", "closed soon")["text"]
        assert "not a member" in stalled.command("UZ9", "closed 2026-12-24")["text"]
        assert "Cleared 1 upcoming closure" in stalled.command("UA1", "closed clear")["text"]
        assert "No closed days are marked" in stalled.command("UA1", "closed")["text"]


def test_the_switch_says_when_reminders_come_by_the_deployments_setting(
    slack, store, framework, tmp_path
):
    from tests.bot.workspace import Workspace, make_bot

    settings = {
        "reminder_days": 10,
        "reminder_hours": "08:00-16:00",
        "reminder_weekdays": "Tue-Thu",
    }
    ws = Workspace(make_bot(slack, store, framework, **settings), slack)
    ws.command("UA1", "setup")
    ws.submit("UA1", ws.last_view(), setup_values("Hillmead"))
    answer = ws.command("UA1", "reminders on")["text"]
    assert "if nothing is recorded for 10 days, on Tuesday to Thursday, 08:00–16:00 UK time" in (
        answer
    )
    assert "a week" not in answer


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("PEER_REVIEW_REMINDER_HOURS", "17-9"),
        ("PEER_REVIEW_REMINDER_WEEKDAYS", "Mon-Funday"),
        ("PEER_REVIEW_TIME_ZONE", "Europe/Atlantis"),
    ],
)
def test_working_hours_settings_that_make_no_sense_stop_the_start(
    monkeypatch, tmp_path, variable, value
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError, match=rf"^{variable} "):
        load_settings()
