"""Configuration: read once from the environment (and an optional ``.env``) at start.

Nothing reads configuration at import time; ``bot.cli`` builds one :class:`Settings` and
passes it down. Tokens are :class:`SecretStr`, so they never appear in logs or reprs.
Variables are named in `VARIABLES`; one set in the environment wins over the ``.env`` file.
(A plain pydantic model and a ten-line ``.env`` reader: pydantic-settings took 35 ms of
every start to import, for the same.)
"""

from __future__ import annotations

import os
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from core.hours import WorkingHours, parse_days, parse_hours
from core.reminders import ReminderRule

SETUP_HELP = "See README.md, section 'Setting up the Slack app'."
DEFAULT_API_URL = "https://slack.com/api/"


class ConfigError(Exception):
    """A setting is missing or malformed; ``str()`` names the variable and what to do."""


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    slack_bot_token: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_api_url: str = DEFAULT_API_URL
    db_path: Path = Path("peer-review.db")
    log_level: str = "INFO"
    reminder_days: int = Field(
        default=7,
        ge=1,
        le=365,
    )
    reminder_hours: str = "09:00-17:00"
    reminder_weekdays: str = "Mon-Fri"
    time_zone: str = "Europe/London"
    keep_event_ids_days: int = Field(
        default=7,
        ge=1,
        le=3650,
    )
    keep_deleted_comments_days: int = Field(
        default=30,
        ge=1,
        le=3650,
    )

    @field_validator("slack_api_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        value = value.strip()
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value if value.endswith("/") else value + "/"

    @field_validator("reminder_hours")
    @classmethod
    def _hours(cls, value: str) -> str:
        parse_hours(value)
        return value

    @field_validator("reminder_weekdays")
    @classmethod
    def _weekdays(cls, value: str) -> str:
        parse_days(value)
        return value

    @field_validator("time_zone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value.strip())
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"has {value!r}, which is not a time zone like Europe/London"
            ) from None
        return value.strip()

    def reminder_rule(self) -> ReminderRule:
        """When reminders go: after `reminder_days` without progress, in working hours."""
        start, end = parse_hours(self.reminder_hours)
        hours = WorkingHours(
            start=start,
            end=end,
            days=parse_days(self.reminder_weekdays),
            zone=ZoneInfo(self.time_zone),
        )
        return ReminderRule(days=self.reminder_days, hours=hours)

    def require_bot_token(self) -> str:
        return _require(self.slack_bot_token, "SLACK_BOT_TOKEN", "xoxb-", "Bot User OAuth Token")

    def require_app_token(self) -> str:
        return _require(self.slack_app_token, "SLACK_APP_TOKEN", "xapp-", "App-Level Token")

    def require_signing_secret(self) -> str:
        secret = self.slack_signing_secret.get_secret_value() if self.slack_signing_secret else ""
        if not secret.strip():
            raise ConfigError(
                f"SLACK_SIGNING_SECRET is not set; HTTP mode needs the app's Signing Secret "
                f"(Basic Information page). {SETUP_HELP}"
            )
        return secret.strip()


def _require(value: SecretStr | None, name: str, prefix: str, what: str) -> str:
    token = value.get_secret_value().strip() if value else ""
    if not token:
        raise ConfigError(
            f"{name} is not set; it should be the app's {what} ({prefix}…). {SETUP_HELP}"
        )
    if not token.startswith(prefix):
        raise ConfigError(
            f"{name} does not look like a {what}: it should start with {prefix!r}. {SETUP_HELP}"
        )
    return token


VARIABLES = {
    "SLACK_BOT_TOKEN": "slack_bot_token",
    "SLACK_APP_TOKEN": "slack_app_token",
    "SLACK_SIGNING_SECRET": "slack_signing_secret",
    "SLACK_API_URL": "slack_api_url",
    "PEER_REVIEW_DB": "db_path",
    "PEER_REVIEW_LOG_LEVEL": "log_level",
    "PEER_REVIEW_REMINDER_DAYS": "reminder_days",
    "PEER_REVIEW_REMINDER_HOURS": "reminder_hours",
    "PEER_REVIEW_REMINDER_WEEKDAYS": "reminder_weekdays",
    "PEER_REVIEW_TIME_ZONE": "time_zone",
    "PEER_REVIEW_KEEP_EVENT_IDS_DAYS": "keep_event_ids_days",
    "PEER_REVIEW_KEEP_DELETED_COMMENTS_DAYS": "keep_deleted_comments_days",
}
NAMES = {field: name for name, field in VARIABLES.items()}


def load_settings(env_file: str | Path = ".env") -> Settings:
    """Read the settings from the environment and `env_file` (if there is one), turning
    validation errors into one ConfigError line."""
    found = {**read_env_file(Path(env_file)), **{k.upper(): v for k, v in os.environ.items()}}
    try:
        return Settings(**{VARIABLES[k]: v for k, v in found.items() if k in VARIABLES})
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "settings"
        message = first["msg"].removeprefix("Value error, ")
        raise ConfigError(f"{NAMES.get(field, field.upper())} {message}. {SETUP_HELP}") from None


def read_env_file(path: Path) -> dict[str, str]:
    """``NAME=value`` lines (``export`` before, quotes around and ``# comments`` allowed)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, IsADirectoryError):
        return {}
    found = {}
    for line in text.splitlines():
        name, equals, value = line.strip().removeprefix("export ").partition("=")
        if not equals or name.lstrip().startswith("#"):
            continue
        value = value.strip()
        if len(value) > 1 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        else:
            value = value.split(" #", 1)[0].rstrip()
        found[name.strip().upper()] = value
    return found
