"""The one error handler: log what went wrong (never a token) and tell nobody's secrets."""

from __future__ import annotations

import logging

from slack_bolt import App

log = logging.getLogger("peer-review")


def register(app: App) -> None:
    @app.error
    def handle_error(error: Exception, body: dict) -> None:
        kind = body.get("type") or body.get("command") or "request"
        log.error("unhandled error while handling %s: %r", kind, error, exc_info=error)
