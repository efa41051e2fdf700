"""The HTTP server in front of `SlackEvents`: one thread, one request at a time.

Slack's requests are one shape: a POST of at most a megabyte with a Content-Length, to be
answered within three seconds. The bot's listeners only validate, write to SQLite and
enqueue (about a millisecond), and they run one at a time anyway (`Bot.dispatch`), so this
server reads and answers every connection from one event loop on one thread: no thread
pool to hand each request to, no hand-over of Python's lock, and nothing to import but
what the bot already has (asyncio comes with Bolt). Measured against gunicorn with eight
threads, as the bot was served before: see the README's "Performance".

What it accepts is what Slack sends, read strictly so that no proxy in front can frame a
request differently: HTTP/1.1 or 1.0, CRLF line ends, header names that are tokens, a
Content-Length (no chunked bodies: 411), headers of at most 16 KB (431), bodies of at most
`MAX_BODY` (413, before reading them), keep-alive and ``Expect: 100-continue``. It holds
nothing for a client that misbehaves: at most `MAX_CONNECTIONS` at once (503 beyond), a
connection silent for `IDLE` seconds or slower than that over one request is dropped, and
one that stops reading its answers is not read from until it does (and dropped if it never
does). A request that fails in a way nothing else answered gets a 500 and a log line with
the traceback. On SIGTERM it stops listening, finishes what it has under way and closes
within `GRACE` seconds. It speaks plain HTTP: put it behind the TLS proxy or load balancer
that gives Slack its https:// address.
"""

from __future__ import annotations

import asyncio
import logging
import re
import signal
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext

from bot.transport.http import MAX_BODY, SlackEvents

log = logging.getLogger("peer-review.http")

MAX_HEAD = 16_384  # bytes of request line and headers
IDLE = 30.0  # seconds a connection may be silent, or take over one request
MAX_CONNECTIONS = 128  # at once; Slack's own bursts are a fraction of this
GRACE = 5.0  # seconds to finish what is under way when asked to stop
BACKLOG = 1024  # connections the kernel queues while one is answered
WRITE_LIMIT = 256 * 1024  # bytes of answers waiting for a client before it is not read from

Answer = tuple[str, list[tuple[str, str]], bytes]
Busy = Callable[[], AbstractContextManager[None]]

TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
VALUE = re.compile(r"[^\x00-\x08\x0a-\x1f\x7f]*")  # no control character but tab
VERSIONS = ("HTTP/1.1", "HTTP/1.0")


class Head:
    """A request's line and headers, from the bytes before the blank line."""

    def __init__(self, raw: bytes):
        lines = raw.decode("latin-1").lstrip("\r\n").split("\r\n")
        parts = lines[0].split(" ")
        if len(parts) != 3 or parts[2] not in VERSIONS or not TOKEN.fullmatch(parts[0]):
            raise ValueError("not an HTTP/1 request line")
        self.method, target, self.version = parts
        self.path = target.split("?", 1)[0]
        self.headers: dict[str, str] = {}
        for line in lines[1:]:
            name, colon, value = line.partition(":")
            if not colon or not TOKEN.fullmatch(name) or not VALUE.fullmatch(value):
                raise ValueError("a malformed header line")
            name, value = name.lower(), value.strip(" \t")
            if name in self.headers and name in ("content-length", "host", "transfer-encoding"):
                raise ValueError(f"two {name} headers")
            self.headers[name] = f"{self.headers[name]}, {value}" if name in self.headers else value

    def wants(self, option: str) -> bool:
        """Whether the Connection header names `option` ("close", "keep-alive")."""
        return option in (o.strip().lower() for o in self.headers.get("connection", "").split(","))

    @property
    def keep_alive(self) -> bool:
        return self.wants("keep-alive") if self.version == "HTTP/1.0" else not self.wants("close")


class Connections:
    """The server's open connections: counted against the cap, closed together at the end."""

    def __init__(self, events: SlackEvents, busy: Busy):
        self.events, self.busy = events, busy
        self.open: set[Connection] = set()
        self.stopping = False

    def __call__(self) -> Connection:
        return Connection(self.events, self.busy, self)

    async def close(self, grace: float) -> None:
        """Close the idle ones now, the rest once answered or after `grace` seconds."""
        self.stopping = True
        for connection in list(self.open):
            connection.stop()
        for _ in range(int(grace / 0.05)):
            if not self.open:
                return
            await asyncio.sleep(0.05)
        for connection in list(self.open):
            connection.drop()


class Connection(asyncio.Protocol):
    """One client's connection: requests read, answered in turn, kept alive or closed."""

    def __init__(self, events: SlackEvents, busy: Busy = nullcontext, pool=None):
        self.events = events
        self.busy = busy  # entered from a request's first byte until it is answered
        self.pool = pool if pool is not None else Connections(events, busy)
        self.pending: AbstractContextManager[None] | None = None
        self.buffer = bytearray()
        self.head: Head | None = None
        self.length = 0
        self.transport: asyncio.Transport | None = None
        self.timer: asyncio.TimerHandle | None = None
        self.closing = False  # no more requests are read: answered, or asked to stop
        self.paused = False  # the client is not reading its answers

    # -- asyncio's calls -------------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        transport.set_write_buffer_limits(high=WRITE_LIMIT)
        self.pool.open.add(self)
        self._restart_timer()
        if len(self.pool.open) > MAX_CONNECTIONS or self.pool.stopping:
            self._answer(_plain("503 Service Unavailable", "Too many connections"))

    def connection_lost(self, exc: Exception | None) -> None:
        if self.timer:
            self.timer.cancel()
        self.pool.open.discard(self)
        self.transport = None
        self._done()

    def data_received(self, data: bytes) -> None:
        if self.closing:
            return
        self.buffer += data
        self._read()

    def pause_writing(self) -> None:
        self.paused = True
        if self.transport is not None:
            self.transport.pause_reading()

    def resume_writing(self) -> None:
        self.paused = False
        if self.transport is not None and not self.closing:
            self.transport.resume_reading()
            self._read()

    # -- requests ------------------------------------------------------------------------

    def _read(self) -> None:
        """Answer the requests in the buffer, in turn, while the client reads the answers."""
        while self.buffer and not self.closing and not self.paused:
            if self.pending is None:
                self.pending = self.busy()
                self.pending.__enter__()
            if not self._one_request():
                return

    def _one_request(self) -> bool:
        """Answer the request at the start of the buffer if it is all here; True if it was."""
        if self.head is None:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0 or end > MAX_HEAD:
                if len(self.buffer) > MAX_HEAD:
                    self._answer(_plain("431 Request Header Fields Too Large", "Too large"))
                return False
            try:
                head, self.length = Head(bytes(self.buffer[:end])), 0
                self.length = body_length(head.headers)
            except ValueError as error:
                log.warning("refused a malformed HTTP request: %s", error)
                self._answer(_plain("400 Bad Request", "Bad request"))
                return False
            except LengthError as error:
                self._answer(error.answer)
                return False
            self.head = head
            del self.buffer[: end + 4]
            expects = head.headers.get("expect", "").lower() == "100-continue"
            if expects and head.version == "HTTP/1.1" and self.transport is not None:
                self.transport.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        if len(self.buffer) < self.length:
            return False
        head, raw = self.head, bytes(self.buffer[: self.length])
        del self.buffer[: self.length]
        self.head, self.length = None, 0
        try:
            answer = self.events.answer(head.method, head.path, head.headers, raw)
        except Exception:  # the transport's last word: answered, logged, and it serves on
            log.exception("a request failed before anything answered it")
            answer = _plain("500 Internal Server Error", "Something went wrong")
            self._answer(answer, head=head.method == "HEAD")
            return False
        keep = head.keep_alive and not self.pool.stopping
        self._answer(answer, keep_alive=keep, head=head.method == "HEAD")
        return keep

    def _answer(self, answer: Answer, *, keep_alive: bool = False, head: bool = False) -> None:
        """Write `answer`; then the connection takes the next request, or is closed."""
        self._done()
        if self.transport is None:
            return
        status, headers, body = answer
        lines = [f"HTTP/1.1 {status}", f"Content-Length: {len(body)}"]
        lines += [f"{k}: {v}" for k, v in headers if _safe(k, v) and k.lower() != "content-length"]
        lines.append("Connection: keep-alive" if keep_alive else "Connection: close")
        self.transport.write(("\r\n".join(lines) + "\r\n\r\n").encode() + (b"" if head else body))
        self._restart_timer()
        if not keep_alive:
            self.closing = True
            self.buffer.clear()
            self.transport.close()  # once written; dropped by the timer if never read

    def _done(self) -> None:
        if self.pending is not None:
            pending, self.pending = self.pending, None
            pending.__exit__(None, None, None)

    # -- ending ----------------------------------------------------------------------------

    def stop(self) -> None:
        """The server is stopping: close now if nothing is under way, else once answered."""
        if self.pending is None and self.transport is not None:
            self.closing = True
            self.transport.close()

    def drop(self) -> None:
        """Close at once, whatever is waiting to be written, and release the request."""
        self.closing = True
        self._done()
        if self.transport is not None:
            self.transport.abort()

    def _restart_timer(self) -> None:
        if self.timer:
            self.timer.cancel()
        self.timer = asyncio.get_running_loop().call_later(IDLE, self.drop)


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


def _safe(name: str, value: str) -> bool:
    """A header line that cannot split the answer (none of ours or Bolt's is otherwise)."""
    return bool(TOKEN.fullmatch(name) and VALUE.fullmatch(value) and value.isascii())


def _plain(status: str, text: str) -> Answer:
    return status, [("Content-Type", "text/plain; charset=utf-8")], text.encode()


def serve(events: SlackEvents, host: str, port: int, *, busy: Busy = nullcontext) -> None:
    """Serve until SIGTERM or SIGINT. `busy()` is entered while a request is arriving or
    being answered (the outbox delivers in the gaps)."""
    asyncio.run(_serve(events, host, port, busy))


async def _serve(events: SlackEvents, host: str, port: int, busy: Busy) -> None:
    loop = asyncio.get_running_loop()
    connections = Connections(events, busy)
    server = await loop.create_server(connections, host, port, backlog=BACKLOG)
    stopped = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stopped.set)
    log.info("serving HTTP on %s:%s/slack/events", host, server.sockets[0].getsockname()[1])
    await stopped.wait()
    server.close()
    await connections.close(GRACE)
    log.info("stopped serving HTTP")
