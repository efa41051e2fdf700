"""Jobs that repeat: the hourly reminder check and the purge, on one daemon thread.

Each job runs at its interval, one job at a time; runs missed while another ran (or the
machine slept) are run once, not caught up one by one. A job that fails is logged and runs
again at its next time. (APScheduler did this for two jobs and took 40-50 ms of every start
to import.)
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger("peer-review.repeating")


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[], object]
    every: float  # seconds


class Repeating:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.jobs: dict[str, Job] = {}
        self._due: dict[str, float] = {}
        self._clock = clock
        self._changed = threading.Condition()
        self._stopped = False
        self._thread: threading.Thread | None = None

    def add(self, name: str, run: Callable[[], object], every: float, first: float | None = None):
        """Run `run()` every `every` seconds; first after `first` seconds (`every` if None)."""
        if every <= 0:
            raise ValueError("a job repeats after a positive number of seconds")
        with self._changed:
            self.jobs[name] = Job(name, run, every)
            self._due[name] = self._clock() + (every if first is None else first)
            self._changed.notify()

    def start(self) -> Repeating:
        self._thread = threading.Thread(target=self._loop, name="repeating", daemon=True)
        self._thread.start()
        return self

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def shutdown(self, timeout: float = 5.0) -> None:
        with self._changed:
            self._stopped = True
            self._changed.notify()
        if self._thread is not None:
            self._thread.join(timeout)

    def run_due(self) -> list[str]:
        """Run every job whose time has come; their names. (The thread's one step.)"""
        with self._changed:
            now = self._clock()
            due = [self.jobs[name] for name, at in self._due.items() if at <= now]
        for job in due:
            try:
                job.run()
            except Exception:  # the thread outlives a failed run; the job runs next time
                log.exception("the %s job failed; it runs again in %.0f s", job.name, job.every)
            with self._changed:
                self._due[job.name] = self._clock() + job.every
        return [job.name for job in due]

    def _loop(self) -> None:
        while True:
            self.run_due()
            with self._changed:
                if self._stopped:
                    return
                wait = min(self._due.values(), default=self._clock() + 3600) - self._clock()
                if wait > 0:
                    self._changed.wait(wait)
                if self._stopped:
                    return
