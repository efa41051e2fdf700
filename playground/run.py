"""The ``peer-review demo`` command: checks, the address printed, then until Ctrl+C."""

from __future__ import annotations

import logging
import os
import signal
import threading
from pathlib import Path

from playground.demo import is_fresh, playground, workspace_file

REAL_DB = "PEER_REVIEW_DB"


def run_demo(db_path: Path, *, port: int, reset: bool, empty: bool) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    real = os.environ.get(REAL_DB)
    if real and Path(real).resolve() == db_path.resolve():
        print(f"peer-review demo: {db_path} is the real database ({REAL_DB}).")
        print("Choose another with --db: the demo never touches the real one.")
        return 2
    if reset:  # without its workspace, the demo is built anew, database and all
        workspace_file(db_path).unlink(missing_ok=True)
    if is_fresh(db_path):
        print("Building the demo alliance (a few seconds)…" if not empty else "A blank workspace…")
    stop = threading.Event()
    for stopping in (signal.SIGINT, signal.SIGTERM):  # Ctrl+C, or told to by a supervisor
        signal.signal(stopping, lambda *_: stop.set())
    try:
        with playground(db_path, port=port, empty=empty) as url:
            print(f"peer-review playground: {url}/")
            print("The real bot against a local Slack: nothing leaves this machine.")
            print("Ctrl+C stops it.", flush=True)
            stop.wait()
    except OSError as error:
        print(f"peer-review demo: cannot serve on port {port} ({error.strerror}).")
        print("Try --port 0 for any free port.")
        return 2
    print(f"Stopped. The demo is kept in {db_path}; --reset starts it again.")
    return 0
