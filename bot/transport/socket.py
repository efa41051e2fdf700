"""Socket Mode: Bolt's own handler, passing each request through `Bot.dispatch`.

Every envelope the bot refuses is still acknowledged, with nothing in the ack. Over HTTP a
malformed request gets a 400 and Slack reads the status; down the websocket there is no
status, only the ack, and Bolt's adapter sends none for an answer other than 200, so Slack
would send the envelope again (and show the person an error) for what the bot has already
refused and logged. As over HTTP, the payload is checked before Bolt reads it: Bolt itself
fails on some malformed payloads before any middleware runs (an action list that is empty).
"""

from __future__ import annotations

import logging
from time import time

from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.socket_mode.internals import send_response
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.socket_mode.builtin import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest

from bot.app import Bot
from bot.listeners.guard import problem

log = logging.getLogger("peer-review.socket")


class OneAtATime(SocketModeHandler):
    """Bolt's Socket Mode handler, with requests through the bot one at a time."""

    def __init__(self, bot: Bot, app_token: str):
        super().__init__(bot.app, app_token)
        self.bot = bot

    def handle(self, client: SocketModeClient, req: SocketModeRequest) -> None:  # type: ignore[override]
        start = time()
        send_response(client, req, self.answer(req), start)

    def answer(self, req: SocketModeRequest) -> BoltResponse:
        """The bot's answer to an envelope; a bare ack for one it refuses."""
        if (why := problem(req.payload)) is not None:
            log.warning("refused a malformed envelope: %s", why)
            return BoltResponse(status=200)
        request = BoltRequest(mode="socket_mode", body=req.payload, headers=retry_headers(req))
        try:
            response = self.bot.dispatch(request)
        except (KeyError, IndexError, TypeError, AttributeError, ValueError) as error:
            log.warning("refused a malformed envelope Bolt could not read: %r", error)
            return BoltResponse(status=200)
        # Anything else but 200 is a request with no listener for it, which Bolt has logged.
        return response if response.status == 200 else BoltResponse(status=200)


def retry_headers(req: SocketModeRequest) -> dict[str, str]:
    """A redelivered event's retry number and reason, as the HTTP headers that carry them."""
    headers = {}
    if (attempt := getattr(req, "retry_attempt", None)) is not None:
        headers["x-slack-retry-num"] = str(attempt)
    if (reason := getattr(req, "retry_reason", None)) is not None:
        headers["x-slack-retry-reason"] = reason
    return headers
