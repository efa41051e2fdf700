"""Speed and memory of the foundation, printed as figures (no asserts).

Targets (what a school leader would feel): loading the framework well under 100 ms; recording
a judgement (one transaction, with history) and reading a school's ratings well under 10 ms
each on a file database, so a listener acks and answers inside Slack's 3 seconds with room to
spare; memory for 200 schools x 4 cycles small enough for the smallest host.

Run: .venv/bin/python bench/bench_storage.py
"""

from __future__ import annotations

import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

import storage
from core import standing
from rubric.diagnostic import diagnose
from rubric.loader import load_builtin, load_framework
from storage.store import Store

SCHOOLS = 200
CYCLES = 4


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def report(name: str, samples: list[float], target_ms: float) -> None:
    p50 = statistics.median(samples)
    p95 = sorted(samples)[int(len(samples) * 0.95) - 1]
    verdict = "ok" if p95 <= target_ms else "OVER TARGET"
    print(f"{name:<44} p50 {p50:8.3f} ms  p95 {p95:8.3f} ms  target {target_ms:g} ms  {verdict}")


def main() -> None:
    yaml_path = Path(__file__).resolve().parents[1] / "rubric/frameworks/east-midlands-2017.yaml"
    report("load + validate framework YAML", timed(lambda: load_framework(yaml_path), 30), 100)
    framework = load_builtin()
    scores = dict.fromkeys(framework.area_ids, 3)
    report("diagnose five scores", timed(lambda: diagnose(framework, scores), 2000), 1)

    tracemalloc.start()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        record_times: list[float] = []
        with store.connect() as db:
            for n in range(SCHOOLS):
                school = storage.create_school(db, f"School {n}", f"U{n}")
                for c in range(CYCLES):
                    cycle = storage.start_cycle(db, school.id, framework, f"U{n}")
                    for i, area_id in enumerate(framework.area_ids):
                        start = time.perf_counter()
                        storage.record_judgement(
                            db,
                            cycle.id,
                            area_id,
                            1 + (i + c) % 4,
                            evidence="e" * 1500,
                            key_actions="k" * 500,
                            recorded_by=f"U{n}",
                            framework=framework,
                        )
                        record_times.append((time.perf_counter() - start) * 1000)
                    if c < CYCLES - 1:
                        storage.close_cycle(db, cycle.id)
        report("record_judgement (file db, WAL)", record_times, 10)

        def ratings() -> None:
            with store.connect() as db:
                standing.of_school(db, framework, SCHOOLS // 2)

        report("connect + one school's standing", timed(ratings, 500), 10)
        size = (Path(tmp) / "bench.db").stat().st_size
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    judgements = SCHOOLS * CYCLES * len(framework.area_ids)
    print(f"{'database size':<44} {size / 1e6:8.2f} MB for {judgements} judgements")
    print(f"{'python memory peak (tracemalloc)':<44} {peak / 1e6:8.2f} MB  target 100 MB")


if __name__ == "__main__":
    main()
