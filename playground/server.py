"""The local Slack over HTTP on loopback: the Web API, upload and response URLs, files.

``/api/<method>`` answers as Slack's Web API does; ``/upload/<file id>`` takes what
``files.getUploadURLExternal`` handed out; ``/respond/<token>`` takes response_url posts;
``/files/<file id>`` gives an uploaded file back. Anything else goes to the `site` (the
playground's page, :mod:`playground.web`), when there is one.
"""

from __future__ import annotations

import json
import mimetypes
import sys
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlparse

from playground.slack import LocalSlack

MAX_BODY = 20_000_000  # an export's files are a few hundred KB
Answer = tuple[int, str, bytes, dict[str, str]]  # status, content type, body, more headers
Site = Callable[[str, str, dict[str, Any], bytes], Answer | None]  # method, path, query, body


def handler(slack: LocalSlack, site: Site | None = None) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            url = urlparse(self.path)
            if url.path.startswith("/files/"):
                self._file(url.path.removeprefix("/files/"))
                return
            self._site("GET", url.path, dict(parse_qsl(url.query)), b"")

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                self._send(413, "text/plain", b"Too large")
                return
            raw = self.rfile.read(length)
            url = urlparse(self.path)
            path = url.path
            if path.startswith("/upload/"):
                slack.uploads[path.removeprefix("/upload/")] = raw
                self._send(200, "text/plain", b"OK - " + str(len(raw)).encode())
            elif path.startswith("/respond/"):
                args = parse(raw, self.headers.get("Content-Type", ""))
                status = slack.respond(path.removeprefix("/respond/"), args)
                self._send(status, "text/plain", b"ok" if status == 200 else b"failed")
            elif path.startswith("/api/"):
                args = parse(raw, self.headers.get("Content-Type", ""))
                status, body = slack.answer(path.removeprefix("/api/"), args)
                if status >= 500:
                    self._send(status, "text/html", b"<html>Service Unavailable</html>")
                    return
                extra = {"Retry-After": "0"} if status == 429 else {}
                self._send(status, "application/json", json.dumps(body).encode(), extra)
            else:
                self._site("POST", path, dict(parse_qsl(url.query)), raw)

        def _file(self, file_id: str) -> None:
            data = slack.uploads.get(file_id)
            if data is None:
                self._send(404, "text/plain", b"No such file")
                return
            name = str(slack.files.get(file_id, {}).get("name") or file_id)
            kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
            inline = kind.startswith("image/")
            safe = "".join(c for c in name if c.isalnum() or c in "._- ") or file_id
            disposition = f'{"inline" if inline else "attachment"}; filename="{safe}"'
            self._send(200, kind, data, {"Content-Disposition": disposition})

        def _site(self, method: str, path: str, query: dict[str, Any], raw: bytes) -> None:
            answer = site(method, path, query, raw) if site else None
            if answer is None:
                self._send(404, "text/plain", b"Not found")
                return
            self._send(*answer)

        def _send(
            self, status: int, kind: str, body: bytes, extra: dict[str, str] | None = None
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-Content-Type-Options", "nosniff")
            for key, value in (extra or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

    return Handler


def parse(raw: bytes, content_type: str) -> dict[str, Any]:
    if "json" in content_type:
        return json.loads(raw or b"{}")
    return dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A page that went away mid-answer (a long poll given up) is no error."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class running:
    """The local Slack served on 127.0.0.1 (port 0: any free one) while in the block."""

    def __init__(
        self, slack: LocalSlack | None = None, site: Site | None = None, port: int = 0
    ) -> None:
        self.slack = slack or LocalSlack()
        self.site = site
        self.port = port

    def __enter__(self) -> LocalSlack:
        self.server = Server(("127.0.0.1", self.port), handler(self.slack, self.site))
        host, port = self.server.server_address[:2]
        self.slack.base_url = f"http://{host}:{port}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.thread.start()
        return self.slack

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
