"""Is a payload whole? A malformed one gets 400 and one log line, never a traceback.

Slack always sends these fields; a payload without them is forged or broken, and handlers
(and Bolt itself) rely on them. Both transports ask :func:`problem` (through `Bot.answer`)
before Bolt reads anything, over HTTP after checking the signature; where a bot is handed
requests without a transport (the tests), the same check runs as Bolt's first middleware.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltResponse

log = logging.getLogger("peer-review.guard")


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value)


def _user(body: dict[str, Any]) -> bool:
    user = body.get("user")
    return isinstance(user, dict) and _text(user.get("id"))


def problem(body: Any) -> str | None:
    """What is missing from a payload the bot would act on, or None when it is whole."""
    if not isinstance(body, dict):
        return "not an object"
    if "command" in body:
        missing = [k for k in ("command", "user_id", "trigger_id") if not _text(body.get(k))]
        if not isinstance(body.get("text", ""), str):
            missing.append("text")
        return f"a command without {', '.join(missing)}" if missing else None
    kind = body.get("type")
    if kind == "block_actions":
        actions = body.get("actions")
        if not _user(body):
            return "block_actions without user.id"
        if not isinstance(actions, list) or not actions:
            return "block_actions without actions"
        if not all(isinstance(a, dict) and _text(a.get("action_id")) for a in actions):
            return "an action without action_id"
        return None
    if kind in ("view_submission", "view_closed"):
        view = body.get("view")
        if not _user(body) or not isinstance(view, dict):
            return f"{kind} without user.id or view"
        if not _text(view.get("callback_id")) or not _text(view.get("type")):
            return f"{kind} without view.callback_id or view.type"
        state = view.get("state", {"values": {}})
        if not isinstance(state, dict) or not isinstance(state.get("values", {}), dict):
            return f"{kind} with a malformed view.state"
        return None
    if kind == "block_suggestion":
        if not _user(body) or not _text(body.get("action_id")):
            return "block_suggestion without user.id or action_id"
        if not isinstance(body.get("value", ""), str):
            return "block_suggestion with a value that is not text"
        return None
    if kind == "event_callback":
        return _event_problem(body.get("event"))
    return None


def _event_problem(event: Any) -> str | None:
    if not isinstance(event, dict) or not _text(event.get("type")):
        return "an event without a type"
    kind = event["type"]
    if kind == "app_home_opened" and not _text(event.get("user")):
        return "app_home_opened without user"
    if kind in ("app_mention", "message"):
        if not _text(event.get("channel")):
            return f"{kind} without channel"
        plain = kind == "app_mention" or event.get("subtype") in (None, "thread_broadcast")
        if (
            plain
            and not event.get("bot_id")
            and not (_text(event.get("user")) and _text(event.get("ts")))
        ):
            return f"{kind} without user or ts"
        if not isinstance(event.get("text", ""), str):
            return f"{kind} with text that is not text"
    return None


def register(app: App) -> None:
    @app.middleware
    def well_formed(body: dict, next: Callable[[], BoltResponse]) -> BoltResponse | None:
        why = problem(body)
        if why is None:
            return next()
        log.warning("refused a malformed request: %s", why)
        return BoltResponse(status=400, body=f"Bad request: {why}")
