"""HTTP mode for real: `peer-review serve --http` under gunicorn, signed requests only."""

from __future__ import annotations

import hashlib
import hmac
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.slack_stub import running_stub

SECRET = "test-signing-secret"
CLI = Path(sys.executable).with_name("peer-review")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    with running_stub() as slack:
        port = free_port()
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PEER_"))},
            "SLACK_BOT_TOKEN": "xoxb-http-test",
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": slack.api_url,
            "PEER_REVIEW_DB": str(tmp_path / "http.db"),
        }
        process = subprocess.Popen(  # noqa: S603
            [str(CLI), "serve", "--http", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}/slack/events"
        try:
            deadline = time.monotonic() + 20
            while True:
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                        break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        out = process.stdout.read().decode() if process.stdout else ""
                        pytest.fail(f"server did not start: {out}")
                    time.sleep(0.1)
            yield url, slack
        finally:
            process.terminate()
            output = process.communicate(timeout=10)[0].decode()
            assert "xoxb-http-test" not in output
            assert SECRET not in output


def post(url: str, body: str, secret: str = SECRET, timestamp: int | None = None):
    timestamp = int(time.time()) if timestamp is None else timestamp
    base = f"v0:{timestamp}:{body}".encode()
    signature = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    request = urllib.request.Request(
        url,
        data=body.encode(),
        method="POST",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": str(timestamp),
            "X-Slack-Signature": signature,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def command(text: str) -> str:
    return urlencode(
        {
            "command": "/peer-review",
            "text": text,
            "user_id": "U1",
            "team_id": "T1",
            "channel_id": "C1",
            "trigger_id": "t",
            "response_url": "http://127.0.0.1:9/none",
        }
    )


def test_signed_command_is_answered(server):
    url, _ = server
    status, body = post(url, command("help"))
    assert status == 200
    assert "/peer-review setup" in body


@pytest.mark.parametrize(
    ("kwargs", "why"),
    [({"secret": "wrong-secret"}, "forged"), ({"timestamp": 1_000_000_000}, "replayed")],
)
def test_unsigned_or_stale_requests_are_rejected(server, kwargs, why):
    url, _ = server
    status, _ = post(url, command("help"), **kwargs)
    assert status == 401, why
