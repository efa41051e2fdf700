"""A local stand-in for Slack's end of Socket Mode, on loopback, for tests and the benchmark.

In Socket Mode the app asks the Web API for a websocket URL (``apps.connections.open``;
:class:`tests.slack_stub.SlackStub` answers with :attr:`SocketStub.url`), connects, and
Slack sends every request down that one connection as an *envelope*, which the app
acknowledges with ``{"envelope_id", "payload"?}``: the payload is what an HTTP response's
body would be (a command's reply, a modal's errors).

This server binds 127.0.0.1 on port 0 and speaks as much of the websocket protocol (RFC
6455) as slack_sdk's builtin client uses: the opening handshake (``Sec-WebSocket-Accept``),
the client's masked frames, its own unmasked ones. It sends Slack's ``hello`` on connect,
answers a ping with a pong carrying the ping's data (the client pings on connect and every
``ping_interval``, and drops a connection that has not ponged for four intervals) and a close
with a close. It is written out by hand, a hundred lines, so that nothing between the socket
and the clock is unknown: an ack's time runs from just before the envelope is handed to the
socket to just after the ack's frame is read.

    with SocketStub() as sockets:
        slack.socket_url = sockets.url
        ...  # start the app
        assert sockets.wait_for_link(10)
        ack = sockets.request("slash_commands", {"command": "/peer-review", ...})
        ack.payload, ack.seconds
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import itertools
import json
import socket
import struct
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any, BinaryIO

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"  # RFC 6455's, for Sec-WebSocket-Accept
TEXT, CLOSE, PING, PONG = 0x1, 0x8, 0x9, 0xA
HELLO = {
    "type": "hello",
    "num_connections": 1,
    "debug_info": {"host": "applink-stand-in", "approximate_connection_time": 18060},
    "connection_info": {"app_id": "A1"},
}


@dataclass(frozen=True)
class Ack:
    envelope_id: str
    payload: dict[str, Any] | None  # None: acknowledged with no payload
    seconds: float  # from the envelope sent to its ack read


def frame(opcode: int, data: bytes) -> bytes:
    """A server's frame: final, unmasked."""
    n, first = len(data), 0x80 | opcode
    if n < 126:
        return struct.pack("!BB", first, n) + data
    if n < 1 << 16:
        return struct.pack("!BBH", first, 126, n) + data
    return struct.pack("!BBQ", first, 127, n) + data


def read_frame(stream: BinaryIO) -> tuple[int, bytes]:
    """The next frame from the client: (opcode, unmasked data). EOFError when it is gone."""
    head = stream.read(2)
    if len(head) < 2:
        raise EOFError
    n = head[1] & 0x7F
    if n >= 126:
        size = 2 if n == 126 else 8
        (n,) = struct.unpack("!H" if size == 2 else "!Q", stream.read(size))
    key = stream.read(4) if head[1] & 0x80 else b""
    data = stream.read(n)
    if len(data) < n:
        raise EOFError
    if key:  # XOR with the key repeated, as one big integer: fast even for a large frame
        mask = (key * (n // 4 + 1))[:n]
        data = (int.from_bytes(data, "big") ^ int.from_bytes(mask, "big")).to_bytes(n, "big")
    return head[0] & 0x0F, data


class Link:
    """One connection from the client: its handshake, then a thread reading its frames."""

    def __init__(self, sock: socket.socket):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # no wait to fill a packet
        self.sock, self.stream = sock, sock.makefile("rb")
        self.open = False
        self._send_lock = threading.Lock()

    def handshake(self) -> bool:
        request = self.stream.readline().decode("latin-1").split()
        headers = {}
        while (line := self.stream.readline()) not in (b"\r\n", b"\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        key = headers.get("sec-websocket-key")
        if len(request) < 2 or request[0] != "GET" or not request[1].startswith("/link") or not key:
            self.sock.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
            return False
        accept = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()  # noqa: S324
        self.sock.sendall(
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Accept: {accept}\r\n\r\n".encode()
        )
        self.open = True
        self.send(TEXT, json.dumps(HELLO).encode())
        return True

    def send(self, opcode: int, data: bytes, before=None) -> None:
        """One frame; `before()` runs just before it is handed to the socket (the clock)."""
        with self._send_lock:
            if before:
                before()
            self.sock.sendall(frame(opcode, data))

    def close(self) -> None:
        self.open = False
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)
        self.sock.close()


class SocketStub:
    """Slack's Socket Mode end: send envelopes down the newest connection, await their acks."""

    def __init__(self) -> None:
        self._server = socket.create_server(("127.0.0.1", 0), backlog=16)
        self.port = self._server.getsockname()[1]
        self.url = f"ws://127.0.0.1:{self.port}/link/?ticket={uuid.uuid4()}&app_id=A1"
        self.links: list[Link] = []  # every connection accepted, oldest first
        self.received: list[str] = []  # text frames that were not acks
        self._changed = threading.Condition()
        self._sent: dict[str, float] = {}
        self._acks: dict[str, Ack] = {}
        self._on_ack: dict[str, Any] = {}
        self._ids = itertools.count(1)
        threading.Thread(target=self._accept, daemon=True, name="socket-stub").start()

    def __enter__(self) -> SocketStub:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._server.close()
        for link in list(self.links):
            link.close()

    # -- the connections -------------------------------------------------------------------

    def _accept(self) -> None:
        while True:
            try:
                sock, _ = self._server.accept()
            except OSError:
                return  # closed
            threading.Thread(target=self._serve, args=(Link(sock),), daemon=True).start()

    def _serve(self, link: Link) -> None:
        try:
            if not link.handshake():
                return
            with self._changed:
                self.links.append(link)
                self._changed.notify_all()
            while True:
                opcode, data = read_frame(link.stream)
                if opcode == TEXT:
                    self._text(time.perf_counter(), data)
                elif opcode == PING:
                    link.send(PONG, data)
                elif opcode == CLOSE:
                    link.send(CLOSE, data[:2])
                    return
        except (EOFError, OSError, struct.error):
            return  # the client went away
        finally:
            link.close()
            with self._changed:
                self._changed.notify_all()

    def _text(self, now: float, data: bytes) -> None:
        try:
            message = json.loads(data)
        except ValueError:
            message = None
        envelope_id = message.get("envelope_id") if isinstance(message, dict) else None
        with self._changed:
            if envelope_id not in self._sent:
                self.received.append(data.decode(errors="replace"))
                return
            ack = Ack(envelope_id, message.get("payload"), now - self._sent[envelope_id])
            self._acks[envelope_id] = ack
            on_ack = self._on_ack.pop(envelope_id, None)
            self._changed.notify_all()
        if on_ack:
            on_ack()

    def wait_for_link(self, timeout: float) -> bool:
        """Whether a client is connected (now, or within `timeout` seconds)."""
        with self._changed:
            return self._changed.wait_for(self._live, timeout)

    def _live(self) -> Link | None:
        return next((link for link in reversed(self.links) if link.open), None)

    # -- envelopes -------------------------------------------------------------------------

    def send(
        self,
        kind: str,
        payload: Any,
        *,
        accepts_response_payload: bool | None = None,
        on_ack=None,
        **fields: Any,
    ) -> str:
        """An envelope of `kind` ("slash_commands", "interactive", "events_api") down the
        newest connection; its envelope_id. Slack lets commands and interactions answer in
        the ack, not events."""
        envelope_id = fields.pop("envelope_id", None) or f"E{next(self._ids):07d}-{uuid.uuid4()}"
        if accepts_response_payload is None:
            accepts_response_payload = kind != "events_api"
        if kind == "events_api":
            fields = {"retry_attempt": 0, "retry_reason": "", **fields}
        envelope = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": accepts_response_payload,
            **fields,
        }
        self.send_text(json.dumps(envelope), envelope_id, on_ack=on_ack)
        return envelope_id

    def send_text(self, text: str, envelope_id: str | None = None, on_ack=None) -> None:
        """Any text frame (a malformed envelope, a ``disconnect``); timed as `envelope_id`."""
        link = self._live()
        if link is None:
            raise ConnectionError("no client is connected")

        def clock() -> None:
            if envelope_id is not None:
                with self._changed:
                    self._sent[envelope_id] = time.perf_counter()
                    if on_ack:
                        self._on_ack[envelope_id] = on_ack

        link.send(TEXT, text.encode(), before=clock)

    def ack(self, envelope_id: str, timeout: float = 10.0) -> Ack:
        """The envelope's ack, waiting up to `timeout` seconds for it (TimeoutError)."""
        with self._changed:
            if not self._changed.wait_for(lambda: envelope_id in self._acks, timeout):
                raise TimeoutError(f"no ack for envelope {envelope_id} in {timeout} s")
            return self._acks[envelope_id]

    def request(self, kind: str, payload: Any, timeout: float = 10.0, **fields: Any) -> Ack:
        """Send one envelope and await its ack."""
        return self.ack(self.send(kind, payload, **fields), timeout)

    def run(self, envelopes: list[tuple[str, Any]], in_flight: int, timeout: float = 30.0):
        """Send (kind, payload) envelopes, `in_flight` unacknowledged at once (the next goes as
        soon as an ack frees a place); their acks in order, None where none came in time."""
        places, sent = threading.Semaphore(in_flight), []
        for kind, payload in envelopes:
            if not places.acquire(timeout=timeout):
                break  # an ack is lost: the rest would wait for it in turn
            sent.append(self.send(kind, payload, on_ack=places.release))
        deadline = time.monotonic() + timeout
        acks: list[Ack | None] = []
        for envelope_id in sent:
            try:
                acks.append(self.ack(envelope_id, max(0.0, deadline - time.monotonic())))
            except TimeoutError:
                acks.append(None)
        return acks + [None] * (len(envelopes) - len(sent))
