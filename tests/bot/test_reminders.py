from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from pydantic import SecretStr

import storage
from bot import ids
from bot.reminders import schedule, send_due_reminders
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


def test_a_stalled_review_gets_one_gentle_dm(stalled, app, slack, store, framework):
    assert (
        send_due_reminders(
            app.client, store, framework, 7, now=datetime(2026, 11, 8, 9, tzinfo=UTC)
        )
        == 0
    )
    with time_machine.travel(datetime(2026, 11, 9, 10, tzinfo=UTC), tick=False):
        assert send_due_reminders(app.client, store, framework, 7) == 1
        assert send_due_reminders(app.client, store, framework, 7) == 0  # not twice
    dm = stalled.posts("UA1")[-1]["text"]
    assert dm.startswith("A gentle reminder: Hillmead's review (cycle 1) is waiting for 4 of 5")
    assert "2 Infrastructure, 3 ITT, 4 CPD, 5 S2SS" in dm
    assert "1 Leadership" not in dm
    # A week later, still stalled: one more.
    assert (
        send_due_reminders(
            app.client, store, framework, 7, now=datetime(2026, 11, 16, 10, tzinfo=UTC)
        )
        == 1
    )


def test_a_refused_dm_is_tried_again(stalled, app, slack, store, framework):
    slack.fail("chat.postMessage", "user_not_found")
    later = datetime(2026, 11, 20, tzinfo=UTC)
    assert send_due_reminders(app.client, store, framework, 7, now=later) == 0
    assert send_due_reminders(app.client, store, framework, 7, now=later) == 1


def test_the_switch(stalled, app, store, framework):
    assert "Reminders for Hillmead are on." in stalled.command("UA2", "reminders")["text"]
    assert "now off" in stalled.command("UA2", "reminders off")["text"]
    assert (
        send_due_reminders(app.client, store, framework, 7, now=datetime(2026, 12, 20, tzinfo=UTC))
        == 0
    )
    assert "now on" in stalled.command("UA1", "reminders on")["text"]
    with store.connect() as db:
        assert storage.find_school(db, "Hillmead").reminders_enabled
    assert "not a member" in stalled.command("UZ9", "reminders off")["text"]


def test_the_scheduler_runs_the_check_hourly(app, store, framework):
    scheduler = schedule(app.client, store, framework, 7)
    try:
        job = scheduler.get_job("reminders")
        assert job.trigger.interval.total_seconds() == 3600
        assert job.args[3] == 7
    finally:
        scheduler.shutdown(wait=False)


def test_reminder_days_setting(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert Settings(slack_bot_token=SecretStr("xoxb-1"), _env_file=None).reminder_days == 7
    monkeypatch.setenv("PEER_REVIEW_REMINDER_DAYS", "14")
    assert load_settings().reminder_days == 14
    monkeypatch.setenv("PEER_REVIEW_REMINDER_DAYS", "0")
    with pytest.raises(ConfigError, match=r"^PEER_REVIEW_REMINDER_DAYS"):
        load_settings()
