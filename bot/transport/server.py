"""The HTTP server in front of `SlackEvents`: one thread, one request at a time.

Slack's requests are one shape: a POST of at most a megabyte with a Content-Length, to be
answered within three seconds. The bot's listeners only validate, write to SQLite and
enqueue (about a millisecond), and they run one at a time anyway (`Bot.dispatch`), so this
server reads and answers every connection from one event loop on one thread: no thread
pool to hand each request to, no hand-over of Python's lock, and nothing to import but
what the bot already has (asyncio comes with Bolt). Measured against gunicorn with eight
threads, as the bot was served before: see the README's "Performance".

What it accepts is what Slack sends: HTTP/1.1 or 1.0, a Content-Length (no chunked bodies:
411), headers of at most 16 KB (431), bodies of at most `MAX_BODY` (413, before reading
them), keep-alive and ``Expect: 100-continue``. A connection that sends nothing for
`IDLE` seconds, or takes longer than that over one request, is closed, so slow or idle
clients hold nothing. It speaks plain HTTP: put it behind the TLS proxy or load balancer
that gives Slack its https:// address.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext

from bot.transport.http import MAX_BODY, SlackEvents

log = logging.getLogger("peer-review.http")

MAX_HEAD = 16_384  # bytes of request line and headers
IDLE = 30.0  # seconds a connection may be silent, or take over one request
BACKLOG = 1024  # connections the kernel queues while one is answered

Answer = tuple[str, list[tuple[str, str]], bytes]
Busy = Callable[[], AbstractContextManager[None]]


class Head:
    """A request's line and headers, read from bytes that end with a blank line."""

    def __init__(self, raw: bytes):
        lines = raw.decode("latin-1").split("\r\n")
        parts = lines[0].split(" ")
        if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
            raise ValueError("not an HTTP/1 request line")
        self.method, target, self.version = parts
        self.path = target.split("?", 1)[0]
        self.headers: dict[str, str] = {}
        for line in lines[1:]:
            if not line:
                continue
            name, colon, value = line.partition(":")
            if not colon or not name or name != name.strip() or line[0] in " \t":
                raise ValueError("a malformed header line")
            name = name.lower()
            if name in self.headers and name in ("content-length", "host"):
                raise ValueError(f"two {name} headers")
            value = value.strip()
            self.headers[name] = f"{self.headers[name]}, {value}" if name in self.headers else value

    @property
    def keep_alive(self) -> bool:
        connection = self.headers.get("connection", "").lower()
        if self.version == "HTTP/1.0":
            return "keep-alive" in connection
        return "close" not in connection


class Connection(asyncio.Protocol):
    """One client's connection: requests read, answered in turn, kept alive or closed."""

    def __init__(self, events: SlackEvents, busy: Busy = nullcontext):
        self.events = events
        self.busy = busy  # entered from a request's first byte until it is answered
        self.pending: AbstractContextManager[None] | None = None
        self.buffer = bytearray()
        self.head: Head | None = None
        self.length = 0
        self.transport: asyncio.Transport | None = None
        self.timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self._restart_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        if self.timer:
            self.timer.cancel()
        self.transport = None
        self._done()

    def data_received(self, data: bytes) -> None:
        if self.pending is None:
            self.pending = self.busy()
            self.pending.__enter__()
        self.buffer += data
        while self.transport is not None and self._one_request():
            pass

    def _one_request(self) -> bool:
        """Answer the request at the start of the buffer if it is all here; True when one
        was answered and the connection stays open for the next."""
        if self.head is None:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(self.buffer) > MAX_HEAD:
                    self._finish(_plain("431 Request Header Fields Too Large", "Too large"))
                return False
            if end > MAX_HEAD:
                self._finish(_plain("431 Request Header Fields Too Large", "Too large"))
                return False
            try:
                self.head = head = Head(bytes(self.buffer[:end]))
                self.length = body_length(head.headers)
            except ValueError as error:
                log.warning("refused a malformed HTTP request: %s", error)
                self._finish(_plain("400 Bad Request", "Bad request"))
                return False
            except LengthError as error:
                self._finish(error.answer)
                return False
            del self.buffer[: end + 4]
            if head.headers.get("expect", "").lower() == "100-continue" and self.transport:
                self.transport.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        if len(self.buffer) < self.length:
            return False
        head, raw = self.head, bytes(self.buffer[: self.length])
        del self.buffer[: self.length]
        self.head, self.length = None, 0
        answer = self.events.answer(head.method, head.path, head.headers, raw)
        self._finish(answer, keep_alive=head.keep_alive)
        return self.transport is not None

    def _finish(self, answer: Answer, *, keep_alive: bool = False) -> None:
        if self.transport is None:
            return
        status, headers, body = answer
        self._done()
        lines = [f"HTTP/1.1 {status}", f"Content-Length: {len(body)}"]
        lines += [f"{k}: {v}" for k, v in headers if k.lower() != "content-length"]
        lines.append("Connection: keep-alive" if keep_alive else "Connection: close")
        self.transport.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        if keep_alive:
            self._restart_timer()
        else:
            self.transport.close()
            self.transport = None

    def _done(self) -> None:
        if self.pending is not None:
            self.pending.__exit__(None, None, None)
            self.pending = None

    def _restart_timer(self) -> None:
        if self.timer:
            self.timer.cancel()
        self.timer = asyncio.get_running_loop().call_later(IDLE, self._idle)

    def _idle(self) -> None:
        if self.transport is not None:
            self.transport.close()
            self.transport = None


class LengthError(Exception):
    def __init__(self, answer: Answer):
        self.answer = answer


def body_length(headers: dict[str, str]) -> int:
    if "transfer-encoding" in headers:
        raise LengthError(_plain("411 Length Required", "Send a Content-Length"))
    value = headers.get("content-length", "0")
    if not (value.isascii() and value.isdigit()):
        raise LengthError(_plain("400 Bad Request", "Bad Content-Length"))
    if int(value) > MAX_BODY:
        raise LengthError(_plain("413 Content Too Large", "Too large"))
    return int(value)


def _plain(status: str, text: str) -> Answer:
    return status, [("Content-Type", "text/plain; charset=utf-8")], text.encode()


def serve(events: SlackEvents, host: str, port: int, *, busy: Busy = nullcontext) -> None:
    """Serve until SIGTERM or SIGINT. `busy()` is entered while a request is arriving or
    being answered (the outbox delivers in the gaps)."""
    asyncio.run(_serve(events, host, port, busy))


async def _serve(events: SlackEvents, host: str, port: int, busy: Busy) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: Connection(events, busy), host, port, backlog=BACKLOG, reuse_address=True
    )
    stopped = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stopped.set)
    log.info("serving HTTP on %s:%s/slack/events", host, server.sockets[0].getsockname()[1])
    async with server:
        await stopped.wait()
    log.info("stopped serving HTTP")
