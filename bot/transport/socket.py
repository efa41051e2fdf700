"""Socket Mode: Bolt's own handler, passing each request through `Bot.dispatch`.

Every envelope the bot refuses is still acknowledged, with nothing in the ack. Over HTTP a
malformed request gets a 400 and Slack reads the status; down the websocket there is no
status, only the ack, and Bolt's adapter sends none for an answer other than 200, so Slack
would send the envelope again (and show the person an error) for what the bot has already
refused and logged. As over HTTP, the payload is checked before Bolt reads it: Bolt itself
fails on some malformed payloads before any middleware runs (an action list that is empty).

The connection is slack_sdk's builtin client with four things changed (:class:`PromptClient`);
bench/bench_socket.py measures the time to ack.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Callable
from concurrent.futures import Executor, Future
from contextlib import AbstractContextManager, nullcontext
from functools import partial
from time import time
from typing import Any

from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.socket_mode.internals import send_response
from slack_bolt.response import BoltResponse
from slack_sdk.socket_mode.builtin import SocketModeClient
from slack_sdk.socket_mode.builtin.connection import Connection
from slack_sdk.socket_mode.request import SocketModeRequest

from bot.app import Bot, Malformed

READ_SIZE = 64 * 1024  # bytes the client reads from the websocket at a time (its default: 1 KiB)
PING_INTERVAL = 10  # seconds, as Bolt's handler has it


class PromptClient(SocketModeClient):
    """slack_sdk's builtin Socket Mode client, with four things changed.

    - Acks leave at once (TCP_NODELAY, on every connection, reconnections too). The client
      leaves Nagle's algorithm on, so an ack written while the one before it is still
      unacknowledged by TCP waits for that acknowledgement, which the other end may delay
      (40 ms on Linux). A bare client acking 50 envelopes in flight: p99 50 ms, 11 without.
    - It reads 64 KiB at a time, not 1 KiB. Its frame parser calls itself once per read
      until a read ends where a frame does, so a backlog of about a megabyte (say 50
      envelopes of 20 KB arriving while the bot is busy) overflows Python's stack, and the
      RecursionError loses the connection and every envelope on it. Reading a large envelope
      in one call is also quicker (100 KB: 25 µs, not 420 µs).
    - A new connection takes over at once. When Slack asks for one (``disconnect``, every
      few hours), the client opens it, then closes the old one before using it. Closing
      takes the old connection's receive lock, which its reader holds while it waits in
      ``recv`` for up to 3 s: so the first envelope on the new connection was acked 3 s
      late, which is Slack's deadline. The old socket is now shut down first, which ends
      that wait (then about 0.1 s, the client's pause before it reads the new connection).
    - The thread that takes each message off the client's queue handles it, so messages are
      handled one at a time in the order they came, with no hand-over to a pool of threads.
      The bot answers one request at a time anyway (`Bot.dispatch`); with the pool's ten
      threads, nine waited their turn contending for Python's lock with the one at work.
      From a message taken off the queue until the queue is empty, the client holds
      `under_way` (for the bot: its outbox's count of requests under way).
    """

    def __init__(
        self,
        app_token: str,
        *,
        receive_buffer_size: int = READ_SIZE,
        under_way: Callable[[], AbstractContextManager[Any]] = nullcontext,
        **kwargs: Any,
    ):
        super().__init__(app_token, receive_buffer_size=receive_buffer_size, **kwargs)
        self.message_workers.shutdown()  # it has started no thread yet
        self.message_workers = InThisThread()  # type: ignore[assignment]
        self.under_way = under_way
        self._held: AbstractContextManager[Any] | None = None

    def run_message_listeners(self, message: dict, raw_message: str) -> None:
        if self._held is None:  # the first of those now queued
            self._held = self.under_way()
            self._held.__enter__()
        super().run_message_listeners(message, raw_message)

    def process_message(self) -> None:
        """Take the next message off the queue (waiting up to a second) and handle it."""
        try:
            super().process_message()
        finally:
            if self._held is not None and self.message_queue.empty():  # the last
                self._held.__exit__(None, None, None)
                self._held = None

    def connect(self) -> None:
        old = self.current_session
        if old is not None:
            old.close = partial(close_at_once, old)  # type: ignore[method-assign]
        super().connect()  # opens the new connection, closes the old, uses the new
        session = self.current_session
        if session is not None and session.sock is not None:
            session.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def disconnect(self) -> None:
        if self.current_session is not None:
            close_at_once(self.current_session)


class InThisThread(Executor):
    """An executor that runs what it is given at once, in the caller's thread."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        done: Future = Future()
        try:
            done.set_result(fn(*args, **kwargs))
        except BaseException as error:  # as a pool would: kept in the future
            done.set_exception(error)
        return done


def close_at_once(connection: Connection) -> None:
    """Close a connection without waiting for its reader to give up on ``recv``."""
    if connection.sock is not None:
        with contextlib.suppress(OSError):
            connection.sock.shutdown(socket.SHUT_RDWR)  # recv returns at once
    Connection.close(connection)


class OneAtATime(SocketModeHandler):
    """Bolt's Socket Mode handler, with requests through the bot one at a time, on the
    client's one thread, in the order they came.

    The outbox delivers in the gaps between requests (bot/outbox/gaps.py). An envelope
    waiting in the client's queue counts as under way, as an HTTP request waiting for its
    turn does: the gap comes when the queue is empty, not between every two envelopes, when
    the delivering process would take SQLite's write lock from the next one.
    """

    def __init__(self, bot: Bot, app_token: str):
        # What Bolt's constructor does, with a PromptClient in place of the one it builds.
        self.app, self.app_token, self.bot = bot.app, app_token, bot
        self.client = PromptClient(
            app_token=app_token,
            logger=bot.app.logger,
            web_client=bot.app.client,
            proxy=bot.app.client.proxy,
            ping_interval=PING_INTERVAL,
            under_way=lambda: bot.outbox.serving(),
        )
        self.client.socket_mode_request_listeners.append(self.handle)  # type: ignore[arg-type]

    def handle(self, client: SocketModeClient, req: SocketModeRequest) -> None:  # type: ignore[override]
        start = time()
        send_response(client, req, self.answer(req), start)

    def answer(self, req: SocketModeRequest) -> BoltResponse:
        """The bot's answer to an envelope; a bare ack for one it refuses."""
        try:
            response = self.bot.answer(req.payload, retry_headers(req))
        except Malformed:
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
