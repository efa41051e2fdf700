"""One school's walk through a real Bolt App, in process, against the local stand-in.

It prints, per step, the time until the listener returns (the ack: validate, write to
SQLite, enqueue) and the time to deliver what follows from the outbox (the next area, the
summary, the radar chart), and the radar chart on its own. The load benchmark under the
real server, with a floor measured in the same run, is ``bench/bench_load.py``.

Run: .venv/bin/python bench/bench_slack.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.chart import radar_png
from rubric.loader import load_builtin
from storage.store import Store
from tests.bot.workspace import Workspace, judgement_values, make_bot, setup_values
from tests.slack_stub import running_stub

ROUNDS = 15


def ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def line(name: str, samples: list[float]) -> None:
    p50, worst = statistics.median(samples), max(samples)
    print(f"{name:<56} p50 {p50:8.2f} ms  max {worst:8.2f} ms")


def main() -> None:
    framework = load_builtin()
    start = time.perf_counter()
    radar_png(framework, [("Cycle 1", dict.fromkeys(framework.area_ids, 3))], "warm-up")
    print(f"{'first chart (imports Pillow)':<56} {ms(start):8.1f} ms")
    line("radar chart PNG", [_chart(framework) for _ in range(10)])

    acks: dict[str, list[float]] = {"start": [], "judgement 1-4": [], "judgement 5": []}
    follow: dict[str, list[float]] = {"judgement 1-4": [], "judgement 5": []}
    tracemalloc.start()
    with running_stub() as slack, tempfile.TemporaryDirectory() as tmp:
        bot = make_bot(slack, Store(Path(tmp) / "bench.db"), framework)
        ws = Workspace(bot, slack)
        for n in range(ROUNDS):
            user = f"U{n}"
            ws.command(user, "setup")
            ws.submit(user, ws.last_view(), setup_values(f"School {n}", channel=f"C{n}"))
            ws.deliver = False
            t = time.perf_counter()
            ws.command(user, "start")
            acks["start"].append(ms(t))
            bot.worker.drain()
            for i, level in enumerate((3, 2, 4, 3, 2)):
                ws.click(user, ws.last_area(), f"pr_choose_level_{level}")
                view = ws.last_view()
                kind = "judgement 5" if i == 4 else "judgement 1-4"
                t = time.perf_counter()
                ws.submit(user, view, judgement_values(level, "e" * 2000))
                acks[kind].append(ms(t))
                t = time.perf_counter()
                bot.worker.drain()
                follow[kind].append(ms(t))
            ws.deliver = True
    _, peak = tracemalloc.get_traced_memory()
    for kind, samples in acks.items():
        line(f"{kind}: until the ack", samples)
    for kind, samples in follow.items():
        line(f"{kind}: delivering what follows (outbox)", samples)
    print(f"{'python memory peak (tracemalloc)':<56} {peak / 1e6:8.1f} MB")


def _chart(framework) -> float:
    t = time.perf_counter()
    radar_png(framework, [("Cycle 1", dict.fromkeys(framework.area_ids, 3))], "bench")
    return ms(t)


if __name__ == "__main__":
    main()
