"""The HTTP server's reading of requests: what Slack sends is answered, nothing else is."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from contextlib import contextmanager

import pytest

from bot.transport import server
from bot.transport.http import MAX_BODY
from tests.conftest import eventually


class Events:
    """Stands in for SlackEvents: answers 200 with the body's length (a big answer at /big, a
    failure at /fail), and remembers each request and how many were under way then."""

    def __init__(self, busy):
        self.seen, self.busy, self.under_way = [], busy, []

    def answer(self, method, path, headers, raw):
        self.seen.append((method, path, headers, raw))
        self.under_way.append(self.busy.now)
        if path == "/fail":
            raise RuntimeError("a bug")
        body = b"x" * 100_000 if path == "/big" else f"got {len(raw)}".encode()
        return "200 OK", [("Content-Type", "text/plain")], body


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
    busy, loop = Busy(), asyncio.new_event_loop()
    events = Events(busy)
    connections = server.Connections(events, busy)
    made = loop.run_until_complete(loop.create_server(connections, "127.0.0.1", 0))
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    events.stop_server = lambda: asyncio.run_coroutine_threadsafe(connections.close(2.0), loop)
    yield made.sockets[0].getsockname()[1], events, busy
    loop.call_soon_threadsafe(made.close)  # in the loop's thread: asyncio is not thread-safe
    asyncio.run_coroutine_threadsafe(connections.close(0.5), loop).result(30)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(30)  # generous: a loaded machine is slow, never wrong
    assert not thread.is_alive()
    left = asyncio.all_tasks(loop)  # a stop a test asked for may still be winding down
    for task in left:
        task.cancel()
    if left:
        loop.run_until_complete(_settled(left))
    loop.close()


async def _settled(tasks: set[asyncio.Task]) -> None:
    await asyncio.gather(*tasks, return_exceptions=True)


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
    assert events.under_way == [1, 1, 1]  # each counted as under way while answered


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
        (post(b"hello", "X-A: a\nContent-Length: 5"), b"400 Bad Request"),  # a bare LF
        (post(b"x", "Bad Name: 1"), b"400 Bad Request"),
        (post(b"x").replace(b"Length: 1", b"Length: 1\xa0"), b"400 Bad Request"),
        (post(b"x", version="HTTP/1.9"), b"400 Bad Request"),
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


def test_a_request_that_fails_unanswered_gets_a_500_and_the_server_serves_on(running):
    port, events, busy = running
    got = exchange(port, post(b"x").replace(b"/slack/events", b"/fail"))
    assert got.startswith(b"HTTP/1.1 500 Internal Server Error")
    assert b"Connection: close" in got
    assert [path for _, path, *_ in events.seen] == ["/fail"]
    assert busy.now == 0
    assert exchange(port, post(b"ok", "Connection: close")).endswith(b"got 2")


def test_a_head_request_is_answered_without_a_body(running):
    port, _, _ = running
    got = exchange(port, b"HEAD /big HTTP/1.1\r\nConnection: close\r\n\r\n")
    assert b"Content-Length: 100000" in got
    assert got.endswith(b"\r\n\r\n")


def test_a_client_that_stops_reading_is_not_read_from_until_it_does(running):
    port, events, _ = running
    many = 300  # answers of 100 KB: 30 MB, far more than the socket buffers hold
    big = b"GET /big HTTP/1.1\r\n\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(big * (many - 1) + b"GET /big HTTP/1.1\r\nConnection: close\r\n\r\n")
        looks = [-1]

        def answered_none_since() -> bool:  # two looks, a moment apart, saw the same count
            time.sleep(0.1)
            looks.append(len(events.seen))
            return looks[-1] == looks[-2] > 0

        eventually(answered_none_since, seconds=10, waiting_for="the server to stop answering")
        assert looks[-1] < many  # it stopped answering a client that reads nothing …
        got = 0
        while chunk := s.recv(1 << 20):
            got += len(chunk)
    assert len(events.seen) == many  # … and answered every request once it read again
    assert got > many * 100_000


def test_connections_beyond_the_cap_are_told_to_come_back(running, monkeypatch):
    monkeypatch.setattr(server, "MAX_CONNECTIONS", 2)
    port, _, _ = running
    held = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(2)]
    with socket.create_connection(("127.0.0.1", port), timeout=5) as third:
        assert third.recv(1000).startswith(b"HTTP/1.1 503 Service Unavailable")
    held.pop().close()
    eventually(
        lambda: exchange(port, post(b"ok", "Connection: close")).endswith(b"got 2"),
        seconds=5,
        waiting_for="a place freed by a closed connection",
    )
    for s in held:
        s.close()


def test_stopping_finishes_the_request_under_way_and_closes_the_idle(running):
    port, events, _ = running
    with (
        socket.create_connection(("127.0.0.1", port), timeout=5) as idle,
        socket.create_connection(("127.0.0.1", port), timeout=5) as busy_one,
    ):
        idle.sendall(post(b"a"))  # answered, kept alive, then idle
        assert idle.recv(1000).endswith(b"got 1")
        whole = post(b"payload=1")
        busy_one.sendall(whole[:20])  # half a request
        eventually(lambda: len(events.seen) == 1, seconds=5, waiting_for="the first answer")
        events.stop_server()
        assert idle.recv(100) == b""  # closed at once
        busy_one.sendall(whole[20:])
        got = busy_one.recv(1000)
    assert got.startswith(b"HTTP/1.1 200 OK")
    assert b"Connection: close" in got
