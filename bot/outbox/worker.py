"""The outbox worker: a bounded pool of threads in the bot process that delivers effects.

- Effects of one lane are delivered one at a time, in order; different lanes in parallel,
  at most `threads` at once, so a slow Slack ties up the worker, never the listeners.
- A delivery that Slack answers with 429 (after its Retry-After), 5xx or a connection
  error is tried again with backoff, up to `max_attempts`; then, or at once for a refusal
  (``not_in_channel`` …), the effect is marked failed and `on_give_up` tells the person.
- When Slack no longer takes the bot's token (``invalid_auth``, ``account_inactive``,
  ``token_revoked``), every waiting effect is given up at once and nobody is told.
- On start, effects cut off by a crash or restart are waiting again, marked *interrupted*,
  so delivery can check first whether Slack already has them.
- `wait_for_gap` is called before it takes SQLite's write lock or calls Slack: in the
  delivering process, it waits for a moment without requests (bot/outbox/gaps.py).

``drain()`` delivers everything due in the calling thread: the tests use it instead of the
background thread, so they are deterministic.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.outbox.failures import Failure, classify
from storage import outbox
from storage.outbox import Effect
from storage.store import Store

log = logging.getLogger("peer-review.outbox")

Deliver = Callable[[Effect], "dict[str, Any] | None"]
GiveUp = Callable[[Effect, str], None]

KEEP_DELIVERED = timedelta(days=7)


def default_backoff(attempt: int) -> float:
    """Seconds to wait after the `attempt`-th try failed: 0.5, 1, 2, 4, 8 … at most 30."""
    return min(30.0, 0.5 * 2 ** (attempt - 1))


class Worker:
    def __init__(
        self,
        store: Store,
        deliver: Deliver,
        *,
        on_give_up: GiveUp,
        threads: int = 4,
        max_attempts: int = 6,
        poll_seconds: float = 1.0,
        backoff: Callable[[int], float] = default_backoff,
        clock: Callable[[], float] = time.time,
        wait_for_gap: Callable[[], None] | None = None,
    ):
        self.store = store
        self.deliver = deliver
        self.on_give_up = on_give_up
        self.threads = threads
        self.max_attempts = max_attempts
        self.poll_seconds = poll_seconds
        self.backoff = backoff
        self.clock = clock
        self.wait_for_gap = wait_for_gap or (lambda: None)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._inflight: set[int] = set()
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None
        self._thread: threading.Thread | None = None
        self._pruned_at = 0.0
        self._revoked_said = False

    # -- running in the background ------------------------------------------------------

    def start(self) -> None:
        """Recover interrupted effects and start delivering in the background."""
        with self.store.connect() as db:
            recovered = outbox.recover_interrupted(db)
        if recovered:
            log.info("%d effect(s) cut off by a restart will be delivered again", recovered)
        self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="outbox")
        self._thread = threading.Thread(target=self._loop, name="outbox-dispatch", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop taking effects; wait up to `timeout` for deliveries under way."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=False)

    def wake(self) -> None:
        """New effects were written: look now rather than at the next poll."""
        self._wake.set()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            try:
                self._dispatch()
                self._prune()
                wait = self._next_wait()
            except Exception:  # the database was busy or gone: log, and look again soon
                log.exception("outbox dispatch failed; trying again")
                wait = self.poll_seconds
            self._wake.wait(wait)

    def _dispatch(self) -> None:
        with self._lock:
            free = self.threads - len(self._inflight)
            owned = set(self._inflight)
        self.wait_for_gap()
        with self.store.connect() as db:
            recovered = outbox.requeue_abandoned(db, owned)
            effects = outbox.claim(db, self.clock(), free) if free > 0 else []
        if recovered:
            log.warning("%d effect(s) whose bookkeeping failed will be delivered again", recovered)
        for effect in effects:
            with self._lock:
                self._inflight.add(effect.id)
            assert self._pool is not None
            self._pool.submit(self._run_in_pool, effect)

    def _run_in_pool(self, effect: Effect) -> None:
        try:
            self.run(effect)
        except Exception:  # recording the outcome failed (the database): swept up later
            log.exception("%s #%d: could not record its outcome", effect.kind, effect.id)
        finally:
            with self._lock:
                self._inflight.discard(effect.id)
            self._wake.set()

    def _next_wait(self) -> float:
        """Until the next effect could be taken; a busy pool waits to be woken."""
        with self._lock:
            full = len(self._inflight) >= self.threads
        if full:
            return self.poll_seconds
        with self.store.connect() as db:
            due = outbox.next_due(db)
        if due is None:
            return self.poll_seconds
        return max(0.0, min(self.poll_seconds, due - self.clock()))

    def _prune(self) -> None:
        if self.clock() - self._pruned_at < 3600:
            return
        self._pruned_at = self.clock()
        before = (datetime.now(UTC) - KEEP_DELIVERED).isoformat(timespec="seconds")
        with self.store.connect() as db:
            outbox.prune(db, before)

    # -- one effect ---------------------------------------------------------------------

    def run(self, effect: Effect) -> None:
        """Deliver one claimed effect and record what happened."""
        self.wait_for_gap()
        try:
            result = self.deliver(effect)
        except Exception as error:  # sorted below: Slack's answers, or a bug of ours
            self._failed(effect, error)
            return
        self.wait_for_gap()
        with self.store.connect() as db:
            outbox.finish(db, effect.id, result)

    def _failed(self, effect: Effect, error: Exception) -> None:
        try:
            failure = classify(error)
        except Exception:
            log.exception("delivering %s #%d failed", effect.kind, effect.id)
            failure = Failure("internal_error", False)
        if failure.revoked:
            self._revoked(failure.code)
            return
        if failure.transient and effect.attempts < self.max_attempts:
            delay = failure.retry_after
            if delay is None:
                delay = self.backoff(effect.attempts)
            log.info(
                "%s #%d: %s; trying again in %.1fs (attempt %d of %d)",
                effect.kind,
                effect.id,
                failure.code,
                delay,
                effect.attempts,
                self.max_attempts,
            )
            with self.store.connect() as db:
                outbox.retry_later(db, effect.id, self.clock() + delay, failure.code)
            return
        log.warning("%s #%d given up: %s", effect.kind, effect.id, failure.code)
        with self.store.connect() as db:
            outbox.fail(db, effect.id, failure.code)
        self.on_give_up(effect, failure.code)

    def _revoked(self, code: str) -> None:
        """Slack no longer takes the bot's token: give up everything waiting, tell nobody
        (no message could get through), and say so in the log once."""
        with self.store.connect() as db:
            dropped = outbox.give_up_all(db, code)
        with self._lock:
            first, self._revoked_said = not self._revoked_said, True
        if first:
            log.warning(
                "Slack refuses the bot's token (%s): %d waiting effect(s) given up; "
                "nothing more is sent until the app is reinstalled and the bot restarted",
                code,
                dropped,
            )

    # -- in the calling thread (tests, tools) -------------------------------------------

    def drain(self, limit: int = 10_000) -> int:
        """Deliver every effect that is due, one at a time, until none is; how many."""
        done = 0
        while done < limit:
            with self.store.connect() as db:
                effects = outbox.claim(db, self.clock(), 1)
            if not effects:
                return done
            self.run(effects[0])
            done += 1
        return done
