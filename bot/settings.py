"""Configuration: read once from the environment (and an optional ``.env``) at start.

Nothing reads configuration at import time; ``bot.cli`` builds one :class:`Settings` and
passes it down. Tokens are :class:`SecretStr`, so they never appear in logs or reprs.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

SETUP_HELP = "See README.md, section 'Setting up the Slack app'."
DEFAULT_API_URL = "https://slack.com/api/"


class ConfigError(Exception):
    """A setting is missing or malformed; ``str()`` names the variable and what to do."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", frozen=True
    )

    slack_bot_token: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_api_url: str = DEFAULT_API_URL
    db_path: Path = Field(
        default=Path("peer-review.db"), validation_alias=AliasChoices("PEER_REVIEW_DB", "db_path")
    )
    log_level: str = Field(
        default="INFO", validation_alias=AliasChoices("PEER_REVIEW_LOG_LEVEL", "log_level")
    )
    reminder_days: int = Field(
        default=7,
        ge=1,
        le=365,
        validation_alias=AliasChoices("PEER_REVIEW_REMINDER_DAYS", "reminder_days"),
    )
    keep_event_ids_days: int = Field(
        default=7,
        ge=1,
        le=3650,
        validation_alias=AliasChoices("PEER_REVIEW_KEEP_EVENT_IDS_DAYS", "keep_event_ids_days"),
    )
    keep_deleted_comments_days: int = Field(
        default=30,
        ge=1,
        le=3650,
        validation_alias=AliasChoices(
            "PEER_REVIEW_KEEP_DELETED_COMMENTS_DAYS", "keep_deleted_comments_days"
        ),
    )

    @field_validator("slack_api_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        value = value.strip()
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value if value.endswith("/") else value + "/"

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


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning validation errors into one ConfigError line."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "settings"
        name = {
            "db_path": "PEER_REVIEW_DB",
            "log_level": "PEER_REVIEW_LOG_LEVEL",
            "reminder_days": "PEER_REVIEW_REMINDER_DAYS",
            "keep_event_ids_days": "PEER_REVIEW_KEEP_EVENT_IDS_DAYS",
            "keep_deleted_comments_days": "PEER_REVIEW_KEEP_DELETED_COMMENTS_DAYS",
        }.get(field, field.upper())
        message = first["msg"].removeprefix("Value error, ")
        raise ConfigError(f"{name} {message}. {SETUP_HELP}") from None
