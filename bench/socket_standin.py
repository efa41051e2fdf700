"""Socket Mode stand-ins for bench/bench_socket.py: Slack's websocket end, the floor, the bot.

Slack's websocket end is tests/socket_stub.py's ``SocketStub``, in the benchmark's own
process: it is the load generator, stamping when each envelope is sent and its ack read.
Each app gets one of its own, and a Web API stand-in of its own (``bench/standin.py slack
--socket-url``) whose ``apps.connections.open`` points at it, so the two never share a
connection.

``floor``: bench/standin.py's bare Bolt App (default settings, no-op listeners) behind
Bolt's default ``SocketModeHandler`` (slack_sdk's builtin client); its tokens and Web API
URL come from SLACK_BOT_TOKEN, SLACK_APP_TOKEN and SLACK_API_URL, never the command line.

    python bench/socket_standin.py floor

The bot runs as an operator runs it: ``peer-review serve`` (Socket Mode is the default).

What bench/workload.py builds are Slack's HTTP requests; :func:`envelope` turns one into
the envelope that carries the same payload down the websocket: a command's form fields, an
interaction's JSON ``payload`` field, an event's JSON body.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.standin import CLI, Proc, floor_app, spawn, start_slack, wait_until
from tests.socket_stub import SocketStub

HERE = Path(__file__).resolve()
APP_TOKEN = "xapp-bench"  # noqa: S105 - the stand-in takes any token


def envelope(request: tuple[bytes, str]) -> tuple[str, Any]:
    """(envelope type, payload) for one of bench/workload.py's (body, content type)."""
    body, content_type = request
    if "json" in content_type:
        return "events_api", json.loads(body)
    fields = dict(parse_qsl(body.decode(), keep_blank_values=True))
    if "payload" in fields:
        return "interactive", json.loads(fields["payload"])
    return "slash_commands", fields


@dataclass
class SocketApp:
    """An app connected over Socket Mode: Slack's websocket end for it, its Web API."""

    name: str
    sockets: SocketStub
    api_url: str
    base: str  # the Web API stand-in's base URL (its /_calls)

    def run(self, envelopes: list[tuple[str, Any]], c: int) -> list:
        return self.sockets.run(envelopes, c)


def start(name: str, argv: list[str], tmp: Path, env: dict[str, str], procs: list[Proc]):
    """A Socket Mode app in a process of its own, once it has connected."""
    sockets = SocketStub()
    try:
        api_url, base = start_slack(tmp, 0.0, procs, socket_url=sockets.url, name=name)
        env = {**env, "SLACK_API_URL": api_url, "SLACK_APP_TOKEN": APP_TOKEN}
        procs.append(spawn(name, argv, tmp, env))
        wait_until(lambda: sockets.wait_for_link(0.05), procs[-1])
    except BaseException:
        sockets.close()
        raise
    return SocketApp(name, sockets, api_url, base)


def start_bot(tmp: Path, env: dict[str, str], procs: list[Proc]) -> SocketApp:
    """``peer-review serve`` as an operator runs it, in Socket Mode."""
    return start("bot", [str(CLI), "serve"], tmp, env, procs)


def start_floor(tmp: Path, env: dict[str, str], procs: list[Proc]) -> SocketApp:
    return start("floor", [sys.executable, str(HERE), "floor"], tmp, env, procs)


def serve_floor() -> None:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    SocketModeHandler(floor_app(os.environ["SLACK_API_URL"])).start()  # SLACK_APP_TOKEN


if __name__ == "__main__":
    if sys.argv[1:] != ["floor"]:
        sys.exit(f"usage: {sys.argv[0]} floor")
    serve_floor()
