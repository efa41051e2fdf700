"""Memory of all the bot's processes (PSS), at rest after start and steady after work.

The bot runs as an operator runs it, against the Slack Web API stand-in of
bench/standin.py, on a database seeded with schools whose reviews lack only the fifth area
(bench/workload.py). Over HTTP (``peer-review serve --http``: the serving process and the
outbox's delivering process, forked from it) it prints the
PSS of every process and the total at rest after start; then sends 50 fifth judgements at
once (each completes a school's review, so a summary and a radar chart follow from the
outbox) and waits until the stand-in has all 50 summaries and charts; then clicks the Home
tab's export button and waits for the workbook's upload; lets the bot settle (the outbox
quiet for a moment, five seconds more, the total steady over three looks) and prints the
PSS again, with the target (≤ 100 MB in all) ok or OVER.

The measurement is :func:`measure`, given a pair of functions: `start(tmp, env, procs)`
starts the bot and returns its root process and an address, and `send(address, requests)`
sends it Slack's requests, all at once, and returns their statuses (the requests are the
(body, content type) pairs of bench/workload.py; in Socket Mode they go as envelopes down
the websocket of bench/socket_standin.py, and an ack counts as 200). Both transports are
measured at rest and after the same work.

For comparison: the PSS of a bare no-op Bolt app under gunicorn (the floor
of bench/standin.py), and the radar PNG's draw time in this process (p50 of 50 draws of a
3-cycle chart; target ≤ 30 ms). It asserts nothing: it exits 0 unless the harness itself
breaks (2).

Run: .venv/bin/python bench/bench_memory.py
"""

from __future__ import annotations

import secrets
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import memory, socket_standin, standin  # noqa: E402
from bench.bench_load import load  # noqa: E402
from bench.memory import settled, total_kb  # noqa: E402
from bench.standin import HarnessError, Proc  # noqa: E402
from bench.workload import home_button, judgement, seed  # noqa: E402
from bot import ids  # noqa: E402
from rubric.loader import load_builtin  # noqa: E402

TARGET_MB, RADAR_MS = 100, 30
SUMMARIES, DRAWS, SETTLE = 50, 50, 5.0
TOKEN = "xoxb-bench"  # noqa: S105 - the stand-in takes any token

Request = tuple[bytes, str]  # a Slack request's body and content type (bench/workload.py)
Tree = dict[int, tuple[str, int]]  # bench/memory.py: {pid: (name, PSS KiB)}
Start = Callable[[Path, dict[str, str], list[Proc]], tuple[Proc, Any]]  # → (root, address)
Send = Callable[[Any, list[Request]], list[object]]  # (address, requests) → statuses


# -- the transports -----------------------------------------------------------------------


def start_http(tmp: Path, env: dict[str, str], procs: list[Proc]) -> tuple[Proc, Any]:
    port = standin.start_bot(tmp, "bot-http", env, procs)  # once /healthz answers
    return procs[-1], (port, env["SLACK_SIGNING_SECRET"].encode())


def send_http(address: Any, requests: list[Request]) -> list[object]:
    port, key = address
    return [status for _, status in load(port, key, requests, len(requests), Counter())]


def start_socket(tmp: Path, env: dict[str, str], procs: list[Proc]) -> tuple[Proc, Any]:
    """``peer-review serve`` in Socket Mode, connected to a websocket stand-in of its own
    (bench/socket_standin.py), with a Web API stand-in of its own."""
    app = socket_standin.start_bot(tmp, env, procs)
    return procs[-1], app


def send_socket(app: Any, requests: list[Request]) -> list[object]:
    """The requests as envelopes, all in flight at once: 200 for each acked, None if not."""
    acks = app.run([socket_standin.envelope(r) for r in requests], len(requests))
    return [None if ack is None else 200 for ack in acks]


# -- what it prints ------------------------------------------------------------------------


def role(pid: int, root: int, names: dict[int, str], parents: dict[int, int]) -> str:
    """What a process of the tree is. The floor's gunicorn worker is a fork of its master; the
    outbox's delivering process is a fork of the serving process (the same command line, one
    level down) or, started again after it died, spawned by multiprocessing."""
    gunicorn = " floor " in f"{names[root]} "
    depth, up = 0, pid
    while up != root and up in parents:
        depth, up = depth + 1, parents[up]
    if depth == 0:
        return "gunicorn master" if gunicorn else "serving process"
    if gunicorn and depth == 1 and names[pid] == names[root]:
        return "gunicorn worker"
    if names[pid] in (names[root], "multiprocessing spawn"):
        return "outbox delivery"
    return names[pid]


def table(title: str, root: int, columns: list[tuple[str, Tree]]) -> None:
    """One row per process (in any column), its PSS in each, and the peak RSS it reached."""
    pids = list(dict.fromkeys(pid for _, tree in columns for pid in tree))
    names, parents = {pid: tree[pid][0] for _, tree in columns for pid in tree}, memory.parents()
    print(f"\n{title}")
    print(f"  {'process':<38}" + "".join(f"{h:>14}" for h, _ in columns) + f"{'peak RSS':>11}")
    for pid in pids:
        cells = [f"{tree[pid][1] / 1024:11.1f} MB" if pid in tree else f"{'—':>14}"
                 for _, tree in columns]  # fmt: skip
        label = f"{role(pid, root, names, parents)} ({pid})"
        print(f"  {label:<38}" + "".join(cells) + f"{memory.peak_rss_kb(pid) / 1024:8.1f} MB")
    print(f"  {'total PSS':<38}" + "".join(f"{mb(t):11.1f} MB" for _, t in columns))


def mb(tree: Tree) -> float:
    return total_kb(tree) / 1024


# -- the measurement -----------------------------------------------------------------------


def uploaded(calls: list, channels: set[str]) -> set[str]:
    return standin.delivered(calls, "files.completeUploadExternal", channels)


def work(framework: Any, schools: list, send: Send, address: Any, base: str) -> tuple[bool, str]:
    """50 fifth judgements at once, until every summary and chart has arrived; then the
    export button, until its upload has. Whether all went well, and what happened."""
    channels, since = {t.trio for t in schools}, standin.total(base)["total"]
    started = time.monotonic()
    statuses = send(address, [judgement(framework, t, framework.area_ids[4]) for t in schools])

    def followed(calls: list) -> bool:
        summaries = standin.delivered(calls, "chat.postMessage", channels, top=True)
        return len(summaries) == len(uploaded(calls, channels)) == SUMMARIES

    charted, _ = standin.wait_for(base, since, followed, 150)
    took = time.monotonic() - started
    asker, since = schools[0].user, standin.total(base)["total"]
    statuses += send(address, [home_button(asker, ids.ACTION_EXPORT)])
    dm = {"D" + asker[1:]}  # the stand-in's DM channel with the asker
    exported, _ = standin.wait_for(base, since, lambda calls: bool(uploaded(calls, dm)), 60)
    bad = sum(1 for s in statuses if s != 200)
    export = "arrived" if exported else "did NOT arrive"
    said = (
        f"{SUMMARIES} fifth judgements at once: {'all' if charted else 'NOT all'} summaries "
        f"and charts delivered in {took:.1f} s; the export {export}; non-200 answers: {bad}"
    )
    return charted and exported and not bad, said


def measure(
    label: str,
    start: Start,
    send: Send | None,
    *,
    tmp: Path,
    env: dict[str, str],
    base: str,
    procs: list[Proc],
    processes: int,
) -> list[tuple[str, bool]]:
    """Start the bot, measure it at rest; with `send`, make it post 50 summaries with charts
    and an export, and measure it again once settled. The targets, ok or not."""
    framework = load_builtin()
    db = Path(env["PEER_REVIEW_DB"])
    schools = seed(db, framework, db.stem[:1].upper(), [4] * SUMMARIES)  # the fifth area next
    root, address = start(tmp, env, procs)
    base = getattr(address, "base", base)  # a Socket Mode bot has a Web API stand-in of its own
    pid = root.popen.pid
    columns = [("at rest", settled(pid, processes=processes))]
    if root.popen.poll() is not None:
        raise HarnessError(f"{label}: the bot exited ({root.popen.returncode}); see {root.log}")
    targets = [(f"{label}, at rest after start: {mb(columns[0][1]):.1f} MB (≤ {TARGET_MB} MB)",
                mb(columns[0][1]) <= TARGET_MB)]  # fmt: skip
    if send is not None:
        went_well, said = work(framework, schools, send, address, base)
        print(f"\n{label}: {said}")
        standin.quiesce(base)
        time.sleep(SETTLE)
        columns.append(("after work", settled(pid, processes=processes)))
        steady = mb(columns[1][1])
        targets.append((f"{label}, steady after {SUMMARIES} summaries with charts and an "
                        f"export: {steady:.1f} MB (≤ {TARGET_MB} MB)",
                        steady <= TARGET_MB and went_well))  # fmt: skip
    table(f"{label}: PSS", pid, columns)
    return targets


def floor(tmp: Path, env: dict[str, str], procs: list[Proc]) -> Tree:
    """A bare no-op Bolt app under gunicorn, at rest after start."""
    port = standin.start_floor(tmp, env, procs)
    tree = settled(procs[-1].popen.pid, processes=2)
    framework = load_builtin()
    send_http((port, env["SLACK_SIGNING_SECRET"].encode()),
              [judgement(framework, t, framework.area_ids[4])
               for t in seed(Path(env["PEER_REVIEW_DB"]), framework, "Z", [4] * 5)])  # fmt: skip
    after = settled(procs[-1].popen.pid, processes=2)
    table("the floor, a bare Bolt app (bench/standin.py) under gunicorn: PSS", procs[-1].popen.pid,
          [("at rest", tree), ("after work", after)])  # fmt: skip
    procs.pop().stop()
    return after


def radar_ms() -> float:
    """p50 of drawing a 3-cycle radar PNG in this process (after one draw to warm up), with
    malloc set as the delivering process sets it (bot/malloc.py)."""
    from bot.chart import radar_png
    from bot.malloc import big_blocks_unmapped, few_arenas

    big_blocks_unmapped()
    few_arenas()
    framework = load_builtin()
    cycles = [(f"Cycle {n} · 24 Nov 202{n}", {a: (i + n) % 4 + 1 for i, a in
               enumerate(framework.area_ids)}) for n in (1, 2, 3)]  # fmt: skip
    radar_png(framework, cycles, "Hillmead TSA · cycle 3")
    times = []
    for _ in range(DRAWS):
        begin = time.perf_counter()
        radar_png(framework, cycles, "Hillmead TSA · cycle 3")
        times.append(time.perf_counter() - begin)
    return statistics.median(times) * 1000


def main() -> int:
    secret, targets = secrets.token_hex(24), []
    tmp = Path(tempfile.mkdtemp(prefix="bench-memory-"))
    with standin.harness(secret, TOKEN) as procs:
        api_url, base = standin.start_slack(tmp, 0.0, procs)
        env = lambda name: standin.server_env(TOKEN, secret, api_url, tmp / f"{name}.db")  # noqa: E731
        print(f"Slack stand-in {base}; PSS from /proc/PID/smaps_rollup, shared pages once")
        floor_tree = floor(tmp, env("floor"), procs)
        targets += measure("HTTP", start_http, send_http, tmp=tmp, env=env("http"),
                           base=base, procs=procs, processes=3)  # fmt: skip
        procs.pop().stop()
        targets += measure("Socket Mode", start_socket, send_socket, tmp=tmp, env=env("socket"),
                           base=base, procs=procs, processes=2)  # fmt: skip
    draw = radar_ms()
    print(f"\nradar PNG, 3 cycles, in process, malloc set as the outbox sets it: p50 {draw:.1f} "
          f"ms of {DRAWS} draws")  # fmt: skip
    print(f"the floor (bare Bolt, gunicorn) after work: {mb(floor_tree):.1f} MB PSS")
    targets.append((f"radar PNG p50 {draw:.1f} ms (≤ {RADAR_MS} ms)", draw <= RADAR_MS))
    standin.report(targets, procs, (secret, TOKEN))
    print(f"\n(logs in {tmp})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
