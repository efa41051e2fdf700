"""Sorting what went wrong with a Slack call: worth another try, or a refusal to explain."""

from __future__ import annotations

import http.client
import socket
import sqlite3
import urllib.error
from dataclasses import dataclass

from slack_sdk.errors import SlackApiError, SlackRequestError

# ok:false errors that say "not now" rather than "no".
TRANSIENT_ERRORS = frozenset(
    {
        "ratelimited",
        "rate_limited",
        "internal_error",
        "fatal_error",
        "service_unavailable",
        "request_timeout",
        "timeout",
        "team_added_to_org",
    }
)

# ok:false errors that say the bot's token no longer works: nothing else will get through.
REVOKED_ERRORS = frozenset({"invalid_auth", "account_inactive", "token_revoked"})


@dataclass(frozen=True)
class Failure(Exception):
    """A delivery that did not happen. `code` is Slack's error code (or what went wrong);
    `transient` says another try may work, after `retry_after` seconds when Slack said."""

    code: str
    transient: bool
    retry_after: float | None = None

    def __str__(self) -> str:
        return self.code

    @property
    def revoked(self) -> bool:
        """The bot may no longer speak in the workspace."""
        return self.code in REVOKED_ERRORS


def classify(error: BaseException) -> Failure:
    """What a Slack client error means for the outbox."""
    if isinstance(error, Failure):
        return error
    if isinstance(error, SlackApiError):
        response = error.response
        status = getattr(response, "status_code", 200)
        data = response.data if isinstance(response.data, dict) else {}
        code = str(data.get("error")) if status == 200 and data.get("error") else f"http_{status}"
        if status == 429 or code in ("ratelimited", "rate_limited"):
            return Failure("ratelimited", True, _retry_after(response.headers))
        if status >= 500 or code in TRANSIENT_ERRORS:
            return Failure(code, True)
        return Failure(code, False)
    if isinstance(error, urllib.error.HTTPError):
        if error.code == 429:
            return Failure("ratelimited", True, _retry_after(dict(error.headers.items())))
        return Failure(f"http_{error.code}", error.code >= 500)
    if isinstance(
        error,
        (
            urllib.error.URLError,
            socket.timeout,
            TimeoutError,
            ConnectionError,
            http.client.HTTPException,
        ),
    ):
        return Failure("connection_error", True)
    if isinstance(error, sqlite3.OperationalError):  # busy or locked: ours, and passing
        return Failure("database_busy", True)
    if isinstance(error, SlackRequestError):
        return Failure("upload_failed", True)
    if isinstance(error, OSError):
        return Failure("connection_error", True)
    raise error


def _retry_after(headers: object) -> float | None:
    if not isinstance(headers, dict):
        return None
    for key, value in headers.items():
        if str(key).lower() == "retry-after":
            raw = value[0] if isinstance(value, list) else value
            try:
                return max(0.0, float(raw))
            except (TypeError, ValueError):
                return None
    return None
