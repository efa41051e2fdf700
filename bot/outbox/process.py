"""The outbox worker in a process of its own, at a lower CPU priority than the acks.

The outbox is a table in the SQLite file, so the process that acks Slack's requests and the
one that delivers what follows share nothing but that file. Apart, they never wait on each
other: Python runs one thread at a time per process, and a worker drawing a chart or
rendering a summary in the serving process made every ack queue behind it (the load
benchmark: judgements at 50 at once took 1.7x the floor with the worker beside them, 1.4x
without). The delivering process also runs at a lower CPU priority (`NICE`), so when the
machine is busy the acks go first and the follow-ups a moment later.

- The serving process writes a line down a pipe when it has written effects (``wake``), and
  one naming the person when someone opens the bot's Home tab (``home_opened``): opening it
  changes nothing, so the delivering process writes that effect itself and the ack does
  not wait on a write.
- The delivering process stops when that pipe closes: when the serving process exits or is
  killed, even with kill -9. Effects it had under way are delivered again by the next start
  (looked up first where Slack allows: see bot/outbox/delivery.py).
- It delivers in the gaps between requests: SQLite's write lock is one for both processes,
  and a CPU priority does not reach it (bot/outbox/gaps.py).
- If the delivering process dies, the serving process starts another, after a pause that
  grows while it keeps dying.
- One delivering process per database at a time: it holds a lock on a file beside the
  database, so a restarted bot (or two bots on one file) never deliver the same effect twice.
- It is forked when the serving process starts it with no other thread running (on Linux,
  as ``serve`` does in both transports), so it shares the pages of every module the serving
  process (and gunicorn's master) imported, where a spawned one imports them all again, and
  needs no resource tracker beside it. The memory benchmark (bench/bench_memory.py): all the
  bot's processes over HTTP after 50 charts and an export, 84 MB of PSS instead of 111 MB.
  Once threads run (a restart, the tests) it is spawned, a fresh interpreter, as a fork
  could copy a lock that another thread holds.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import storage
from bot.client import build_client
from bot.malloc import big_blocks_unmapped, few_arenas
from bot.outbox.gaps import UnderWay, gap_waiter
from bot.outbox.worker import Worker, default_backoff
from bot.settings import Settings
from core import effects
from rubric.models import Framework
from storage.store import Store

log = logging.getLogger("peer-review.outbox")

NICE = 10  # how much lower the delivering process's CPU priority is (0: the same)
RESTART_PAUSE = (1.0, 30.0)  # first and longest pause before starting it again
STEADY = 60.0  # seconds alive after which a restart starts again from the first pause


def build_worker(
    settings: Settings,
    store: Store,
    framework: Framework,
    *,
    backoff=default_backoff,
    wait_for_gap: Callable[[], None] | None = None,
) -> Worker:
    """The outbox worker and its Slack client: in the delivering process, or in tests."""
    from bot.outbox.delivery import Delivery  # what delivers (charts, workbooks) loads here

    delivery = Delivery(build_client(settings, retries=0), store, framework)
    worker = Worker(
        store, delivery, on_give_up=delivery.give_up, backoff=backoff, wait_for_gap=wait_for_gap
    )
    delivery.wake = worker.wake
    return worker


WAKE = b"\n"
HOME = b"home "
USER_ID = re.compile(r"[A-Z0-9]{2,32}")


class InProcess:
    """The outbox delivered by threads of the serving process (tests, tools)."""

    def __init__(self, worker: Worker, store: Store):
        self.worker = worker
        self.store = store

    def start(self) -> None:
        self.worker.start()

    def stop(self) -> None:
        self.worker.stop()

    def wake(self) -> None:
        self.worker.wake()

    def serving(self) -> AbstractContextManager[None]:
        return nullcontext()

    def home_opened(self, user_id: str) -> None:
        with self.store.connect() as db:
            effects.home(db, user_id)
        self.worker.wake()


class DeliveryProcess:
    """Runs the outbox worker in a child process and keeps it running."""

    def __init__(
        self,
        settings: Settings,
        db_path: str | Path,
        framework: Framework,
        *,
        nice: int = NICE,
        pause: tuple[float, float] = RESTART_PAUSE,
    ):
        self.settings = settings
        self.db_path = str(db_path)
        self.framework = framework
        self.nice = nice
        self.pause = pause
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._process: Any = None
        self._bell: Connection | None = None
        self._watcher: threading.Thread | None = None
        self._under_way = UnderWay(multiprocessing.get_context("spawn"))

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def start(self) -> None:
        atexit.register(self.stop)  # runs before multiprocessing's own exit handler
        self._spawn()
        self._watcher = threading.Thread(target=self._watch, name="outbox-watch", daemon=True)
        self._watcher.start()

    def wake(self) -> None:
        """New effects were written: look at the outbox now."""
        self._send(WAKE)

    def serving(self) -> AbstractContextManager[None]:
        """Around each request: the delivering process waits for a gap between them."""
        return self._under_way.request()

    def home_opened(self, user_id: str) -> None:
        """Publish this person's Home tab (dropped, and logged, if the pipe is full)."""
        if USER_ID.fullmatch(user_id) is None:
            log.warning("not a Slack user id, so no Home tab: %r", user_id[:40])
            return
        if not self._send(HOME + user_id.encode() + WAKE):
            log.warning("the outbox is too busy to refresh the Home tab of %s", user_id)

    def _send(self, line: bytes) -> bool:
        """One line down the pipe (a write this short is never split); False if it is full."""
        with self._lock:  # held while writing: the pipe is never closed under our feet
            if self._bell is None:
                return True  # stopped, or being restarted: a new process looks when it starts
            try:
                os.write(self._bell.fileno(), line)
            except BlockingIOError:
                return line == WAKE  # a full pipe is full of wakes too
            except OSError:
                pass  # the process has gone: the watcher starts another
            return True

    def stop(self, timeout: float = 15.0) -> None:
        """Close the pipe: the process finishes what it has under way, then exits."""
        atexit.unregister(self.stop)
        self._stopping.set()
        with self._lock:
            process, bell, self._bell = self._process, self._bell, None
            if bell is not None:
                bell.close()
        if process is not None:
            process.join(timeout)
            if process.is_alive():
                process.terminate()
                process.join(5)

    def _spawn(self) -> None:
        method = start_method()
        context = multiprocessing.get_context(method)
        reader, bell = context.Pipe(duplex=False)
        shared = self._under_way.shared
        args = (self.settings, self.db_path, self.framework, reader, self.nice, shared)
        process = context.Process(
            target=_forked if method == "fork" else deliver_until_closed,
            args=(bell, *args) if method == "fork" else args,
            name="peer-review-outbox",
            daemon=True,  # ended (gracefully: SIGTERM) if the serving process exits first
        )
        process.start()
        reader.close()
        os.set_blocking(bell.fileno(), False)
        with self._lock:
            self._process, self._bell = process, bell
            if not self._stopping.is_set():
                return
            self._bell = None
            bell.close()  # stopped while it was starting: it exits at once

    def _watch(self) -> None:
        pause = self.pause[0]
        while not self._stopping.is_set():
            process, started = self._process, time.monotonic()
            process.join()
            if self._stopping.is_set():
                return
            alive, code = time.monotonic() - started, process.exitcode
            pause = self.pause[0] if alive > STEADY else pause
            if self._stopping.wait(pause):
                return  # the bot is stopping too (a signal to the whole group, say)
            log.log(
                logging.WARNING if code in (0, None) else logging.ERROR,
                "the outbox process stopped (exit code %s); starting it again",
                code,
            )
            with self._lock:
                if self._bell is not None:
                    self._bell.close()
                    self._bell = None
            self._spawn()
            pause = min(self.pause[1], pause * 2)


def start_method(threads: int | None = None, platform: str = sys.platform) -> str:
    """How to start the delivering process: "fork" on Linux while this process runs one
    thread, else "spawn"."""
    if threads is None:
        try:
            threads = len(os.listdir("/proc/self/task"))  # the C libraries' threads too
        except OSError:
            threads = threading.active_count()
    return "fork" if platform == "linux" and threads == 1 else "spawn"


def _forked(bell: Connection, *args: Any) -> None:  # pragma: no cover - in the child
    """The delivering process, forked: without the serving process's end of the pipe (held
    here, it would never close) or its signal handlers (gunicorn's worker's)."""
    bell.close()
    for number in signal.valid_signals():
        if callable(signal.getsignal(number)):
            signal.signal(number, signal.SIG_DFL)
    deliver_until_closed(*args)


def deliver_until_closed(
    settings: Settings,
    db_path: str,
    framework: Framework,
    reader: Connection,
    nice: int,
    under_way: Any,
) -> None:  # pragma: no cover - runs in the child process (tests/bot/outbox/test_process.py)
    """The delivering process: deliver the outbox until the serving process goes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C: the serving process's exit ends us
    signal.signal(signal.SIGTERM, _exit)
    if nice:
        os.nice(nice)
    big_blocks_unmapped()  # the charts' canvases go back to the system when drawn
    few_arenas()  # inherited when forked; spawned, it starts its threads below
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    with only_deliverer(Path(db_path)):
        store = Store(db_path)
        wait_for_gap = gap_waiter(under_way)
        worker = build_worker(settings, store, framework, wait_for_gap=wait_for_gap)
        worker.start()
        try:
            listen(reader.fileno(), store, worker.wake, wait_for_gap)
        finally:
            worker.stop()


def listen(
    fd: int, store: Store, wake: Callable[[], None], wait_for_gap: Callable[[], None] = lambda: None
) -> None:
    """Read the pipe until it closes: write the Home tab effects asked for, and wake."""
    pending = b""
    while chunk := os.read(fd, 65536):
        *lines, pending = (pending + chunk).split(WAKE)
        users = dict.fromkeys(
            line[len(HOME) :].decode("ascii", "replace") for line in lines if line.startswith(HOME)
        )
        if users:
            wait_for_gap()
            with store.connect() as db, storage.transaction(db):
                for user_id in users:
                    if USER_ID.fullmatch(user_id):
                        effects.home(db, user_id)
        wake()


def _exit(signum: int, frame: object) -> None:  # pragma: no cover - in the child
    raise SystemExit(0)


@contextmanager
def only_deliverer(db_path: Path, *, waited: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the lock beside the database that says "this process delivers its outbox"."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: Socket Mode only, one bot per file
        yield
        return
    path = db_path.with_name(db_path.name + ".outbox-lock")
    with open(path, "a+b") as held:
        try:
            fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.warning("another process is delivering this database's outbox; waiting for it")
            if waited is not None:
                waited()
            fcntl.flock(held, fcntl.LOCK_EX)
        yield
