"""Time to ack and total handling time through a real Bolt App, against the local stand-in.

Targets: Slack wants an ack within 3 seconds. With process_before_response=False (production)
the ack is sent before slow work, so the time-to-ack for the fifth judgement (which also posts
the summary and draws and uploads the chart) should stay far below 3,000 ms.

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

from pydantic import SecretStr

from bot.app import create_app
from bot.chart import radar_png
from bot.settings import Settings
from rubric.loader import load_builtin
from storage.store import Store
from tests.bot.conftest import Workspace, judgement_values, setup_values
from tests.slack_stub import running_stub

ROUNDS = 15


def ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def line(name: str, samples: list[float], target: float) -> None:
    p50, worst = statistics.median(samples), max(samples)
    verdict = "ok" if worst <= target else "OVER TARGET"
    print(f"{name:<52} p50 {p50:8.1f} ms  max {worst:8.1f} ms  target {target:g} ms  {verdict}")


def main() -> None:
    framework = load_builtin()
    start = time.perf_counter()
    radar_png(framework, [("Cycle 1", dict.fromkeys(framework.area_ids, 3))], "warm-up")
    print(f"{'first chart (imports matplotlib)':<52} {ms(start):8.1f} ms")
    line("radar chart PNG", [_chart(framework) for _ in range(10)], 1000)

    acks, fifth, totals, starts = [], [], [], []
    tracemalloc.start()
    with running_stub() as slack, tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            slack_bot_token=SecretStr("xoxb-bench"), slack_api_url=slack.api_url, _env_file=None
        )
        store = Store(Path(tmp) / "bench.db")
        apps = {
            mode: create_app(
                settings,
                store,
                framework,
                process_before_response=mode == "sync",
                token_verification_enabled=False,
            )
            for mode in ("sync", "production")
        }
        sync, production = Workspace(apps["sync"], slack), Workspace(apps["production"], slack)
        for n in range(ROUNDS):
            user = f"U{n}"
            sync.command(user, "setup")
            sync.submit(user, sync.last_view(), setup_values(f"School {n}", channel=f"C{n}"))
            t = time.perf_counter()
            sync.command(user, "start")
            starts.append(ms(t))
            for i, level in enumerate((3, 2, 4, 3, 2)):
                sync.click(user, sync.last_post(), f"pr_choose_level_{level}")
                view = sync.last_view()
                values = judgement_values(level, "e" * 2000)
                t = time.perf_counter()
                if i < 4 or n % 2 == 0:
                    sync.submit(user, view, values)
                    (fifth if i == 4 else totals).append(ms(t))
                else:  # the fifth judgement, acked the production way
                    production.submit(user, view, values)
                    acks.append(ms(t))
                    time.sleep(0.5)  # let the summary and chart finish in the background
    _, peak = tracemalloc.get_traced_memory()
    line("/peer-review start (ack + first area)", starts, 3000)
    line("judgement 1-4: total (store, update, next area)", totals, 3000)
    line("judgement 5: total incl. summary + chart upload", fifth, 10000)
    line("judgement 5: time to ack in production mode", acks, 3000)
    print(f"{'python memory peak (tracemalloc)':<52} {peak / 1e6:8.1f} MB")


def _chart(framework) -> float:
    t = time.perf_counter()
    radar_png(framework, [("Cycle 1", dict.fromkeys(framework.area_ids, 3))], "bench")
    return ms(t)


if __name__ == "__main__":
    main()
