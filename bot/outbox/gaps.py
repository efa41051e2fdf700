"""Follow-ups in the gaps between requests.

The delivering process runs at a lower CPU priority, but a CPU priority does not reach
SQLite's write lock: a delivering thread that takes the lock and is then put aside for the
busier serving process holds up every write of the serving process until it runs again
(the load benchmark: waits of 5-13 ms, with the listeners taking one request at a time, so
every request behind waited as long). So the serving process counts the requests it has
under way, in memory the two processes share, and the delivering process waits for a
moment with none before it takes the write lock, draws a chart or calls Slack. It never
waits longer than `LONGEST`, so a bot that is never idle still delivers.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

LONGEST = 0.5  # seconds a delivering thread waits for a gap before it goes ahead anyway
STEP = 0.002  # seconds between looks


class UnderWay:
    """The serving process's count of requests under way, shared with the delivering one."""

    def __init__(self, context: Any):
        self.shared = context.RawValue("i", 0)  # handed to the delivering process as it is
        self._lock = threading.Lock()

    @contextmanager
    def request(self) -> Iterator[None]:
        with self._lock:
            self.shared.value += 1
        try:
            yield
        finally:
            with self._lock:
                self.shared.value -= 1


def gap_waiter(
    shared: Any,
    longest: float = LONGEST,
    *,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> Callable[[], None]:
    """In the delivering process: a function that returns at a gap, or after `longest`."""

    def wait_for_gap() -> None:
        if not shared.value:
            return
        deadline = clock() + longest
        while shared.value and clock() < deadline:
            sleep(STEP)

    return wait_for_gap
