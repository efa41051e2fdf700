"""The app factory: one ``slack_bolt.App`` with its listeners, outbox worker and modal pool.

Thin by design, as in Slack's bolt-python starter template: listeners live in
``bot.listeners``, one ``register(app, services)`` per Slack surface.

Every listener runs to its end before the ack is sent (``process_before_response``): it
only validates, writes to SQLite and enqueues, so the ack never waits on Slack. Slack calls
that follow happen elsewhere: modal opens on a small pool of their own (a trigger lasts 3
seconds), everything else in the outbox worker, which runs in a process of its own
(bot.outbox.process) and draws the radar charts there.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from concurrent.futures import Executor
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol

from slack_bolt import App, BoltRequest, BoltResponse

from bot import listeners
from bot.blocks.kit import build_notice
from bot.blocks.notices import SLOW_FORM
from bot.client import build_client
from bot.listeners.guard import problem
from bot.modals import ModalOpener
from bot.outbox.process import DeliveryProcess, InProcess, build_worker
from bot.outbox.worker import Worker, default_backoff
from bot.services import Services
from bot.settings import Settings
from core import effects
from rubric.models import Framework
from storage.store import Store

log = logging.getLogger("peer-review.requests")


class Malformed(ValueError):
    """A payload Slack would never send; `why` names what is missing, when it is known."""

    def __init__(self, why: str | None):
        super().__init__(why or "Bolt could not read it")
        self.why = why


class Outbox(Protocol):
    def start(self) -> None: ...
    def stop(self) -> None: ...
    def wake(self) -> None: ...
    def home_opened(self, user_id: str) -> None: ...
    def serving(self) -> AbstractContextManager[None]: ...


class InTurn:
    """A lock taken in the order asked for: a request waits its turn, never barged past (a
    plain lock lets whichever thread runs first take it, so some requests wait several
    turns while others wait none)."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._queue: deque[threading.Lock] = deque()
        self._held = False

    def __enter__(self) -> None:
        with self._guard:
            if not self._held:
                self._held = True
                return
            turn = threading.Lock()
            turn.acquire()
            self._queue.append(turn)
        turn.acquire()  # released by the one before, which hands the lock straight over

    def __exit__(self, *exc: object) -> None:
        with self._guard:
            if self._queue:
                self._queue.popleft().release()
            else:
                self._held = False


@dataclass
class Bot:
    """The running parts: the Bolt app, the outbox and the modal pool."""

    app: App
    outbox: Outbox  # a process of its own (serve), or `worker` in this process (tests)
    modals: ModalOpener
    services: Services
    worker: Worker | None = None
    _one_at_a_time: InTurn = field(default_factory=lambda: InTurn(), repr=False)

    def dispatch(self, request: BoltRequest) -> BoltResponse:
        """Slack's request through Bolt to our listeners, one request at a time.

        A listener is about a millisecond of Python and SQLite and never waits on Slack, so
        running several at once gains nothing under Python's one-thread-at-a-time lock, and
        costs a hand-over of that lock at every SQLite call (the load benchmark: ratings at
        50 at once 1.5x the floor with eight listeners running together, 1.0x one at a time).
        """
        with self.outbox.serving(), self._one_at_a_time:
            return self.app.dispatch(request)

    def answer(self, body: Any, headers: dict[str, str]) -> BoltResponse:
        """Bolt's answer to a payload a transport received (parsed; over HTTP, signed).

        The payload is checked whole before Bolt reads it, since Bolt reads some fields
        before any middleware runs (an empty action list makes it fail). One Slack would
        never send raises :class:`Malformed`, logged in one line without a traceback.
        """
        if (why := problem(body)) is not None:
            log.warning("refused a malformed payload: %s", why)
            raise Malformed(why)
        try:
            # Parsed and checked: Bolt takes it as it is ("socket_mode" only means that).
            return self.dispatch(BoltRequest(body=body, headers=headers, mode="socket_mode"))
        except (KeyError, IndexError, TypeError, AttributeError, ValueError) as error:
            # What Bolt reads before our listeners (whose own errors the error handler
            # answers) fails only on a payload Slack would never send.
            log.warning("refused a malformed payload Bolt could not read: %r", error)
            raise Malformed(None) from None

    def start(self) -> None:
        """Start delivering the outbox in the background (after recovering a restart)."""
        self.outbox.start()

    def stop(self) -> None:
        self.outbox.stop()
        self.modals.shutdown()


def create_bot(
    settings: Settings,
    store: Store,
    framework: Framework,
    *,
    token_verification_enabled: bool = True,
    modal_executor: Executor | None = None,
    backoff=default_backoff,
    outbox_process: bool = False,
    payloads_checked: bool = False,
) -> Bot:
    """The bot. `outbox_process`: deliver the outbox from a process of its own, as `serve`
    does, rather than from threads of this one; `payloads_checked` when its transport checks
    each payload is whole (HTTP)."""
    worker: Worker | None = None
    outbox: Outbox
    if outbox_process:
        outbox = DeliveryProcess(settings, store.path, framework)
    else:
        worker = build_worker(settings, store, framework, backoff=backoff)
        outbox = InProcess(worker, store)

    def slow_form(user_id: str, response_url: str | None) -> None:
        with store.connect() as db:
            effects.respond(db, user_id, response_url, build_notice(SLOW_FORM))
        outbox.wake()

    modals = ModalOpener(
        build_client(settings, retries=1), on_refused=slow_form, executor=modal_executor
    )
    services = Services(
        store=store,
        framework=framework,
        modals=modals,
        wake=outbox.wake,
        home_opened=outbox.home_opened,
        reminders=settings.reminder_rule(),
    )
    app = App(
        name="peer-review",  # else Bolt reads the whole call stack to name the app (10 ms)
        client=modals.client,
        request_verification_enabled=False,  # the HTTP transport checks signatures first
        process_before_response=True,  # listeners never wait on Slack: see the docstring
        token_verification_enabled=token_verification_enabled,
        logger=logging.getLogger("peer-review.bolt"),
    )
    listeners.register(app, services, guard_payloads=not payloads_checked)
    return Bot(app=app, outbox=outbox, modals=modals, services=services, worker=worker)
