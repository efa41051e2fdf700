"""The one error handler: a bug of ours never becomes a 500 or a silent failure.

It logs one line with the traceback (never a token), and tells the person politely: in the
form they submitted (so nothing they typed is lost), in the command's reply, or privately
after a click. Known refusals never reach here; handlers answer those themselves.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import App, BoltResponse

from bot.blocks.notices import something_went_wrong
from bot.services import Services
from core import effects

log = logging.getLogger("peer-review")

FORM_ERROR = (
    "Sorry, something went wrong on my side and this was not saved. "
    "What you typed is still here: please press the button again."
)


def register(app: App, services: Services) -> None:
    @app.error
    def handle_error(error: Exception, body: dict) -> BoltResponse:
        kind = body.get("type") or body.get("command") or "request"
        log.error("error while handling %s: %r", kind, error, exc_info=error)
        return answer(body, services)


def answer(body: dict[str, Any], services: Services) -> BoltResponse:
    """What to answer a request that failed because of a bug: a 200 with a polite word."""
    sorry = something_went_wrong()
    if body.get("type") == "view_submission":
        blocks = (body.get("view") or {}).get("blocks") or []
        first = next((b.get("block_id") for b in blocks if b.get("type") == "input"), None)
        if first:
            errors = {"response_action": "errors", "errors": {first: FORM_ERROR}}
            return BoltResponse(status=200, body=json.dumps(errors))
    if "command" in body:
        return BoltResponse(status=200, body=json.dumps(sorry))
    user = body.get("user") or {}
    user_id = user.get("id") if isinstance(user, dict) else None
    if body.get("type") == "block_actions" and isinstance(user_id, str):
        try:
            with services.unit() as db:
                effects.respond(db, user_id, body.get("response_url"), sorry)
        except Exception:  # the database itself is failing: the log line above says why
            log.exception("could not tell %s about the error", user_id)
    return BoltResponse(status=200, body="")
