"""Is the bot as quick with 20,000 schools as with 80? Time to ack at 80, 2,000 and 20,000
schools, against a bare Bolt app (the floor), with SQL statements per request.

Each size is a database of that many schools (each with a member, in trios, three review
cycles: two finished with every area judged, challenged and agreed, one in progress), built
once with bulk inserts into the project's own schema and cached under bench/.cache/
(bench/scale_data.py; rebuilt when the migrations or the seeder change).

First, in process, on a copy of each (bench/scale_inprocess.py): every kind of request
through ``Bot.dispatch`` with the SQL statements it runs counted, the Home tab the outbox
builds, the partner search, and the hourly reminder sweep at the seeded data's present.
Then over HTTP: the three bots (``peer-review serve --http``, each on a copy of its
database), a fourth on another copy of the 80-school one (the noise: two bots that should be
the same) and the floor (bench/standin.py) at once, against one Slack stand-in, each kind
at concurrency 1 and 10, the floor and the bots taking turns in rotating order, so that
none gains from when it ran: /peer-review ratings asked by a member, app_home_opened,
a judgement changed, /peer-review setup (the form opens) and the setup form's partner
picker asking for the schools whose name holds what was typed.

It prints, per kind and size: p50/p99/max ack and the floor's, the ratio to the floor, the
ratio of the p50 to the 80-school figure (target ≤ 1.10 for ratings, Home, judgement and
setup), SQL statements per request, the bots' memory (PSS); then the sweep (target ≤ 20 ms
at 20,000 schools) and the TARGETS, ok or OVER. It asserts nothing: it exits 0 unless the
harness itself breaks (2).

Run: .venv/bin/python bench/bench_scale.py [--quick]
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import standin  # noqa: E402
from bench.bench_load import errors, load, stats  # noqa: E402
from bench.scale_data import SIZES, Requests, cached  # noqa: E402
from bench.scale_inprocess import Figures, measure  # noqa: E402
from rubric.loader import load_builtin  # noqa: E402
from tests.scale import copy_of  # noqa: E402

FLAT = ("ratings", "home", "judgement", "setup")  # each within 10% of its 80-school figure
FLAT_RATIO, SWEEP_MS, LEVELS, PAUSE = 1.10, 20.0, (1, 10), 0.02
AGAIN = "80 again"  # a second bot on its own copy of the 80-school database: the noise
BOTS: tuple[object, ...] = (SIZES[0], AGAIN, *SIZES[1:])
TOKEN = "xoxb-bench"  # noqa: S105 - the stand-in takes any token


def pss_kb(pid: int) -> int:
    """The proportional set size of a process and all its descendants, in kB."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        try:
            lines = Path(f"/proc/{current}/smaps_rollup").read_text().splitlines()
        except OSError:
            continue
        total += sum(int(line.split()[1]) for line in lines if line.startswith("Pss:"))
    return total


class Run:
    def __init__(self, framework, secret: str, tmp: Path):
        self.framework, self.secret, self.tmp = framework, secret, tmp
        self.key = secret.encode()
        self.procs: list[standin.Proc] = []
        self.bots: dict[object, int] = {}  # size (or AGAIN) -> port
        self.pids: dict[object, int] = {}
        self.floor = 0
        self.requests: dict[int, Requests] = {}
        self.tally: dict[object, Counter] = {}
        self.targets: list[tuple[str, bool]] = []

    def target(self, text: str, ok: bool) -> None:
        self.targets.append((text, ok))

    def send(self, who: object, requests: list, c: int) -> list:
        port = self.floor if who == "floor" else self.bots[who]  # type: ignore[index]
        return load(port, self.key, requests, c, self.tally.setdefault(who, Counter()))

    def start(self, databases: dict[int, Path]) -> None:
        api_url, base = standin.start_slack(self.tmp, 0.0, self.procs)
        self.base = base
        for who, path in [*databases.items(), (AGAIN, databases[SIZES[0]])]:
            copy = copy_of(path, self.tmp / str(who).replace(" ", "-"))
            env = standin.server_env(TOKEN, self.secret, api_url, copy)
            self.bots[who] = standin.start_bot(self.tmp, f"bot-{who}", env, self.procs)
            self.pids[who] = self.procs[-1].popen.pid
        self.requests = {size: Requests(size, self.framework, base) for size in databases}
        self.floor = standin.start_floor(self.tmp, env, self.procs)

    def rounds(self, kind: str, c: int, n: int) -> dict[object, list]:
        """n requests of `kind` to the floor and to each bot, taking turns in rotating order:
        at c=1 one request a turn, a pause after each for what follows it (a Home tab, a
        modal) to be done; at c=10 ten a turn, once the stand-in has been quiet a while."""
        made: dict[object, list] = {size: self.requests[size].make(kind, n) for size in SIZES}
        made["floor"] = made[AGAIN] = made[SIZES[0]]  # each bot has a database of its own
        order: list[object] = ["floor", *BOTS]
        results: dict[object, list] = {who: [] for who in order}
        step = c
        for turn, start in enumerate(range(0, n, step)):
            for who in order[turn % len(order) :] + order[: turn % len(order)]:
                if c > 1:
                    standin.quiesce(self.base, quiet=0.2)
                results[who] += self.send(who, made[who][start : start + step], c)
                if c == 1:
                    time.sleep(PAUSE)
        return results


def ms(values: tuple[float, float, float]) -> str:
    return "{:7.1f} {:7.1f} {:7.1f}".format(*(v * 1000 for v in values))


def table(run: Run, inproc: dict[int, Figures], n: dict[int, int]) -> None:
    print(f"\n{'ms to ack':<23} {'n':>4} | floor p50     p99     max |   bot p50     p99     max"
          f" | ×floor | ×80 p50 | SQL/req | in-proc p50")  # fmt: skip
    for kind in Requests.KINDS:
        for c in LEVELS:
            results = run.rounds(kind, c, n[c])
            floor = stats(results["floor"])
            first = stats(results[SIZES[0]])[0]
            for size in BOTS:
                bot = stats(results[size])
                ratio, figures = bot[0] / first, inproc[SIZES[0] if size == AGAIN else size]
                bad = sum(1 for _, s in results[size] if s != 200)
                label = f"{kind} c={c} {size:,}" if size != AGAIN else f"{kind} c={c} {size}"
                bad_text = f"  non-200: {bad}" if bad else ""
                print(f"{label:<23} {len(results[size]):>4} | {ms(floor)} | {ms(bot)} | "
                      f"{bot[0] / floor[0]:6.2f} | {ratio:7.2f} | {figures.count(kind):>7} | "
                      f"{figures.p50(kind):8.2f} ms{bad_text}")  # fmt: skip
                if kind in FLAT and size not in (SIZES[0], AGAIN):
                    run.target(f"{kind} c={c} at {size:,} schools: p50 {ratio:.2f}x the 80-school "
                               f"figure (≤ {FLAT_RATIO})", ratio <= FLAT_RATIO)  # fmt: skip

    print(f"({AGAIN}: a second bot on a copy of the 80-school database, measured alike: how far"
          " two bots that\n should be the same differ here. p99 is the nearest rank.)")  # fmt: skip


def reads(inproc: dict[int, Figures]) -> None:
    print(f"\n{'in process':<26} " + " | ".join(f"{s:>7,} schools: p50 ms  SQL" for s in SIZES))
    labels = {"home tab": "Home tab (built by outbox)", "search": "partner search",
              "sweep": "reminder sweep (find due)",
              "lead's home": "lead's Home, 80 schools"}  # fmt: skip
    for kind, label in labels.items():
        cells = [f"{inproc[s].p50(kind):22.2f} {inproc[s].count(kind):>5}" for s in SIZES]
        print(f"{label:<26} " + " | ".join(cells))
    ratios = [inproc[s].p50("lead's home") / inproc[s].p50("home tab") for s in SIZES]
    label = "lead's Home ÷ Home tab"
    print(f"{label:<26} " + " | ".join(f"{r:>28.1f}x" for r in ratios))
    due = [f"{inproc[s].due:>6} due, sent in {inproc[s].sent_ms:6.1f} ms" for s in SIZES]
    print(f"{'hourly check at NOW':<26} " + " | ".join(f"{d:>32}" for d in due))
    print(
        "(The sweep's SQL is one query, then one a reminder due: who to remind. The hourly check"
        " queues each\n reminder in a durable transaction of its own. The partner search reads"
        " every name, by design:\n what was typed may be anywhere in one.)"
    )


def kinds_flat(run: Run, inproc: dict[int, Figures]) -> None:
    for kind in [*Requests.KINDS, "home tab", "search"]:
        counts = [inproc[s].count(kind) for s in SIZES]
        run.target(f"{kind}: SQL statements per request the same at every size "
                   f"({' / '.join(counts)})", len(set(counts)) == 1)  # fmt: skip
    sweep = inproc[SIZES[-1]].p50("sweep")
    run.target(f"reminder sweep at {SIZES[-1]:,} schools: {sweep:.2f} ms (≤ {SWEEP_MS:g} ms)",
               sweep <= SWEEP_MS)  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description="Time to ack at 80, 2,000 and 20,000 schools.")
    parser.add_argument("--quick", action="store_true", help="fewer requests (about a third)")
    quick = parser.parse_args().quick
    n = {1: 60, 10: 60} if quick else {1: 300, 10: 300}
    framework, started = load_builtin(), time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    run = Run(framework, secrets.token_hex(24), tmp)
    with standin.harness(run.secret, TOKEN) as run.procs:
        databases = {}
        for size in SIZES:
            databases[size], took = cached(size, framework)
            how = "cached" if took is None else f"built in {took:.1f} s"
            print(f"{size:>6,} schools: {databases[size].name} ({how})")
        copies = {size: copy_of(path, tmp / "in-process") for size, path in databases.items()}
        inproc = measure(copies, framework, n[1] // 2)
        shutil.rmtree(tmp / "in-process")
        run.start(databases)
        print(f"bots :{', :'.join(str(p) for p in run.bots.values())}, floor :{run.floor}; "
              f"{os.cpu_count()} CPUs{'; --quick' if quick else ''}")  # fmt: skip
        for kind in Requests.KINDS:  # warm up: imports, caches, the first of each
            run.rounds(kind, 2, 12)
        table(run, inproc, n)
        memory = {size: pss_kb(run.pids[size]) for size in SIZES}
        each = ", ".join(f"{s:,} schools {kb / 1024:.0f} MB" for s, kb in memory.items())
        print(f"\nmemory (PSS of each bot's processes): {each}")
        reads(inproc)
        kinds_flat(run, inproc)
    bad = {str(who): errors(t) for who, t in run.tally.items() if errors(t)}
    run.target(f"errors (non-2xx): {bad or 'none'}", not bad)
    standin.report(run.targets, run.procs, (run.secret, TOKEN))
    print(f"\n(the whole run took {time.monotonic() - started:.0f} s; logs in {tmp})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
