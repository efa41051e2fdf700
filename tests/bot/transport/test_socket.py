"""Socket Mode for real: `peer-review serve` as an operator runs it, connected to a local
stand-in of Slack's websocket end (tests/socket_stub.py), which sends it envelopes and
reads its acks. The Web API stand-in hands out the websocket's URL (apps.connections.open).
Last, the client the bot connects with and its handler, in this process.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from slack_sdk import WebClient

import storage
from bot.transport.socket import OneAtATime, PromptClient
from storage.store import Store
from tests.bot.transport.slack_requests import command as slack_command
from tests.bot.workspace import judgement_values
from tests.conftest import eventually
from tests.slack_stub import running_stub
from tests.socket_stub import HELLO, SocketStub

CLI = Path(sys.executable).with_name("peer-review")
BOT_TOKEN, APP_TOKEN = "xoxb-socket-test", "xapp-socket-test"


@pytest.fixture(scope="module")
def served(tmp_path_factory, framework):
    """`peer-review serve` in Socket Mode, with Hillmead (member U1) in its first cycle."""
    tmp = tmp_path_factory.mktemp("socket")
    db = tmp / "socket.db"
    with Store(db).connect() as connection, storage.transaction(connection):
        school = storage.create_school(connection, "Hillmead", "U1", team_id="T1")
        cycle = storage.start_cycle(connection, school.id, framework, "U1")
    with running_stub() as slack, SocketStub() as sockets:
        slack.socket_url = sockets.url
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PEER_"))}
        env.update(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_APP_TOKEN=APP_TOKEN)
        env.update(SLACK_API_URL=slack.api_url, PEER_REVIEW_DB=str(db))
        log = tmp / "serve.log"
        with log.open("wb") as out:
            process = subprocess.Popen(  # noqa: S603 - our own entry point
                [str(CLI), "serve"], env=env, cwd=tmp, stdout=out, stderr=out,
                start_new_session=True,
            )  # fmt: skip
        try:
            eventually(
                lambda: sockets.wait_for_link(0.1) or process.poll() is not None,
                seconds=20,
                waiting_for="the bot to connect",
            )
            assert process.poll() is None, log.read_text()
            yield sockets, slack, process, db, cycle.id
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(10)
            output = log.read_text()
            assert BOT_TOKEN not in output
            assert APP_TOKEN not in output


def command(text: str) -> dict:
    """A /peer-review command as a Socket Mode envelope carries it: the form's fields."""
    return dict(parse_qsl(slack_command(text, response_url="http://127.0.0.1:9/none")))


def test_the_bot_connects_with_the_url_slack_gave_it(served):
    sockets, slack, *_ = served
    assert "apps.connections.open" in slack.methods()
    assert len(sockets.links) == 1


def test_a_command_is_answered_in_its_ack(served):
    sockets, *_ = served
    ack = sockets.request("slash_commands", command("help"))
    assert "/peer-review setup" in json.dumps(ack.payload)


def test_a_judgement_submitted_is_stored_and_the_form_closes(served):
    sockets, _, _, db, cycle = served
    submission = {
        "type": "view_submission",
        "user": {"id": "U1"},
        "view": {
            "id": "V1",
            "type": "modal",
            "callback_id": "pr_judgement",
            "private_metadata": json.dumps({"c": cycle, "a": "leadership"}),
            "state": {"values": judgement_values(3, "Governors meet termly.")},
        },
    }
    ack = sockets.request("interactive", submission)
    assert ack.payload is None  # no errors: the modal closes
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        stored = list(connection.execute("SELECT area_id, level, evidence FROM judgements"))
    assert stored == [("leadership", 3, "Governors meet termly.")]


def test_opening_the_home_tab_is_acked_and_the_tab_published(served):
    sockets, slack, *_ = served
    event = {
        "type": "event_callback",
        "team_id": "T1",
        "event_id": "Ev1",
        "event": {"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"},
    }
    ack = sockets.request("events_api", event)
    assert ack.payload is None
    eventually(
        lambda: any(c.get("user_id") == "U1" for c in slack.called("views.publish")),
        seconds=10,
        waiting_for="the Home tab",
    )


@pytest.mark.parametrize(
    "payload",
    [
        {"type": "block_actions", "user": {"id": "U1"}, "actions": []},
        {"type": "view_submission", "user": {"id": "U1"}},
        {"command": "/peer-review"},
        "not an object",
    ],
    ids=["no-actions", "no-view", "command-without-user", "text"],
)
def test_a_malformed_envelope_is_acked_and_the_bot_goes_on(served, payload):
    """Acked, so Slack does not send it again, with nothing in the ack; then the bot still
    answers (the control)."""
    sockets, _, process, *_ = served
    ack = sockets.request("interactive", payload)
    assert ack.payload is None
    answer = sockets.request("slash_commands", command("help"))
    assert "/peer-review setup" in json.dumps(answer.payload)
    assert process.poll() is None


def test_a_burst_of_large_envelopes_is_acked_in_full(served):
    """Fifty Home tabs opened at once, each event carrying the tab's view (100 blocks here,
    100 KB): five megabytes that arrive faster than the bot reads them. Read a kilobyte at
    a time, as slack_sdk's client does by default, that overflowed its parser's stack and
    dropped the connection with every envelope on it."""
    sockets, _, process, *_ = served
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 1000}}] * 100
    event = {
        "type": "event_callback",
        "team_id": "T1",
        "event": {"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"},
    }
    event["event"]["view"] = {"type": "home", "blocks": blocks}
    acks = sockets.run([("events_api", event)] * 50, in_flight=50)
    assert None not in acks
    assert len(sockets.links) == 1  # the same connection throughout
    assert process.poll() is None


@pytest.fixture
def client():
    """The bot's Socket Mode client on its own, connected to the stand-ins, acking every
    envelope with nothing in the ack."""
    with running_stub() as slack, SocketStub() as sockets:
        slack.socket_url = sockets.url
        api = WebClient(base_url=slack.api_url)
        client = PromptClient(app_token=APP_TOKEN, web_client=api, ping_interval=60)
        client.socket_mode_request_listeners.append(
            lambda client, request: client.send_socket_mode_response(
                {"envelope_id": request.envelope_id}
            )
        )
        with connected(client, sockets):
            yield client, sockets


@contextmanager
def connected(client, sockets):
    """`client` (a Socket Mode client or handler) connected to `sockets`, closed after."""
    try:
        client.connect()
        assert sockets.wait_for_link(5)
        yield
    finally:
        client.close()


def reconnect(client, sockets):
    """Slack asks for a new connection (as it does every few hours); wait for the client to
    use it."""

    def on_the_new_connection():
        sock = client.current_session.sock
        if len(sockets.links) < 2 or sock is None:
            return False
        try:
            return sock.getsockname() == sockets.links[-1].sock.getpeername()
        except OSError:  # closed as we looked: the old one
            return False

    sockets.send_text(json.dumps({"type": "disconnect", "reason": "refresh_requested"}))
    eventually(on_the_new_connection, seconds=10, waiting_for="the new connection")


def test_acks_leave_at_once_on_every_connection(client):
    """No waiting to fill a packet (Nagle's algorithm), on a new connection too."""
    client, sockets = client

    def no_delay():
        sock = client.current_session.sock
        return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0

    assert no_delay()
    reconnect(client, sockets)
    assert no_delay()


def test_a_new_connection_takes_over_without_waiting_for_the_old_one(client):
    """The old connection is closed at once, not when its reader next gives up waiting for
    data (after 3 s, Slack's deadline for an ack; here never: no limit, and no pings)."""
    client, sockets = client
    client.current_session.sock.settimeout(None)
    reconnect(client, sockets)
    assert not sockets.links[0].open
    assert sockets.request("events_api", {"type": "event_callback"}).payload is None


@pytest.fixture
def handler(slack, bot):
    """The bot's Socket Mode handler, in this process (its outbox too), connected."""
    with SocketStub() as sockets:
        slack.socket_url = sockets.url
        handler = OneAtATime(bot, APP_TOKEN)
        with connected(handler, sockets):
            yield handler, sockets


def helps(n: int) -> list[tuple[str, dict]]:
    return [("slash_commands", command(f"help {i}")) for i in range(n)]


def test_envelopes_are_answered_in_the_order_they_came_on_one_thread(handler, monkeypatch):
    """The bot answers one request at a time, so one thread takes the envelopes: more would
    only wait their turn, contending with the one at work."""
    handler, sockets = handler
    answered, dispatch = [], handler.bot.dispatch

    def noting(request):
        answered.append((threading.get_ident(), request.body["text"]))
        return dispatch(request)

    monkeypatch.setattr(handler.bot, "dispatch", noting)
    assert None not in sockets.run(helps(20), in_flight=20)
    assert [text for _, text in answered] == [f"help {i}" for i in range(20)]
    assert len({thread for thread, _ in answered}) == 1


def test_no_gap_for_the_outbox_while_messages_wait(handler, monkeypatch):
    """The outbox delivers in the gaps between requests; a message waiting its turn is
    under way, so the gap comes after the last of a burst, not between two of them (and
    comes even when the last is no envelope)."""
    handler, sockets = handler
    under_way, gaps, dispatch = [0], [], handler.bot.dispatch

    @contextmanager
    def serving():
        under_way[0] += 1
        yield
        under_way[0] -= 1
        if not under_way[0]:
            gaps.append(handler.client.message_queue.qsize())  # messages still waiting

    def first_when_all_wait(request):
        if request.body["text"] == "help 0":
            queued = handler.client.message_queue.qsize
            eventually(lambda: queued() == 9, seconds=10, waiting_for="the burst")
        return dispatch(request)

    monkeypatch.setattr(handler.bot.outbox, "serving", serving)
    monkeypatch.setattr(handler.bot, "dispatch", first_when_all_wait)
    envelopes = [sockets.send(kind, payload) for kind, payload in helps(9)]
    sockets.send_text(json.dumps(HELLO))
    assert all(sockets.ack(envelope) for envelope in envelopes)
    eventually(lambda: gaps, seconds=10, waiting_for="a gap")
    assert gaps == [0]
