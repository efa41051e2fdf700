"""Requests as Slack sends them to /slack/events: signed, and the slash command's form."""

from __future__ import annotations

import hashlib
import hmac
import time
from urllib.parse import urlencode

SECRET = "test-signing-secret"


def signature(raw: bytes, secret: str = SECRET, timestamp: int | None = None) -> tuple[str, str]:
    """(timestamp, signature) as Slack signs a body: v0=HMAC-SHA256 of "v0:{ts}:{body}"."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), b"v0:" + stamp.encode() + b":" + raw, hashlib.sha256)
    return stamp, "v0=" + digest.hexdigest()


def command(text: str = "help", **fields: str | None) -> str:
    """A /peer-review command's form body (a field given as None is left out)."""
    base = {
        "command": "/peer-review",
        "text": text,
        "user_id": "U1",
        "team_id": "T1",
        "channel_id": "C1",
        "trigger_id": "t",
        "response_url": "https://hooks.slack.com/commands/1",
    }
    return urlencode({k: v for k, v in {**base, **fields}.items() if v is not None})
