"""The HTTP server's reading of requests: what Slack sends is answered, nothing else is."""

from __future__ import annotations

import asyncio
import socket
import threading
from contextlib import contextmanager

import pytest

from bot.transport import server
from bot.transport.http import MAX_BODY


class Events:
    """Stands in for SlackEvents: answers 200 with the body's length, and remembers."""

    def __init__(self):
        self.seen = []

    def answer(self, method, path, headers, raw):
        self.seen.append((method, path, headers, raw))
        return "200 OK", [("Content-Type", "text/plain")], f"got {len(raw)}".encode()


class Busy:
    def __init__(self):
        self.now, self.entered = 0, 0

    @contextmanager
    def __call__(self):
        self.now += 1
        self.entered += 1
        try:
            yield
        finally:
            self.now -= 1


@pytest.fixture
def running():
    """A server's connections on a loopback port, its loop in a thread of its own."""
    events, busy, loop = Events(), Busy(), asyncio.new_event_loop()
    made = loop.run_until_complete(
        loop.create_server(lambda: server.Connection(events, busy), "127.0.0.1", 0)
    )
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    yield made.sockets[0].getsockname()[1], events, busy
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)
    made.close()
    loop.close()


def exchange(port, *requests: bytes) -> bytes:
    """Send the bytes, then read all the server says until it closes the connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        for request in requests:
            s.sendall(request)
        got = b""
        while chunk := s.recv(65536):
            got += chunk
        return got


def post(body: bytes = b"x=1", *headers: str, version: str = "HTTP/1.1") -> bytes:
    lines = [f"POST /slack/events {version}", "Host: bot", f"Content-Length: {len(body)}"]
    return ("\r\n".join([*lines, *headers]) + "\r\n\r\n").encode() + body


def test_a_request_is_answered_and_the_connection_closed_when_asked(running):
    port, events, busy = running
    got = exchange(port, post(b"payload=1", "Connection: close"))
    assert got.startswith(b"HTTP/1.1 200 OK\r\n")
    assert b"Content-Length: 5\r\n" in got
    assert b"Connection: close" in got
    assert got.endswith(b"got 9")
    method, path, headers, raw = events.seen[0]
    assert (method, path, raw) == ("POST", "/slack/events", b"payload=1")
    assert headers["host"] == "bot"  # names lower-cased, as SlackEvents reads them
    assert busy.entered == 1
    assert busy.now == 0


def test_kept_alive_requests_in_one_write_are_answered_in_order(running):
    port, events, _ = running
    got = exchange(port, post(b"a") + post(b"bb") + post(b"ccc", "Connection: close"))
    assert got.count(b"HTTP/1.1 200 OK") == 3
    assert [raw for *_, raw in events.seen] == [b"a", b"bb", b"ccc"]


def test_a_request_arriving_in_pieces_is_answered_once_whole(running):
    port, events, _ = running
    whole = post(b"payload=" + b"x" * 5000, "Connection: close")
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        for i in range(0, len(whole), 700):
            s.sendall(whole[i : i + 700])
        got = s.recv(65536)
    assert got.endswith(b"got 5008")
    assert len(events.seen) == 1


def test_http_1_0_closes_unless_kept_alive(running):
    port, _, _ = running
    assert b"Connection: close" in exchange(port, post(version="HTTP/1.0"))


def test_expect_100_continue_is_answered_before_the_body(running):
    port, _, _ = running
    head = post(b"", "Expect: 100-continue", "Connection: close").replace(
        b"Content-Length: 0", b"Content-Length: 4"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(head)
        assert s.recv(100) == b"HTTP/1.1 100 Continue\r\n\r\n"
        s.sendall(b"body")
        assert s.recv(1000).endswith(b"got 4")


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (b"GARBAGE\r\n\r\n", b"400 Bad Request"),
        (b"POST /slack/events HTTP/2\r\n\r\n", b"400 Bad Request"),
        (post(b"x", " Folded: header"), b"400 Bad Request"),
        (post(b"x", "Content-Length: 7"), b"400 Bad Request"),  # two lengths
        (post(b"x").replace(b"Content-Length: 1", b"Content-Length: -1"), b"400 Bad Request"),
        (post(b"x", "Transfer-Encoding: chunked"), b"411 Length Required"),
        (post(b"").replace(b"Length: 0", f"Length: {MAX_BODY + 1}".encode()), b"413 Content"),
        (post(b"x", "X-Big: " + "y" * (server.MAX_HEAD + 10)), b"431 Request Header Fields"),
        (b"POST /slack/events HTTP/1.1\r\nX: " + b"y" * (server.MAX_HEAD + 10), b"431 Request"),
    ],
)
def test_what_slack_never_sends_is_refused_and_the_connection_closed(
    running, request_bytes, status
):
    port, events, busy = running
    got = exchange(port, request_bytes)
    assert got.startswith(b"HTTP/1.1 " + status)
    assert b"Connection: close" in got
    assert events.seen == []
    assert busy.now == 0
    # a positive control on the same server: a good request is answered
    assert exchange(port, post(b"ok", "Connection: close")).endswith(b"got 2")


def test_a_silent_connection_is_closed_and_the_server_still_answers(running, monkeypatch):
    monkeypatch.setattr(server, "IDLE", 0.2)
    port, events, busy = running
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(b"POST /slack/events HTTP/1.1\r\nContent-Le")  # and then nothing
        assert s.recv(100) == b""  # closed by the server, not answered
    assert events.seen == []
    assert busy.now == 0  # the half-sent request no longer counts as under way
    assert exchange(port, post(b"ok", "Connection: close")).endswith(b"got 2")
