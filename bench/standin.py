"""Stand-ins for bench/bench_load.py, each run in a process of its own.

``slack``: the Slack Web API stand-in of ``playground/slack.py`` on a loopback port, with a
``delay`` before every Web API answer. It prints one JSON line, ``{"port", "api_url"}``, then
serves until it is killed. Besides the Web API, ``response_url`` posts and file upload URLs
(all answered by :class:`SlackStub`), it answers ``GET /_calls?since=N``: counts per method
and the calls from the N-th on (method, channel, ts, thread_ts and the outbox effect id in
the message metadata), so the benchmark can see what was delivered. With ``--socket-url``,
``apps.connections.open`` answers with that websocket URL (bench/bench_socket.py).

``floor``: a bare ``slack_bolt.App`` with Bolt's default settings and no-op listeners for
the kinds the benchmark sends, served by Bolt's WSGI adapter under gunicorn (gthread,
one worker, 8 threads). The token and signing secret come from SLACK_BOT_TOKEN and
SLACK_SIGNING_SECRET, never from the command line.

    python bench/standin.py slack --delay 2.0 [--socket-url ws://127.0.0.1:PORT/link/]
    python bench/standin.py floor --port 8123 --api-url http://127.0.0.1:PORT/api/

The functions at the end start these, and the bot (``peer-review serve --http``), as
subprocesses of the benchmark, each in a process group of its own so it can be ended whole.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

STANDIN_NICE = 19

# How the bot was served before bot/transport/server.py: a common way to serve a Bolt app.
GUNICORN = {"worker_class": "gthread", "workers": 1, "threads": 8, "timeout": 30}


# -- the Slack Web API stand-in ---------------------------------------------------------


def _json(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return None
    return value


def _entry(call: Any) -> dict[str, Any]:
    args = call.args if isinstance(call.args, dict) else {}
    metadata = _json(args.get("metadata")) or {}
    payload = metadata.get("event_payload") if isinstance(metadata, dict) else None
    return {
        "m": call.method,
        "ok": call.ok,
        "ch": args.get("channel") or args.get("channel_id"),
        "ts": args.get("ts"),
        "th": args.get("thread_ts") or None,
        "effect": payload.get("effect") if isinstance(payload, dict) else None,
    }


def snapshot(stub: Any, since: int) -> dict[str, Any]:
    """What the stand-in was asked so far: counts, and the calls from `since` on."""
    calls = list(stub.calls)  # a copy: the handler threads keep appending
    return {
        "total": len(calls),
        "counts": dict(Counter(c.method for c in calls)),
        "failed": dict(Counter(c.method for c in calls if not c.ok)),
        "calls": [_entry(c) for c in calls[max(0, since) :]],
    }


def serve_slack(delay: float, socket_url: str = "") -> None:
    from playground.server import Server as Quiet
    from playground.server import handler
    from playground.slack import LocalSlack

    stub = LocalSlack(delay=delay, socket_url=socket_url)

    def site(method: str, path: str, query: dict[str, Any], raw: bytes) -> Any:
        if method == "GET" and path == "/_calls":
            body = json.dumps(snapshot(stub, int(query.get("since") or 0))).encode()
            return 200, "application/json", body, {}
        if method == "GET" and path == "/_health":
            return 200, "text/plain", b"ok", {}
        return None

    class Server(Quiet):
        request_queue_size = 256  # the bot's outbox and modal pools connect at once

    server = Server(("127.0.0.1", 0), handler(stub, site))
    host, port = server.server_address[:2]
    stub.base_url = f"http://{host}:{port}"
    print(json.dumps({"port": port, "api_url": stub.api_url}), flush=True)
    server.serve_forever(poll_interval=0.05)


# -- the floor: bare Bolt, default settings ---------------------------------------------

ACTIONS = re.compile(r"^pr_(choose_level_\d+|change_judgement|level_select)$")


def build_floor(api_url: str) -> Any:
    from slack_bolt.adapter.wsgi import SlackRequestHandler

    return SlackRequestHandler(floor_app(api_url))


def floor_app(api_url: str) -> Any:
    """The floor's App, for Bolt's WSGI adapter here, or its Socket Mode handler
    (bench/socket_standin.py)."""
    from slack_bolt import App
    from slack_sdk import WebClient

    token = os.environ.pop("SLACK_BOT_TOKEN")  # else Bolt reads it too, and warns
    app = App(
        client=WebClient(token=token, base_url=api_url),
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
        token_verification_enabled=False,
    )

    def noop(ack: Any) -> None:
        ack()

    app.command("/peer-review")(noop)
    app.action(ACTIONS)(noop)  # the area message's level buttons and the modal's select
    app.view("pr_judgement")(noop)
    app.options("pr_partners")(noop)  # the setup form's partner picker (bench_scale.py)
    app.event("app_home_opened")(noop)
    return app


def serve_floor(host: str, port: int, api_url: str) -> None:
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            for key, value in GUNICORN.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return build_floor(api_url)

    Server().run()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    slack = sub.add_parser("slack")
    slack.add_argument("--delay", type=float, default=0.0)
    slack.add_argument("--socket-url", default="")
    floor = sub.add_parser("floor")
    floor.add_argument("--host", default="127.0.0.1")
    floor.add_argument("--port", type=int, required=True)
    floor.add_argument("--api-url", required=True)
    args = parser.parse_args()
    if args.what == "slack":
        # Slack's servers are not on the bot's machine: the stand-in takes CPU only when the
        # bot and the load generator leave some, as a remote Slack would take none.
        os.nice(STANDIN_NICE)
        serve_slack(args.delay, args.socket_url)
    else:
        serve_floor(args.host, args.port, args.api_url)


# -- starting them from the benchmark ----------------------------------------------------

HERE = Path(__file__).resolve()
CLI = Path(sys.executable).with_name("peer-review")


class HarnessError(RuntimeError):
    """The benchmark itself could not run (a server did not start …)."""


@contextmanager
def harness(*secrets: str, also: tuple[type[Exception], ...] = ()) -> Iterator[list[Proc]]:
    """The processes a benchmark starts (it appends them), each stopped at the end, the last
    started first. A HarnessError (or one of `also`) is printed with the secrets blanked
    out, and exits 2."""
    procs: list[Proc] = []
    try:
        yield procs
    except (HarnessError, *also) as error:
        text = str(error)
        for secret in secrets:
            text = text.replace(secret, "***")
        print(f"\nHARNESS BROKE: {text}", file=sys.stderr)
        raise SystemExit(2) from None
    finally:
        for proc in reversed(procs):
            proc.stop()


@dataclass
class Proc:
    name: str
    popen: subprocess.Popen
    log: Path

    def stop(self) -> None:
        """SIGTERM to the process group this harness started (SIGKILL if it lingers)."""
        for sig, wait in ((signal.SIGTERM, 8), (signal.SIGKILL, 5)):
            if self.popen.poll() is not None:
                break
            try:
                os.killpg(self.popen.pid, sig)
                self.popen.wait(wait)
            except subprocess.TimeoutExpired:
                continue
            except ProcessLookupError:
                break
        if self.popen.stdout:
            self.popen.stdout.close()

    def notable(self, redact: tuple[str, ...]) -> list[str]:
        """The log's lines but gunicorn's INFO ones, with the secrets blanked out."""
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        for secret in redact:
            text = text.replace(secret, "***")
        return [line for line in text.splitlines() if line.strip() and "[INFO]" not in line]


def spawn(name: str, argv: list[str], tmp: Path, env: dict[str, str] | None = None) -> Proc:
    log = tmp / f"{name}.log"
    popen = subprocess.Popen(  # noqa: S603 - our own interpreter and entry points
        argv,
        cwd=tmp,  # so no .env of the repository's is read
        env=env,
        stdout=subprocess.PIPE if name.startswith("slack") else log.open("ab"),
        stderr=log.open("ab"),
        start_new_session=True,
    )
    return Proc(name, popen, log)


def get(url: str, as_json: bool = True) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
        body = response.read()
    return json.loads(body) if as_json else body


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(ready: Any, proc: Proc, limit: float = 30.0) -> None:
    deadline = time.monotonic() + limit
    while True:
        try:
            if ready():
                return
        except urllib.error.HTTPError:
            return  # it answers: Bolt's adapter says 404 to a GET
        except OSError:
            pass
        if proc.popen.poll() is not None or time.monotonic() > deadline:
            tail = "\n".join(proc.log.read_text(errors="replace").splitlines()[-20:])
            raise HarnessError(f"{proc.name} did not start (exit {proc.popen.poll()}):\n{tail}")
        time.sleep(0.1)


def start_slack(
    tmp: Path, delay: float, procs: list[Proc], socket_url: str = "", name: str = ""
) -> tuple[str, str]:
    """The Web API stand-in in its own process: (api_url, base url)."""
    argv = [sys.executable, str(HERE), "slack", f"--delay={delay}", f"--socket-url={socket_url}"]
    proc = spawn(f"slack-{name or f'{delay:g}'}", argv, tmp)
    procs.append(proc)
    line = proc.popen.stdout.readline().decode() if proc.popen.stdout else ""
    try:
        api_url = json.loads(line)["api_url"]
    except (ValueError, KeyError):
        raise HarnessError(f"the Slack stand-in did not start: {proc.log.read_text()}") from None
    base = api_url.removesuffix("/api/")
    wait_until(lambda: get(base + "/_health", as_json=False), proc)
    return api_url, base


def server_env(token: str, secret: str, api_url: str, db: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PEER_"))}
    env.update(SLACK_BOT_TOKEN=token, SLACK_SIGNING_SECRET=secret, SLACK_API_URL=api_url)
    env.update(PEER_REVIEW_DB=str(db), PEER_REVIEW_LOG_LEVEL="WARNING")
    return env


def start_bot(tmp: Path, name: str, env: dict[str, str], procs: list[Proc]) -> int:
    """``peer-review serve --http`` as an operator runs it; its port once /healthz answers."""
    port = free_port()
    argv = [str(CLI), "serve", "--http", "--host", "127.0.0.1", "--port", str(port)]
    procs.append(spawn(name, argv, tmp, env))
    wait_until(lambda: get(f"http://127.0.0.1:{port}/healthz", as_json=False), procs[-1])
    return port


def start_floor(tmp: Path, env: dict[str, str], procs: list[Proc]) -> int:
    port = free_port()
    argv = [sys.executable, str(HERE), "floor", f"--port={port}"]
    procs.append(spawn("floor", [*argv, f"--api-url={env['SLACK_API_URL']}"], tmp, env))
    wait_until(lambda: get(f"http://127.0.0.1:{port}/slack/events", as_json=False), procs[-1])
    return port


# -- what the stand-in was asked ----------------------------------------------------------


def total(base: str) -> dict:
    return get(base + "/_calls?since=999999999")  # counts only


def quiesce(base: str, quiet: float = 0.8, limit: float = 60.0) -> float:
    """Wait until the stand-in has had no call for `quiet` seconds (the outbox is idle)."""
    start = still = time.monotonic()
    seen = total(base)["total"]
    while time.monotonic() - still < quiet and time.monotonic() - start < limit:
        time.sleep(0.1)
        if (now := total(base)["total"]) != seen:
            seen, still = now, time.monotonic()
    return time.monotonic() - start


def wait_for(base: str, since: int, done, limit: float) -> tuple[bool, list]:
    """Poll the stand-in's calls (from the `since`-th) until done(calls) or `limit` seconds."""
    deadline = time.monotonic() + limit
    while True:
        calls = get(f"{base}/_calls?since={since}")["calls"]
        if done(calls) or time.monotonic() > deadline:
            return done(calls), calls
        time.sleep(0.2)


def report(targets: list, procs: list[Proc], redact: tuple[str, ...], tail: int = 30) -> None:
    """The TARGETS, each ok or OVER, then what each process logged but gunicorn's INFO."""
    print("\nTARGETS")
    for text, ok in targets:
        print(f"  {'ok  ' if ok else 'OVER'}  {text}")
    for proc in procs:
        if lines := proc.notable(redact):
            print(f"\n{proc.name} stderr ({len(lines)} lines, last {tail}):")
            print("\n".join("  " + line for line in lines[-tail:]))


def delivered(calls: list, method: str, channels: set[str], top: bool = False) -> set[str]:
    return {
        c["ch"] for c in calls
        if c["m"] == method and c["ok"] and c["ch"] in channels and not (top and c["th"])
    }  # fmt: skip


if __name__ == "__main__":
    main()
