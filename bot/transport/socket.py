"""Socket Mode: Bolt's own handler, passing each request through `Bot.dispatch`."""

from __future__ import annotations

from time import time

from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.socket_mode.internals import send_response
from slack_bolt.request import BoltRequest
from slack_sdk.socket_mode.builtin import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest

from bot.app import Bot


class OneAtATime(SocketModeHandler):
    """Bolt's Socket Mode handler, with requests through the bot one at a time."""

    def __init__(self, bot: Bot, app_token: str):
        super().__init__(bot.app, app_token)
        self.bot = bot

    def handle(self, client: SocketModeClient, req: SocketModeRequest) -> None:  # type: ignore[override]
        start = time()
        request = BoltRequest(mode="socket_mode", body=req.payload, headers=retry_headers(req))
        send_response(client, req, self.bot.dispatch(request), start)


def retry_headers(req: SocketModeRequest) -> dict[str, str]:
    """A redelivered event's retry number and reason, as the HTTP headers that carry them."""
    headers = {}
    if (attempt := getattr(req, "retry_attempt", None)) is not None:
        headers["x-slack-retry-num"] = str(attempt)
    if (reason := getattr(req, "retry_reason", None)) is not None:
        headers["x-slack-retry-reason"] = reason
    return headers
