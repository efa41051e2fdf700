from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.settings import ConfigError, load_settings

ENV = (
    "SLACK_BOT_TOKEN",
    "SLACK_APP_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_API_URL",
    "PEER_REVIEW_DB",
    "PEER_REVIEW_LOG_LEVEL",
)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    for name in ENV:
        monkeypatch.delenv(name, raising=False)


def test_defaults():
    settings = load_settings()
    assert settings.db_path == Path("peer-review.db")
    assert settings.slack_api_url == "https://slack.com/api/"


def test_environment_and_dotenv(monkeypatch, tmp_path):
    (tmp_path / ".env").write_text("SLACK_BOT_TOKEN=xoxb-from-dotenv\nPEER_REVIEW_DB=/tmp/x.db\n")
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9999/api")
    settings = load_settings()
    assert settings.require_bot_token() == "xoxb-from-dotenv"
    assert settings.db_path == Path("/tmp/x.db")
    assert settings.slack_api_url == "http://127.0.0.1:9999/api/"


def test_tokens_never_appear_in_repr_or_logs(monkeypatch, caplog):
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-very-secret-value")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "signing-very-secret")
    settings = load_settings()
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("test").info("settings: %s %r", settings, settings)
    assert "very-secret" not in caplog.text
    assert "very-secret" not in repr(settings)


def test_malformed_setting_is_one_readable_error(monkeypatch):
    monkeypatch.setenv("SLACK_API_URL", "slack.com/api")
    with pytest.raises(ConfigError, match=r"^SLACK_API_URL must start with http:// or https://\."):
        load_settings()


def test_whitespace_token_counts_as_missing(monkeypatch):
    monkeypatch.setenv("SLACK_BOT_TOKEN", "   ")
    with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN is not set"):
        load_settings().require_bot_token()


def test_the_env_file_reads_as_a_shell_would_and_the_environment_wins(monkeypatch, tmp_path):
    (tmp_path / ".env").write_text(
        "# the bot's settings\n"
        "export SLACK_BOT_TOKEN='xoxb-quoted'\n"
        "PEER_REVIEW_REMINDER_DAYS=14  # a fortnight\n"
        'PEER_REVIEW_LOG_LEVEL="WARNING"\n'
        "not a setting\n"
        "PEER_REVIEW_DB=/from/the/file.db\n"
    )
    monkeypatch.setenv("PEER_REVIEW_DB", "/from/the/environment.db")
    settings = load_settings()
    assert settings.require_bot_token() == "xoxb-quoted"
    assert settings.reminder_days == 14
    assert settings.log_level == "WARNING"
    assert settings.db_path == Path("/from/the/environment.db")


def test_a_bad_number_names_its_variable(monkeypatch):
    monkeypatch.setenv("PEER_REVIEW_KEEP_EVENT_IDS_DAYS", "0")
    with pytest.raises(ConfigError, match=r"^PEER_REVIEW_KEEP_EVENT_IDS_DAYS .*greater than"):
        load_settings()
