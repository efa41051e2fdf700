"""The purge job: its periods from the settings, and run through the bot's services."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import SecretStr

import storage
from bot.reminders import schedule
from bot.retention import purge, retention_of, schedule_purge
from bot.settings import ConfigError, Settings, load_settings
from core.retention import Retention


def test_the_periods_come_from_the_settings(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    defaults = Settings(slack_bot_token=SecretStr("xoxb-1"))
    assert retention_of(defaults) == Retention(event_ids_days=7, deleted_comments_days=30)
    monkeypatch.setenv("PEER_REVIEW_KEEP_EVENT_IDS_DAYS", "2")
    monkeypatch.setenv("PEER_REVIEW_KEEP_DELETED_COMMENTS_DAYS", "90")
    assert retention_of(load_settings()) == Retention(event_ids_days=2, deleted_comments_days=90)
    monkeypatch.setenv("PEER_REVIEW_KEEP_DELETED_COMMENTS_DAYS", "0")
    with pytest.raises(ConfigError, match=r"^PEER_REVIEW_KEEP_DELETED_COMMENTS_DAYS"):
        load_settings()


def test_the_purge_runs_beside_the_reminders(bot):
    scheduler = schedule(bot.services, 7)
    try:
        schedule_purge(scheduler, bot.services, Retention())
        job = scheduler.get_job("retention")
        assert job.trigger.interval.total_seconds() == 6 * 3600
        assert job.args[1] == Retention()
    finally:
        scheduler.shutdown(wait=False)


def test_the_purge_forgets_old_event_ids(bot, store):
    with store.connect() as db:
        storage.claim_event(db, "Ev1")
    assert purge(bot.services, Retention(), datetime(2000, 1, 1, tzinfo=UTC)).event_ids == 0
    assert purge(bot.services, Retention(), datetime(9999, 1, 1, tzinfo=UTC)).event_ids == 1
