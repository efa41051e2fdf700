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
    queued = check(workspace.bot.services, 7, now)
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
    assert remind(stalled, datetime(2026, 11, 20, tzinfo=UTC)) == 1
    assert stalled.posts("UA1")[-1]["text"].startswith("A gentle reminder")
    assert [c.ok for c in slack.calls if c.method == "chat.postMessage"][-3:] == [
        False,
        False,
        True,
    ]


def test_the_switch(stalled, store):
    assert "Reminders for Hillmead are on." in stalled.command("UA2", "reminders")["text"]
    assert "now off" in stalled.command("UA2", "reminders off")["text"]
    assert remind(stalled, datetime(2026, 12, 20, tzinfo=UTC)) == 0
    assert "now on" in stalled.command("UA1", "reminders on")["text"]
    with store.connect() as db:
        assert storage.find_school(db, "Hillmead").reminders_enabled
    assert remind(stalled, datetime(2026, 12, 20, tzinfo=UTC)) == 1  # the positive control
    assert "not a member" in stalled.command("UZ9", "reminders off")["text"]


def test_the_check_repeats_hourly(bot):
    jobs = schedule(bot.services, 7)
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
