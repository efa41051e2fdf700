"""Opening and redrawing modals, off the ack path, on a small pool of their own.

A modal must be opened within 3 seconds of the click (its ``trigger_id`` expires), so it
cannot wait in the outbox; but it must not hold up the ack either. The listener acks, then
hands the call to this pool. When Slack refuses (a trigger that expired while Slack was
slow), the person is told by `on_refused`; nothing was changed, so they simply try again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

log = logging.getLogger("peer-review.modals")

TRIGGER_LIFETIME = 3.0  # seconds Slack keeps a trigger_id valid
Refused = Callable[[str, str | None], None]  # (user_id, response_url)


class Inline(Executor):
    """Runs each call at once in the caller's thread (for tests)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        fn(*args, **kwargs)


class ModalOpener:
    def __init__(
        self,
        client: WebClient,
        *,
        on_refused: Refused,
        threads: int = 4,
        executor: Executor | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.client = client
        self.on_refused = on_refused
        self.clock = clock
        self.executor = executor or ThreadPoolExecutor(threads, thread_name_prefix="modals")

    def open(
        self, trigger_id: str, view: dict[str, Any], *, user_id: str, response_url: str | None
    ) -> None:
        """Open `view` for the click or command that gave `trigger_id`."""
        self.executor.submit(self._open, trigger_id, view, user_id, response_url, self.clock())

    def _open(
        self,
        trigger_id: str,
        view: dict[str, Any],
        user_id: str,
        response_url: str | None,
        asked_at: float,
    ) -> None:
        if self.clock() - asked_at > TRIGGER_LIFETIME:
            log.warning("modal not opened: its trigger expired while waiting")
            self.on_refused(user_id, response_url)
            return
        try:
            self.client.views_open(trigger_id=trigger_id, view=view)
        except SlackApiError as error:  # e.g. expired_trigger_id when Slack was slow
            log.warning("modal not opened: %s", error.response.get("error"))
            self.on_refused(user_id, response_url)
        except OSError as error:  # Slack could not be reached
            log.warning("modal not opened: %r", error)
            self.on_refused(user_id, response_url)

    def update(self, view_id: str, view_hash: str | None, view: dict[str, Any]) -> None:
        """Redraw an open modal (a select with dispatch_action changed)."""
        self.executor.submit(self._update, view_id, view_hash, view)

    def _update(self, view_id: str, view_hash: str | None, view: dict[str, Any]) -> None:
        try:
            self.client.views_update(view_id=view_id, hash=view_hash, view=view)
        except SlackApiError as error:  # hash_conflict: they changed it again meanwhile
            log.info("modal not redrawn: %s", error.response.get("error"))

    def later(self, job: Callable[[], None]) -> None:
        """Run `job` (Slack calls that follow a click, then a redraw) on this pool."""
        self.executor.submit(job)

    def shutdown(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
