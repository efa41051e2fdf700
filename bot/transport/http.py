"""HTTP (Events API) in front of Bolt: the signature is checked before anything is parsed.

Bolt parses a request body before its own signature check, so a forged request with a
broken body would reach the parser. This WSGI app reads at most 1 MB, verifies Slack's
signature over the raw bytes (401 when missing, wrong or older than five minutes), then
parses and checks the payload is whole (400 when it is not what Slack sends), and only then
hands the request to Bolt, whose error handler answers the rest: no request gets a 500.
"""

from __future__ import annotations

import binascii
import hashlib
import hmac
import json
import logging
import time
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qsl

from slack_bolt.response import BoltResponse

from bot.app import Malformed

log = logging.getLogger("peer-review.http")

MAX_BODY = 1_000_000
PATH = "/slack/events"
MAX_AGE = 300  # seconds: an older signature is a replay

StartResponse = Callable[..., Any]


class BadRequest(ValueError):
    pass


def parse_body(raw: bytes, content_type: str) -> dict[str, Any]:
    """The payload of a Slack request: JSON events, a form with a JSON ``payload`` for
    interactivity, or a form for slash commands."""
    try:
        if "json" in content_type:
            body = json.loads(raw.decode("utf-8"))
        elif (payload := only_payload(raw)) is not None:
            body = json.loads(payload.decode("utf-8"))
        else:
            text = raw.decode("utf-8")
            form = dict(parse_qsl(text, keep_blank_values=True, strict_parsing=bool(text)))
            body = json.loads(form["payload"]) if "payload" in form else form
    except (ValueError, KeyError) as error:
        raise BadRequest(f"the body is not a Slack payload ({type(error).__name__})") from None
    if not isinstance(body, dict):
        raise BadRequest("the body is not an object")
    return body


def only_payload(raw: bytes) -> bytes | None:
    """The bytes of ``payload=…`` when that is the whole form, percent-decoded in C; None
    for any other form, which the general parser reads.

    An interaction's form is one field holding the JSON, often 10 KB with a thousand escapes;
    ``parse_qsl`` decodes them in Python (0.2 ms). Here ``%XX`` becomes ``=XX`` for the
    quoted-printable decoder, which is safe only when the value holds no ``=`` or line
    break, and is checked after: every escape must have shrunk the text by two bytes.
    """
    if not raw.startswith(b"payload="):
        return None
    value = raw[len(b"payload=") :]
    if b"=" in value or b"&" in value or b"\n" in value or b"\r" in value:
        return None
    decoded = binascii.a2b_qp(value.replace(b"+", b" ").replace(b"%", b"="))
    return decoded if len(value) - len(decoded) == 2 * value.count(b"%") else None


def signed(secret: bytes, raw: bytes, headers: dict[str, str], now: float | None = None) -> bool:
    """Slack's v0 signature over the raw bytes, fresh: "v0=" + HMAC-SHA256 of
    "v0:{timestamp}:{body}". (slack_sdk's verifier decodes the body first, so a body that is
    not UTF-8 would make it raise instead of answer.)"""
    stamp, signature = headers.get("x-slack-request-timestamp"), headers.get("x-slack-signature")
    if not stamp or not signature or not (stamp.isascii() and stamp.isdigit()):
        return False
    if not signature.isascii():
        return False
    if abs((time.time() if now is None else now) - int(stamp)) > MAX_AGE:
        return False
    digest = hmac.new(secret, b"v0:" + stamp.encode() + b":" + raw, hashlib.sha256).hexdigest()
    return hmac.compare_digest(("v0=" + digest).encode(), signature.encode())


class SlackEvents:
    """The WSGI app serving Slack's requests at /slack/events (and a health check)."""

    def __init__(self, answer: Callable[[Any, dict[str, str]], BoltResponse], signing_secret: str):
        self.answer_payload = answer  # Bot.answer: checked whole, then Bolt, one at a time
        self.secret = signing_secret.encode()

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        status, headers, body = self.handle(environ)
        start_response(status, headers)
        return [body]

    def handle(self, environ: dict[str, Any]) -> tuple[str, list[tuple[str, str]], bytes]:
        """A WSGI request: its size checked before its body is read."""
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _text("400 Bad Request", "Bad Content-Length")
        if length > MAX_BODY:
            return _text("413 Content Too Large", "Too large")
        headers = {
            key[5:].replace("_", "-").lower(): value
            for key, value in environ.items()
            if key.startswith("HTTP_")
        }
        if environ.get("CONTENT_TYPE"):
            headers["content-type"] = environ["CONTENT_TYPE"]
        method, path = environ.get("REQUEST_METHOD", ""), environ.get("PATH_INFO", "")
        if method != "POST" or path != PATH:
            return self.answer(method, path, headers, b"")
        raw = environ["wsgi.input"].read(length) if length > 0 else b""
        return self.answer(method, path, headers, raw)

    def answer(
        self, method: str, path: str, headers: dict[str, str], raw: bytes
    ) -> tuple[str, list[tuple[str, str]], bytes]:
        """The answer to one request whose body (at most MAX_BODY bytes) has been read:
        (status line, headers, body). `headers` have lower-case names."""
        if path == "/healthz" and method == "GET":
            return _text("200 OK", "ok")
        if path != PATH:
            return _text("404 Not Found", "Not found")
        if method != "POST":
            return _text("405 Method Not Allowed", "Slack requests are POSTs")
        if not signed(self.secret, raw, headers):
            log.warning("refused a request without a valid Slack signature")
            return _text("401 Unauthorized", "Invalid signature")
        try:
            body = parse_body(raw, headers.get("content-type", ""))
        except (BadRequest, UnicodeDecodeError) as error:
            log.warning("refused a signed request: %s", error)
            return _text("400 Bad Request", "Bad request")
        try:
            response = self.answer_payload(body, headers)
        except Malformed as refused:
            return _text(
                "400 Bad Request", f"Bad request: {refused.why}" if refused.why else "Bad request"
            )
        out = response.body.encode("utf-8") if isinstance(response.body, str) else response.body
        status = f"{response.status} {_reason(response.status)}"
        return status, [(k, v) for k, values in response.headers.items() for v in values], out


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def _text(status: str, text: str) -> tuple[str, list[tuple[str, str]], bytes]:
    return status, [("Content-Type", "text/plain; charset=utf-8")], text.encode()
