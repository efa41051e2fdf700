"""A local stand-in for Slack's Web API, on loopback, for end-to-end tests.

It binds 127.0.0.1 on port 0, answers the methods the bot uses with the shapes of Slack's
documented examples (``../shared/slack-samples/web-api/``), and records every call. Tests can
make a method fail (``fail``), answer with an HTTP error (``http_error``, e.g. 500 or 503) or
be rate limited (``rate_limit``), and slow every answer down (``delay``). It keeps the
messages posted, with their metadata, for ``conversations.history`` and ``.replies``, and
serves the upload URLs of ``files_upload_v2`` and ``response_url`` posts. For Socket Mode,
``apps.connections.open`` answers with ``socket_url`` (a :class:`tests.socket_stub.SocketStub`).
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlparse


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    ok: bool = True  # False when the stand-in answered with an error or 429


@dataclass
class SlackStub:
    calls: list[Call] = field(default_factory=list)
    uploads: dict[str, bytes] = field(default_factory=dict)
    failures: dict[str, list[str]] = field(default_factory=dict)
    limited: dict[str, int] = field(default_factory=dict)
    http_errors: dict[str, list[int]] = field(default_factory=dict)
    delay: float = 0.0  # seconds before every Web API answer (a slow Slack)
    delays: dict[str, float] = field(default_factory=dict)  # … or before one method's
    messages: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    posted: list[tuple[str, str]] = field(default_factory=list)  # (channel, ts), in order
    # conversations.info/.members: {channel: {"name", "is_private", "members"}}; default private
    channels: dict[str, dict[str, Any]] = field(default_factory=dict)
    _ts: Any = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)
    base_url: str = ""
    socket_url: str = ""  # what apps.connections.open answers: ws://… of a SocketStub

    # -- test controls -------------------------------------------------------------------

    def fail(self, method: str, error: str, times: int = 1) -> None:
        """The next `times` calls of `method` answer ``{"ok": false, "error": error}``."""
        self.failures.setdefault(method, []).extend([error] * times)

    def http_error(self, method: str, status: int, times: int = 1) -> None:
        """The next `times` calls of `method` get HTTP `status` (500, 503 …) with no JSON."""
        self.http_errors.setdefault(method, []).extend([status] * times)

    def rate_limit(self, method: str, times: int = 1) -> None:
        """The next `times` calls of `method` get HTTP 429 with Retry-After: 0."""
        self.limited[method] = self.limited.get(method, 0) + times

    def called(self, method: str, *, ok_only: bool = False) -> list[dict[str, Any]]:
        return [c.args for c in self.calls if c.method == method and (c.ok or not ok_only)]

    def methods(self) -> list[str]:
        return [c.method for c in self.calls]

    def clear(self) -> None:
        self.calls.clear()

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/"

    def response_url(self, name: str = "r1") -> str:
        return f"{self.base_url}/respond/{name}"

    # -- answers -------------------------------------------------------------------------

    def next_ts(self) -> str:
        with self._lock:
            return f"1700000000.{next(self._ts):06d}"

    def answer(self, method: str, args: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if self.delay or self.delays.get(method):
            time.sleep(self.delays.get(method, self.delay))
        with self._lock:
            call = Call(method, args)
            self.calls.append(call)
            if self.http_errors.get(method):
                call.ok = False
                return self.http_errors[method].pop(0), {"ok": False}
            if self.limited.get(method):
                self.limited[method] -= 1
                call.ok = False
                return 429, {"ok": False, "error": "ratelimited"}
            if self.failures.get(method):
                call.ok = False
                return 200, {"ok": False, "error": self.failures[method].pop(0)}
        handler = getattr(self, "_" + method.replace(".", "_"), None)
        return 200, {"ok": True, **(handler(args) if handler else {})}

    def _auth_test(self, args):
        return {"user_id": "UBOT", "bot_id": "BBOT", "team_id": "T1", "user": "peer-review"}

    def _apps_connections_open(self, args):
        return {"url": self.socket_url}

    def _chat_postMessage(self, args):
        channel = str(args.get("channel", ""))
        if channel.startswith("U"):  # a DM to a user lands in their app DM channel
            channel = "D" + channel[1:]
        ts = self.next_ts()
        message = {
            "ts": ts,
            "text": args.get("text"),
            "blocks": _blocks(args),
            "thread_ts": args.get("thread_ts"),
            "metadata": _json(args.get("metadata")),
        }
        self.messages[(channel, ts)] = message
        self.posted.append((channel, ts))
        return {"channel": channel, "ts": ts, "message": message}

    def _chat_update(self, args):
        key = (args.get("channel"), args.get("ts"))
        self.messages[key] = {
            **self.messages.get(key, {}),
            "ts": args.get("ts"),
            "text": args.get("text"),
            "blocks": _blocks(args),
        }
        return {"channel": args.get("channel"), "ts": args.get("ts")}

    def _chat_postEphemeral(self, args):
        return {"message_ts": self.next_ts()}

    def _views_open(self, args):
        return {"view": {"id": "V" + self.next_ts().replace(".", ""), "hash": "h1"}}

    _views_update = _views_open
    _views_publish = _views_open

    def _files_getUploadURLExternal(self, args):
        file_id = "F" + self.next_ts().replace(".", "")
        return {"file_id": file_id, "upload_url": f"{self.base_url}/upload/{file_id}"}

    def _files_completeUploadExternal(self, args):
        files = args.get("files")
        files = json.loads(files) if isinstance(files, str) else files
        return {"files": [{"id": f["id"], "title": f.get("title")} for f in files]}

    def _conversations_open(self, args):
        return {"channel": {"id": "D" + str(args.get("users", "")).lstrip("U")}}

    def _conversations_info(self, args):
        channel = str(args.get("channel", ""))
        found = self.channels.get(channel, {})
        return {
            "channel": {
                "id": channel,
                "name": found.get("name", channel.lower()),
                "is_private": found.get("is_private", True),
            }
        }

    def _conversations_members(self, args):
        found = self.channels.get(str(args.get("channel", "")), {})
        return {"members": list(found.get("members", [])), "response_metadata": {"next_cursor": ""}}

    def _conversations_join(self, args):
        return {"channel": {"id": args.get("channel")}}

    def _conversations_history(self, args):
        channel = args.get("channel")
        found = [
            m for (c, _), m in self.messages.items() if c == channel and not m.get("thread_ts")
        ]
        return {"messages": _listed(sorted(found, key=lambda m: m["ts"], reverse=True), args)}

    def _conversations_replies(self, args):
        channel, ts = args.get("channel"), args.get("ts")
        found = [
            m
            for (c, t), m in self.messages.items()
            if c == channel and (t == ts or m.get("thread_ts") == ts)
        ]
        return {"messages": _listed(sorted(found, key=lambda m: m["ts"]), args)}

    def _users_info(self, args):
        return {"user": {"id": args.get("user"), "real_name": f"Person {args.get('user')}"}}


def _listed(messages: list[dict[str, Any]], args: dict[str, Any]) -> list[dict[str, Any]]:
    """Messages as conversations.history/replies list them: metadata only when asked for."""
    if args.get("include_all_metadata") in (True, "true", "1", 1):
        return messages
    return [{k: v for k, v in m.items() if k != "metadata"} for m in messages]


def _blocks(args: dict[str, Any]) -> Any:
    return _json(args.get("blocks"))


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _handler(stub: SlackStub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            path = urlparse(self.path).path
            if path.startswith("/upload/"):
                stub.uploads[path.removeprefix("/upload/")] = raw
                self._send(200, b"OK - " + str(len(raw)).encode(), "text/plain")
                return
            args = _parse(raw, self.headers.get("Content-Type", ""))
            if path.startswith("/respond/"):
                call = Call("response_url", args)
                stub.calls.append(call)
                errors = stub.http_errors.get("response_url")
                if errors:
                    call.ok = False
                    self._send(errors.pop(0), b"failed", "text/plain")
                    return
                self._send(200, b"ok", "text/plain")
                return
            method = path.removeprefix("/api/")
            status, body = stub.answer(method, args)
            if status >= 500:
                self._send(status, b"<html>Service Unavailable</html>", "text/html")
                return
            extra = {"Retry-After": "0"} if status == 429 else {}
            self._send(status, json.dumps(body).encode(), "application/json", extra)

        def _send(self, status: int, body: bytes, kind: str, extra: dict | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for key, value in (extra or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

    return Handler


def _parse(raw: bytes, content_type: str) -> dict[str, Any]:
    if "json" in content_type:
        return json.loads(raw or b"{}")
    return dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))


class running_stub:
    def __enter__(self) -> SlackStub:
        self.stub = SlackStub()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.stub))
        host, port = self.server.server_address[:2]
        self.stub.base_url = f"http://{host}:{port}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.thread.start()
        return self.stub

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
