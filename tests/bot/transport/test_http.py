"""HTTP mode for real: `peer-review serve --http` as an operator runs it, signed requests only."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.bot.transport.slack_requests import SECRET, signature
from tests.bot.transport.slack_requests import command as slack_command
from tests.conftest import eventually
from tests.slack_stub import running_stub

CLI = Path(sys.executable).with_name("peer-review")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`peer-review serve --http` as an operator runs it, on a free loopback port."""

    def __init__(self, tmp_path, slack):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/slack/events"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PEER_"))},
            "SLACK_BOT_TOKEN": "xoxb-http-test",
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": slack.api_url,
            "PEER_REVIEW_DB": str(tmp_path / "http.db"),
        }
        self.cwd = tmp_path
        self.output = ""
        self.start()

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603
            [str(CLI), "serve", "--http", "--host", "127.0.0.1", "--port", str(self.port)],
            env=self.env,
            cwd=self.cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=0.5):
                    return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    out = self.process.stdout.read().decode() if self.process.stdout else ""
                    pytest.fail(f"server did not start: {out}")
                time.sleep(0.1)

    def kill(self):
        """kill -9 the whole server (and its delivering process): nothing runs after it."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.output += self.process.communicate(timeout=10)[0].decode()

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.output += self.process.communicate(timeout=10)[0].decode()


@pytest.fixture
def running(tmp_path):
    with running_stub() as slack:
        server = Server(tmp_path, slack)
        try:
            yield server, slack
        finally:
            server.stop()
            assert "xoxb-http-test" not in server.output
            assert SECRET not in server.output


@pytest.fixture
def server(running):
    server, slack = running
    return server.url, slack


def post(
    url: str,
    body: str,
    secret: str = SECRET,
    timestamp: int | None = None,
    content_type: str = "application/x-www-form-urlencoded",
):
    stamp, signed_with = signature(body.encode(), secret, timestamp)
    request = urllib.request.Request(
        url,
        data=body.encode(),
        method="POST",
        headers={
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": signed_with,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def command(text: str) -> str:
    return slack_command(text, response_url="http://127.0.0.1:9/none")


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


@pytest.mark.parametrize(
    ("body", "content_type", "signed", "expected"),
    [
        ("{not json", "application/json", False, 401),
        ("{not json", "application/json", True, 400),
        (
            urlencode({"payload": json.dumps({"type": "block_actions", "actions": []})}),
            "application/x-www-form-urlencoded",
            True,
            400,
        ),
        (
            urlencode({"payload": json.dumps({"type": "view_submission", "user": {"id": "U"}})}),
            "application/x-www-form-urlencoded",
            True,
            400,
        ),
    ],
    ids=["unsigned-broken", "signed-broken", "no-actions", "no-view"],
)
def test_malformed_requests_to_the_real_server_never_get_500(
    server, body, content_type, signed, expected
):
    url, _ = server
    status, _ = post(url, body, content_type=content_type, secret=SECRET if signed else "x")
    assert status == expected


def interaction(payload):
    return urlencode({"payload": json.dumps(payload)})


def is_area(slack, key):
    """An area message asking for a level (the walk's, not a notice)."""
    return "elements" in (slack.messages[key]["blocks"] or [{}])[-1]


def area_messages(slack):
    return sum(1 for key in list(slack.posted) if is_area(slack, key))


def test_killed_right_after_the_ack_the_summary_comes_after_the_restart_once(running):
    """kill -9 while the summary is on its way to Slack; after the restart it is delivered,
    or found already delivered, and posted exactly once."""
    server, slack = running
    views = []

    def signed(body, content_type="application/x-www-form-urlencoded"):
        status, text = post(server.url, body, content_type=content_type)
        assert status == 200, text
        return text

    def wait_for(check):
        eventually(check, seconds=10.0, waiting_for="the delivery")

    signed(command("setup"))
    wait_for(lambda: slack.called("views.open"))
    setup = slack.called("views.open")[-1]["view"]
    from tests.bot.conftest import judgement_values, setup_values

    signed(
        interaction(
            {
                "type": "view_submission",
                "user": {"id": "U1"},
                "view": {
                    "id": "V1",
                    "type": "modal",
                    "callback_id": setup["callback_id"],
                    "private_metadata": setup["private_metadata"],
                    "state": {"values": setup_values("Hillmead", channel="CTRIO")},
                },
            }
        )
    )
    signed(command("start"))
    for n in range(5):
        wait_for(lambda n=n: len(slack.called("chat.postMessage", ok_only=True)) >= 2 + n)
        wait_for(lambda n=n: area_messages(slack) >= n + 1)
        channel, ts = next(k for k in reversed(slack.posted) if is_area(slack, k))
        meta = json.loads(slack.messages[(channel, ts)]["blocks"][-1]["elements"][0]["value"])
        if n == 4:
            slack.delays["chat.postMessage"] = 3.0  # the summary will be in flight
        signed(
            interaction(
                {
                    "type": "view_submission",
                    "user": {"id": "U1"},
                    "view": {
                        "id": "V2",
                        "type": "modal",
                        "callback_id": "pr_judgement",
                        "private_metadata": json.dumps({"c": meta["c"], "a": meta["a"]}),
                        "state": {"values": judgement_values(2, f"evidence {n}")},
                    },
                }
            )
        )
        views.append(meta["a"])
    time.sleep(1.0)  # the worker has sent the summary; Slack is still answering
    server.kill()
    slack.delays.clear()
    server.start()
    wait_for(lambda: slack.called("files.completeUploadExternal", ok_only=True))
    time.sleep(0.5)
    summaries = [
        m for (c, _), m in slack.messages.items() if c == "CTRIO" and not m.get("thread_ts")
    ]
    assert len(summaries) == 1
    assert views == ["leadership", "infrastructure", "itt", "cpd", "s2ss"]
    assert slack.called("conversations.history")  # the restarted worker looked first
