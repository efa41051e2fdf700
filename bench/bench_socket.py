"""Time to ack over Socket Mode, against a bare Bolt app (the floor), in the same run.

Socket Mode is how the bot runs by default: Slack sends every request as an envelope down
one websocket the app opened, and the app acknowledges it on the same connection. This
measures the time from an envelope sent to its ack read, on Slack's side of the socket (a
local stand-in: tests/socket_stub.py, in this process; bench/socket_standin.py starts the
rest).

The bot runs as an operator runs it: ``peer-review serve`` against a SQLite file seeded with
bench/workload.py's schools. The floor is a bare ``slack_bolt.App``, default settings,
no-op listeners, behind Bolt's default ``SocketModeHandler`` (slack_sdk's builtin client).
Each has its own websocket stand-in and Web API stand-in. Both get the same payloads, built
by bench/workload.py and carried as Socket Mode carries them: /peer-review help and ratings,
a judgement (areas 1-4), the fifth judgement (the summary and chart follow from the outbox)
and app_home_opened; each at 1 and 50 envelopes in flight on the one connection (at 50:
three rounds, the floor and the bot taking turns, pooled).

It prints p50/p99/max of the time to ack, and the bot's ratio to the floor's, then the
TARGETS, ok or OVER. It asserts nothing: it exits 0 unless the harness itself breaks (2).

Run: .venv/bin/python bench/bench_socket.py [--quick]
"""

from __future__ import annotations

import argparse
import math
import os
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_load import Run as Requests  # noqa: E402 - what it sends, as envelopes here
from bench.bench_load import pct  # noqa: E402
from bench.socket_standin import SocketApp, envelope, start_bot, start_floor  # noqa: E402
from bench.standin import harness, quiesce, report, server_env  # noqa: E402
from bench.workload import seed  # noqa: E402
from rubric.loader import load_builtin  # noqa: E402

KINDS = ("help", "ratings", "judgement", "fifth", "home")
ROUNDS = {1: 1, 50: 3}  # envelopes in flight: rounds (at 50, floor and bot take turns, pooled)
P50_AT_1, RATIO = 2.0, 1.0  # the bot's ms at c=1; the bot's p50 and p99 over the floor's at 50
TOKEN = "xoxb-bench"  # noqa: S105 - the stand-in takes any token
HEADER = (
    "ms to ack            n | floor p50     p99     max |   bot p50     p99     max |  ×p50  ×p99"
    " | no ack (floor / bot)"
)


def ms(acks: list) -> tuple[float, float, float]:
    """p50, p99 (nearest rank) and max of the acks' times, in ms."""
    times = [a.seconds * 1000 for a in acks if a is not None]
    return pct(times, 0.5), pct(times, 0.99), max(times, default=float("nan"))


def seed_schools(requests: Requests, db: Path, judgements: int, fifths: int) -> None:
    """Schools with no area judged (each judged once per area) and with four (for fifths)."""
    framework = requests.framework
    requests.judges = seed(db, framework, "J", [0] * math.ceil(judgements / 4))
    ready = seed(db, framework, "F", [4] * fifths)
    requests.judged = iter([(t, a) for a in framework.area_ids[:4] for t in requests.judges])
    requests.fifths, requests.users = iter(ready), [t.user for t in ready]


class Apps:
    """The floor and the bot, each sent the same envelopes; what went missing, per app."""

    def __init__(self, floor: SocketApp, bot: SocketApp):
        self.floor, self.bot = floor, bot
        self.sent, self.missing, self.judgements = Counter(), Counter(), 0

    def send(self, app: SocketApp, envelopes: list, c: int) -> list:
        acks = app.run(envelopes, c)
        self.sent[app.name] += len(acks)
        self.missing[app.name] += acks.count(None)
        if app is self.bot:
            self.judgements += [kind for kind, _ in envelopes].count("interactive")
        return acks

    def both(self, envelopes: list, c: int) -> tuple[list, list]:
        return self.send(self.floor, envelopes, c), self.send(self.bot, envelopes, c)


def cell(apps: Apps, requests: Requests, kind: str, c: int, n: int) -> None:
    """One row: `n` envelopes of a kind, `c` in flight, to the floor, then to the bot, after
    the bot's outbox has done what earlier rows left it; the target it is held to."""
    floor, bot, waited = [], [], 0.0
    for _ in range(ROUNDS[c]):
        envelopes = [envelope(r) for r in requests.make(kind, n)]
        waited += quiesce(apps.bot.base)
        f, b = apps.both(envelopes, c)
        floor, bot = floor + f, bot + b
    if waited > 2:
        print(f"  (the bot's outbox was busy: waited {waited:.1f} s before this row)")
    (f50, f99, fmax), (b50, b99, bmax) = ms(floor), ms(bot)
    r50, r99 = b50 / f50, b99 / f99
    print(f"{kind + f' c={c}':<16} {len(bot):>4} | {f50:9.2f} {f99:7.2f} {fmax:7.2f} | "
          f"{b50:9.2f} {b99:7.2f} {bmax:7.2f} | {r50:5.2f} {r99:5.2f} | "
          f"{floor.count(None)} / {bot.count(None)}")  # fmt: skip
    if c == 1:
        requests.target(f"{kind} c=1: bot p50 {b50:.2f} ms (≤ {P50_AT_1:g} ms)", b50 <= P50_AT_1)
    else:
        requests.target(f"{kind} c={c}: p50 {r50:.2f}x, p99 {r99:.2f}x of the floor "
                        f"(≤ {RATIO:g}x)", max(r50, r99) <= RATIO)  # fmt: skip


def judgements_in(db: Path) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        return connection.execute("SELECT count(*) FROM judgements").fetchone()[0]


@contextmanager
def closing_all(apps: list[SocketApp]) -> Iterator[None]:
    """Each app's websocket stand-in closed at the end (the apps started are appended)."""
    try:
        yield
    finally:
        for app in apps:
            app.sockets.close()


def main() -> int:
    parser = argparse.ArgumentParser(description="Socket Mode time to ack, against the floor.")
    parser.add_argument("--quick", action="store_true", help="fewer envelopes (about a third)")
    quick = parser.parse_args().quick
    count = {1: 40, 50: 100} if quick else {1: 150, 50: 200}
    fifths = {1: 20, 50: 50} if quick else {1: 50, 50: 100}
    requests = Requests(load_builtin(), secret="")
    tmp = Path(tempfile.mkdtemp(prefix="bench-socket-"))
    db, started, running = tmp / "bench.db", time.monotonic(), list[SocketApp]()
    # OSError: an app dropped its connection
    with harness(TOKEN, also=(OSError,)) as procs, closing_all(running):
        rounds = {c: n * ROUNDS[c] for c, n in count.items()}
        seed_schools(requests, db, 12 + sum(rounds.values()),  # 12 to warm up with, then 2
                     2 + sum(n * ROUNDS[c] for c, n in fifths.items()))  # fmt: skip
        before = judgements_in(db)
        env = server_env(TOKEN, "unused-in-socket-mode", "", db)
        running.append(start_bot(tmp, env, procs))
        running.append(start_floor(tmp, env, procs))
        apps = Apps(floor=running[1], bot=running[0])
        requests.base = apps.bot.base  # where commands' response_url points
        print(f"bot and floor connected; Web API stand-ins {apps.bot.base}, {apps.floor.base};"
              f" {os.cpu_count()} CPUs" + ("; --quick" if quick else ""))  # fmt: skip
        warm = [("help", 30), ("ratings", 10), ("home", 10), ("judgement", 12), ("fifth", 2)]
        apps.both([envelope(r) for kind, n in warm for r in requests.make(kind, n)], 4)
        print(f"\n{HEADER}")
        for kind in KINDS:
            for c in ROUNDS:
                cell(apps, requests, kind, c, (fifths if kind == "fifth" else count)[c])
        print(
            "(p99 is the nearest rank. The floor acks commands and interactions from Bolt's "
            "listener thread,\n which Bolt's dispatch polls every 10 ms: hence ~11 ms at c=1.)"
        )
        quiesce(apps.bot.base)
        stored = judgements_in(db) - before
    missing, sent = apps.missing, apps.sent
    requests.target(
        f"acks: the bot's {sent['bot']} and the floor's {sent['floor']}, "
        f"missing {missing['bot']} and {missing['floor']}",
        not missing.total(),
    )
    requests.target(f"judgements stored by the bot: {stored} of the {apps.judgements} sent",
                    stored == apps.judgements)  # fmt: skip
    report(requests.targets, procs, (TOKEN,))
    print(f"\n(the whole run took {time.monotonic() - started:.0f} s; logs in {tmp})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
