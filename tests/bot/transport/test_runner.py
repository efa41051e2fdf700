"""The runner: Socket Mode by default, every secret checked before anything starts."""

from __future__ import annotations

import os
from typing import ClassVar

import pytest
from pydantic import SecretStr

from bot.settings import ConfigError, Settings
from bot.transport import runner
from tests.slack_stub import running_stub


class FakeSocketModeHandler:
    started: ClassVar[list[tuple[object, str]]] = []

    def __init__(self, bot, app_token):
        self.app, self.app_token = bot.app, app_token

    def start(self):
        FakeSocketModeHandler.started.append((self.app, self.app_token))


def test_socket_mode_is_the_default(tmp_path, monkeypatch, caplog):
    import bot.reminders
    import bot.retention
    import bot.transport.socket

    monkeypatch.setattr(bot.transport.socket, "OneAtATime", FakeSocketModeHandler)
    scheduled, purges = [], []
    monkeypatch.setattr(
        bot.reminders, "schedule", lambda services: scheduled.append(services.reminders.days)
    )
    monkeypatch.setattr(
        bot.retention, "schedule_purge", lambda scheduler, services, kept: purges.append(kept)
    )
    started, tuned = [], []
    monkeypatch.setattr(runner.Bot, "start", lambda self: started.append(self))
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")  # as the settings were read from
    monkeypatch.setattr(runner, "few_arenas", lambda: tuned.append(len(started)))
    with running_stub() as slack:
        settings = Settings(
            slack_bot_token=SecretStr("xoxb-1"),
            slack_app_token=SecretStr("xapp-1"),
            slack_api_url=slack.api_url,
            db_path=tmp_path / "r.db",
        )
        runner.run(settings, http=False, host="127.0.0.1", port=0)
        assert "auth.test" in slack.methods()  # Bolt checked the token at start
    app, token = FakeSocketModeHandler.started[-1]
    assert token == "xapp-1"
    assert app.client.base_url == slack.api_url
    assert (tmp_path / "r.db").exists()
    assert scheduled == [7]  # reminders start with the bot
    assert purges == [bot.retention.Retention(event_ids_days=7, deleted_comments_days=30)]
    assert [b.app for b in started] == [app]  # so does the outbox worker
    assert "SLACK_BOT_TOKEN" not in os.environ  # read once; Bolt did not read it again …
    assert "token` will be unused" not in caplog.text  # … so it did not warn
    assert tuned == [0]  # malloc's arenas were limited before any of it started


def test_secrets_are_checked_before_the_database_is_touched(tmp_path):
    settings = Settings(slack_bot_token=SecretStr("xoxb-1"), db_path=tmp_path / "no.db")
    with pytest.raises(ConfigError, match="SLACK_APP_TOKEN"):
        runner.run(settings, http=False, host="127.0.0.1", port=0)
    assert not (tmp_path / "no.db").exists()
