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
from tests.conftest import eventually


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


def remembered(store):
    with store.connect() as db:
        return db.execute("SELECT count(*) FROM processed_events").fetchone()[0]


def test_the_purge_runs_at_start_then_beside_the_reminders(bot, store):
    with store.connect() as db:
        storage.claim_event(db, "Ev1")
        db.execute("UPDATE processed_events SET received_at = '2000-01-01T00:00:00+00:00'")
    assert remembered(store) == 1
    jobs = schedule(bot.services)
    try:
        schedule_purge(jobs, bot.services, Retention())
        assert jobs.jobs["retention"].every == 6 * 3600
        eventually(lambda: remembered(store) == 0, seconds=10, waiting_for="the purge at start")
    finally:
        jobs.shutdown()


def test_the_purge_forgets_old_event_ids(bot, store):
    with store.connect() as db:
        storage.claim_event(db, "Ev1")
    assert purge(bot.services, Retention(), datetime(2000, 1, 1, tzinfo=UTC)).event_ids == 0
    assert purge(bot.services, Retention(), datetime(9999, 1, 1, tzinfo=UTC)).event_ids == 1
