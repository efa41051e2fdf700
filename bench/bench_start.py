"""Start-up: from spawning the server to the first answered request, and ``--help``.

Spawns ``peer-review serve --http`` (as an operator runs it, against a seeded SQLite file
and the Web API stand-in), then sends a signed ``/peer-review help`` every millisecond
until one is answered 200: the time from the spawn to that answer. The floor is a bare Bolt
app under gunicorn (bench/standin.py), measured the same way in the same
run, ``python -c pass`` shows the interpreter's own start, and a second floor imports the
libraries the design card names (slack-bolt, pydantic with one model built, sqlite-utils,
pyyaml, click) and does nothing else. Then ``peer-review --help``.
Each is started several times; the median and the fastest are printed, with the targets.
The project's modules are compiled to bytecode first, as pip does for an installed package
(and Python on a first run, unless PYTHONDONTWRITEBYTECODE is set): compiling them from
source at every start would add about 50 ms that no installed bot pays.

Run: .venv/bin/python bench/bench_start.py [--runs N]
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import standin  # noqa: E402
from bench.bench_load import send  # noqa: E402
from bench.standin import HarnessError, free_port, spawn  # noqa: E402
from bench.workload import command, seed  # noqa: E402
from rubric.loader import load_builtin  # noqa: E402

START_TARGET, HELP_TARGET = 0.200, 0.100
LIBRARIES = (  # importing pydantic builds nothing: its machinery loads with the first model
    "import click, yaml, sqlite_utils, slack_bolt, pydantic\n"
    "class M(pydantic.BaseModel):\n    x: int = 0"
)
KINDS = ("bot", "floor", "python", "libs", "help")
TOKEN = "xoxb-bench"  # noqa: S105 - the stand-in takes any token


def first_answer(name: str, argv: list[str], tmp: Path, env: dict, secret: str, base: str) -> float:
    """Seconds from spawning `argv` (which serves on the port it is given) to its first 200."""
    port = free_port()
    body = command("UJ000000", "help", base)
    started = time.perf_counter()
    proc = spawn(name, [*argv, "--port", str(port)], tmp, env)
    try:
        while time.perf_counter() - started < 20:
            _, status = send(port, secret.encode(), *body)
            if status == 200:
                return time.perf_counter() - started
            if proc.popen.poll() is not None:
                break
            time.sleep(0.001)
        raise HarnessError(f"{name} never answered: {proc.log.read_text(errors='replace')[-800:]}")
    finally:
        proc.stop()


def timed(argv: list[str], env: dict | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(argv, env=env, check=True, capture_output=True)  # noqa: S603 - our own
    return time.perf_counter() - started


def line(label: str, seconds: list[float], target: float | None = None) -> bool:
    median, best = statistics.median(seconds), min(seconds)
    verdict = "" if target is None else ("  ok" if median <= target else "  OVER")
    limit = "" if target is None else f" (target ≤ {target * 1000:.0f} ms)"
    print(f"  {label:<44} median {median * 1000:6.0f} ms, fastest {best * 1000:6.0f}{limit}"
          f"{verdict}")  # fmt: skip
    return target is None or median <= target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    tmp = Path(tempfile.mkdtemp(prefix="bench-start-"))
    packages = [str(ROOT / name) for name in ("bot", "core", "storage", "rubric", "reports")]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *packages], check=True)  # noqa: S603
    secret = secrets.token_hex(24)
    with standin.harness(secret) as procs:
        api_url, base = standin.start_slack(tmp, 0.0, procs)
        db = tmp / "start.db"
        seed(db, load_builtin(), "J", [2] * 80)
        env = standin.server_env(TOKEN, secret, api_url, db)
        bot = [str(standin.CLI), "serve", "--http", "--host", "127.0.0.1"]
        floor = [sys.executable, str(standin.HERE), "floor", f"--api-url={api_url}"]
        results: dict[str, list[float]] = {k: [] for k in KINDS}
        for _ in range(runs):  # interleaved, so that neither gains from when it ran
            results["bot"].append(first_answer("bot", bot, tmp, env, secret, base))
            results["floor"].append(first_answer("floor", floor, tmp, env, secret, base))
            results["python"].append(timed([sys.executable, "-c", "pass"]))
            results["libs"].append(timed([sys.executable, "-c", LIBRARIES]))
            results["help"].append(timed([str(standin.CLI), "--help"], env))
    print(f"start-up, {runs} runs each (spawn to the first answered /peer-review help):")
    ok = line("peer-review serve --http", results["bot"], START_TARGET)
    line("floor: bare Bolt app under gunicorn", results["floor"])
    line("python -c pass", results["python"])
    line("the design card's libraries, imported", results["libs"])
    ok &= line("peer-review --help", results["help"], HELP_TARGET)
    ratio = statistics.median(results["bot"]) / statistics.median(results["floor"])
    own = statistics.median(results["bot"]) - statistics.median(results["libs"])
    print(f"  bot / floor: {ratio:.2f}x; the bot beyond its libraries: {own * 1000:.0f} ms")
    print(f"TARGETS {'ok' if ok else 'OVER'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
