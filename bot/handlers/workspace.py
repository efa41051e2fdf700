"""The app uninstalled, or its bot token revoked: stop sending, and say so in the log once."""

from __future__ import annotations

import logging
from typing import Any

from bot.services import Services
from core import workspace

log = logging.getLogger("peer-review")


def handle_leaving(services: Services, reason: str, body: dict[str, Any]) -> int | None:
    """Give up every waiting effect (see :mod:`core.workspace`); how many, None for a retry."""
    with services.store.connect() as db:
        dropped = workspace.stop_sending(db, reason, event_id=body.get("event_id"))
    if dropped is not None:
        log.warning(
            "Slack says %s in workspace %s: %d waiting effect(s) given up; nothing more is "
            "sent (reinstall the app, set its new token and restart to carry on)",
            reason,
            body.get("team_id") or "?",
            dropped,
        )
    return dropped
