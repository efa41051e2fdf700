"""Time to ack under load over HTTP, against a bare Bolt app (the floor), in the same run.

The bot runs as an operator hosts it (``peer-review serve --http``: bot/transport/server.py);
the floor is a bare Bolt App, default settings, no-op listeners, under Bolt's WSGI adapter
and gunicorn (gthread, one worker, 8 threads, as the bot was served before); the Slack Web
API stand-in runs in a process of its own (all three: bench/standin.py). Requests are signed
POSTs to /slack/events; schools are seeded into the SQLite file with the storage functions
before the bot starts.

It prints p50/p99/max of the time to ack, and their ratio to the floor's, for /peer-review
help and ratings, a judgement (areas 1-4), the fifth judgement (the summary and chart follow
from the outbox) and app_home_opened, at concurrency 1, 10 and 50 (at 50: three rounds, the
floor and the bot taking turns, pooled); then a burst of 50 fifth
judgements and a slow Slack (2 s a call); then the TARGETS, ok or OVER. It asserts nothing:
it exits 0 unless the harness itself breaks (2).

Run: .venv/bin/python bench/bench_load.py [--quick]
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import http.client
import math
import os
import secrets
import sqlite3
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.standin import (  # noqa: E402
    Proc,
    delivered,
    harness,
    quiesce,
    report,
    server_env,
    start_bot,
    start_floor,
    start_slack,
    total,
    wait_for,
)
from bench.workload import command, evidence, home, judgement, seed  # noqa: E402
from rubric.loader import load_builtin  # noqa: E402

KINDS = ("help", "ratings", "judgement", "fifth", "home")
LEVELS = (1, 10, 50)
ROUNDS = {1: 1, 10: 1, 50: 3}  # at c=50, floor and bot take turns three times, pooled
RATIO, C1_P50, MAX_ACK, BURST, SLOW_DELAY, SLOW_N = 1.0, 0.002, 1.0, 50, 2.0, 10
TOKEN = "xoxb-bench"  # noqa: S105 - the stand-in takes any token


# -- the load generator -------------------------------------------------------------------


def errors(tally: Counter) -> dict:
    """The answers that were not 2xx (or no answer at all), by status."""
    return {k: n for k, n in tally.items() if not (isinstance(k, int) and 200 <= k < 300)}


def send(port: int, secret: bytes, body: bytes, content_type: str) -> tuple[float, object]:
    stamp = str(int(time.time()))
    digest = hmac.new(secret, f"v0:{stamp}:".encode() + body, hashlib.sha256).hexdigest()
    headers = {"Content-Type": content_type, "X-Slack-Request-Timestamp": stamp,
               "X-Slack-Signature": "v0=" + digest, "Content-Length": str(len(body))}  # fmt: skip
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    start = time.perf_counter()
    try:
        connection.request("POST", "/slack/events", body, headers)
        response = connection.getresponse()
        response.read()
        status: object = response.status
    except (OSError, http.client.HTTPException) as error:
        status = type(error).__name__
    finally:
        connection.close()
    return time.perf_counter() - start, status


def load(port: int, secret: bytes, requests: list, c: int, tally: Counter) -> list:
    """Send `requests` with `c` clients at once (each sends its next as soon as answered)."""
    results: list = [None] * len(requests)
    lock, barrier = threading.Lock(), threading.Barrier(c)
    pending = iter(enumerate(requests))

    def client() -> None:
        barrier.wait()
        while (item := locked_next()) is not None:
            results[item[0]] = send(port, secret, *item[1])

    def locked_next():
        with lock:
            return next(pending, None)

    threads = [threading.Thread(target=client) for _ in range(c)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    tally.update(status for _, status in results)
    return results


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)] if ordered else float("nan")


def stats(results: list) -> tuple[float, float, float]:
    seconds = [s for s, _ in results]
    return pct(seconds, 0.5), pct(seconds, 0.99), max(seconds, default=float("nan"))


# -- the run ------------------------------------------------------------------------------


def row(label: str, floor: list, bot: list) -> tuple[float, float]:
    f, b = stats(floor), stats(bot)
    bad = sum(1 for _, s in bot if s != 200)
    ms = ["{:9.1f} {:7.1f} {:7.1f}".format(*(v * 1000 for v in values)) for values in (f, b)]
    print(f"{label:<16} {len(bot):>4} | {ms[0]} | {ms[1]} | {b[0] / f[0]:5.2f} {b[1] / f[1]:5.2f}"
          f" | {bad}")  # fmt: skip
    return b[0] / f[0], b[1] / f[1]


def measure(run: Run, count: dict, fifths: dict) -> None:
    """Every kind at every concurrency: the floor, then the bot, the same payloads; at c=50
    in rounds, taking turns, so that neither gains from when it ran."""
    print(f"\n{'ms to ack':<16} {'n':>4} | floor p50     p99     max |   bot p50     p99     max"
          f" | {'×p50':>5} {'×p99':>5} | non-200")  # fmt: skip
    for kind in KINDS:
        for c in LEVELS:
            floor, bot, waited = [], [], 0.0
            for _ in range(ROUNDS[c]):
                requests = run.make(kind, (fifths if kind == "fifth" else count)[c])
                waited += quiesce(run.base)
                floor += load(run.floor, run.key, requests, c, run.floor_tally)
                bot += run.send(requests, c)
            if waited > 2:
                print(f"  (the bot's outbox was busy: waited {waited:.1f} s before this row)")
            r50, r99 = row(f"{kind} c={c}", floor, bot)
            if c == 1:
                p50 = stats(bot)[0]
                run.target(f"{kind} c=1: p50 {p50 * 1000:.1f} ms (≤ {C1_P50 * 1000:.0f} ms)",
                           p50 <= C1_P50)  # fmt: skip
            if c == 50:
                run.target(f"{kind} c=50: p50 {r50:.2f}x, p99 {r99:.2f}x of the floor "
                           f"(≤ {RATIO}x)", r50 <= RATIO and r99 <= RATIO)  # fmt: skip
    print(
        "(p99 is the nearest rank. The floor's commands and interactions ack from Bolt's "
        "listener thread,\n which Bolt's dispatch polls every 10 ms: hence ~11 ms at c=1.)"
    )


def burst(run: Run) -> None:
    """50 fifth judgements at once; then every summary and chart, however long it takes."""
    quiesce(run.base)
    schools = [next(run.fifths) for _ in range(BURST)]
    channels, since = {t.trio for t in schools}, total(run.base)["total"]
    start = time.monotonic()
    results = run.send([judgement(run.framework, t, run.last) for t in schools], BURST)
    worst, bad = max(s for s, _ in results), sum(1 for _, s in results if s != 200)

    def arrived(calls: list) -> tuple[int, int]:
        return len(delivered(calls, "chat.postMessage", channels, top=True)), len(
            delivered(calls, "files.completeUploadExternal", channels)
        )

    ok, calls = wait_for(run.base, since, lambda calls: arrived(calls) == (BURST, BURST), 150)
    took, (summaries, charts) = time.monotonic() - start, arrived(calls)
    print(f"\nburst of {BURST} fifth judgements at once: ack max {worst * 1000:.0f} ms, p50 "
          f"{stats(results)[0] * 1000:.0f} ms, non-200 {bad}; {summaries}/{BURST} summaries and"
          f" {charts}/{BURST} charts delivered {took:.1f} s after the burst"
          f"{'' if ok else ' (gave up waiting)'}")  # fmt: skip
    run.target(f"burst: max ack {worst * 1000:.0f} ms (≤ {MAX_ACK * 1000:.0f} ms), "
               f"{bad} non-200", worst <= MAX_ACK and not bad)  # fmt: skip
    run.target(f"burst: {summaries}/{BURST} summaries and {charts}/{BURST} charts delivered "
               f"(in {took:.1f} s)", ok)  # fmt: skip


def slow_slack(run: Run, tmp: Path, procs: list[Proc]) -> None:
    """A fresh bot against a Slack that takes 2 s per call: 10 judgements and help at once."""
    api_url, base = start_slack(tmp, SLOW_DELAY, procs)
    framework, db = run.framework, tmp / "slow.db"
    schools = seed(db, framework, "S", [i % 5 for i in range(SLOW_N)])  # areas 1-5 next
    port = start_bot(tmp, "slow-bot", server_env(TOKEN, run.secret, api_url, db), procs)
    load(port, run.key, [command("US000000", "help", base) for _ in range(5)], 1, run.bot_tally)
    area = {t.index: framework.area_ids[t.index % 5] for t in schools}
    message = {t.index: (f"D{t.user[1:]}", f"1700000000.{900000 + t.index}") for t in schools}
    requests = [judgement(framework, t, area[t.index], message[t.index]) for t in schools]
    start = time.monotonic()
    results = load(port, run.key, [*requests, command("US000000", "help", base)], SLOW_N + 1,
                   run.bot_tally)  # fmt: skip
    worst, statuses = max(s for s, _ in results), [s for _, s in results]
    not_found, non_200 = statuses.count(404), sum(1 for s in statuses if s != 200)
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        rows = set(connection.execute("SELECT cycle_id, area_id, evidence FROM judgements"))
    stored = sum((t.cycle, area[t.index], evidence(t, area[t.index])) in rows for t in schools)

    def followed(calls: list) -> int:
        """Judgements whose follow-ups all arrived: their area message updated, then the next
        area (in the person's DM) or the summary and its chart (in the trio channel)."""
        updated = {(c["ch"], c["ts"]) for c in calls if c["m"] == "chat.update" and c["ok"]}
        done = 0
        for t in schools:
            if t.index % 5 < 4:
                after = bool(delivered(calls, "chat.postMessage", {t.user}))
            else:
                after = bool(delivered(calls, "chat.postMessage", {t.trio}, top=True)) and bool(
                    delivered(calls, "files.completeUploadExternal", {t.trio})
                )
            done += message[t.index] in updated and after
        return done

    ok, calls = wait_for(base, 0, lambda calls: followed(calls) == SLOW_N, 150)
    took, followed_up = time.monotonic() - start, followed(calls)
    print(f"\nslow Slack ({SLOW_DELAY:g} s per Web API call), a fresh bot: {SLOW_N} judgements "
          f"and /peer-review help at once: ack max {worst * 1000:.0f} ms (help "
          f"{results[-1][0] * 1000:.0f} ms), non-200 {non_200} (404: {not_found}); {stored}/"
          f"{SLOW_N} stored; follow-ups of {followed_up}/{SLOW_N} delivered {took:.1f} s after"
          f"{'' if ok else ' (gave up waiting)'}")  # fmt: skip
    run.target(f"slow Slack: max ack {worst * 1000:.0f} ms (≤ {MAX_ACK * 1000:.0f} ms), "
               f"{not_found} 404, {non_200} non-200", worst <= MAX_ACK and not non_200)  # fmt: skip
    run.target(f"slow Slack: {stored}/{SLOW_N} judgements stored, follow-ups of {followed_up}/"
               f"{SLOW_N} delivered", stored == SLOW_N and ok)  # fmt: skip


@dataclass
class Run:
    framework: Any
    secret: str
    base: str = ""
    bot: int = 0
    floor: int = 0
    judges: list = field(default_factory=list)
    users: list = field(default_factory=list)
    judged: Iterator = field(default_factory=lambda: iter(()))
    fifths: Iterator = field(default_factory=lambda: iter(()))
    bot_tally: Counter = field(default_factory=Counter)
    floor_tally: Counter = field(default_factory=Counter)
    targets: list = field(default_factory=list)

    @property
    def key(self) -> bytes:
        return self.secret.encode()

    @property
    def last(self) -> str:
        return self.framework.area_ids[4]

    def target(self, text: str, ok: bool) -> None:
        self.targets.append((text, ok))

    def send(self, requests: list, c: int) -> list:
        return load(self.bot, self.key, requests, c, self.bot_tally)

    def make(self, kind: str, n: int) -> list:
        """n requests of a kind; judgements each judge an area not judged before."""
        if kind in ("help", "ratings"):
            return [command(self.users[i % len(self.users)], kind, self.base) for i in range(n)]
        if kind == "home":
            return [home(self.judges[i % len(self.judges)].user) for i in range(n)]
        if kind == "judgement":
            return [judgement(self.framework, *next(self.judged)) for _ in range(n)]
        return [judgement(self.framework, next(self.fifths), self.last) for _ in range(n)]


def main() -> int:
    parser = argparse.ArgumentParser(description="Time to ack under load, against the floor.")
    parser.add_argument("--quick", action="store_true", help="fewer requests (about a third)")
    quick = parser.parse_args().quick
    count = {1: 40, 10: 60, 50: 100} if quick else {1: 150, 10: 150, 50: 200}
    fifths = {1: 20, 10: 30, 50: 50} if quick else {1: 50, 10: 80, 50: 100}
    run = Run(load_builtin(), secrets.token_hex(24))
    tmp = Path(tempfile.mkdtemp(prefix="bench-load-"))
    started = time.monotonic()
    with harness(run.secret, TOKEN) as procs:
        api_url, run.base = start_slack(tmp, 0.0, procs)
        db, areas = tmp / "bench.db", run.framework.area_ids[:4]
        judgements = sum(n * ROUNDS[c] for c, n in count.items())
        run.judges = seed(db, run.framework, "J", [0] * math.ceil((12 + judgements) / 4))
        fifth = sum(n * ROUNDS[c] for c, n in fifths.items())
        fifth_schools = seed(db, run.framework, "F", [4] * (2 + fifth + BURST))
        run.judged = iter([(t, a) for a in areas for t in run.judges])  # each area once
        run.fifths, run.users = iter(fifth_schools), [t.user for t in fifth_schools]
        env = server_env(TOKEN, run.secret, api_url, db)
        run.bot, run.floor = start_bot(tmp, "bot", env, procs), start_floor(tmp, env, procs)
        print(f"bot :{run.bot}, floor :{run.floor}, Slack stand-in {run.base}; "
              f"{os.cpu_count()} CPUs{'; --quick' if quick else ''}")  # fmt: skip
        warm = [*run.make("help", 30), *run.make("ratings", 10), *run.make("home", 10)]
        warm += [*run.make("judgement", 12), *run.make("fifth", 2)]  # the first chart: imports
        load(run.floor, run.key, warm, 4, run.floor_tally)
        run.send(warm, 4)
        measure(run, count, fifths)
        burst(run)
        print(f"stand-in calls: {total(run.base)['counts']}")
        for proc in reversed(procs):  # the bot before its Slack
            proc.stop()
        slow_slack(run, tmp, procs)
    bot_bad, floor_bad = errors(run.bot_tally), errors(run.floor_tally)
    run.target(
        f"errors (non-2xx): bot {bot_bad or 0} of {run.bot_tally.total()}, "
        f"floor {floor_bad or 0} of {run.floor_tally.total()}",
        not bot_bad and not floor_bad,
    )
    report(run.targets, procs, (run.secret, TOKEN))
    print(f"\n(the whole run took {time.monotonic() - started:.0f} s; logs in {tmp})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
