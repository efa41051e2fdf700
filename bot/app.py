"""The app factory: one ``slack_bolt.App`` with its listeners, outbox worker and modal pool.

Thin by design, as in Slack's bolt-python starter template: listeners live in
``bot.listeners``, one ``register(app, services)`` per Slack surface.

Every listener runs to its end before the ack is sent (``process_before_response``): it
only validates, writes to SQLite and enqueues, so the ack never waits on Slack. Slack calls
that follow happen elsewhere: modal opens on a small pool of their own (a trigger lasts 3
seconds), everything else in the outbox worker, which draws radar charts in a process of
its own.
"""

from __future__ import annotations

import logging
from concurrent.futures import Executor
from dataclasses import dataclass

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot import listeners
from bot.blocks.kit import build_notice
from bot.blocks.notices import SLOW_FORM
from bot.chart import ChartDrawer
from bot.modals import ModalOpener
from bot.outbox.delivery import Delivery
from bot.outbox.worker import Worker, default_backoff
from bot.services import Services
from bot.settings import Settings
from core import effects
from rubric.models import Framework
from storage.store import Store

SLACK_TIMEOUT = 10  # seconds for one Web API call


def build_client(settings: Settings, *, retries: int) -> WebClient:
    """A Web API client for SLACK_API_URL.

    The outbox worker's client has no retries of its own (`retries=0`): the outbox retries,
    without holding a thread. The client used for modal opens retries once, at once.
    """
    handlers = (
        [
            ConnectionErrorRetryHandler(max_retry_count=retries),
            RateLimitErrorRetryHandler(max_retry_count=retries),
            ServerErrorRetryHandler(max_retry_count=retries),
        ]
        if retries
        else []
    )
    return WebClient(
        token=settings.require_bot_token(),
        base_url=settings.slack_api_url,
        timeout=SLACK_TIMEOUT,
        retry_handlers=handlers,
    )


@dataclass
class Bot:
    """The running parts: the Bolt app, the outbox worker and the modal pool."""

    app: App
    worker: Worker
    modals: ModalOpener
    services: Services
    charts: ChartDrawer

    def start(self) -> None:
        """Start delivering the outbox in the background (after recovering a restart)."""
        self.worker.start()

    def stop(self) -> None:
        self.worker.stop()
        self.modals.shutdown()
        self.charts.shutdown()


def create_bot(
    settings: Settings,
    store: Store,
    framework: Framework,
    *,
    token_verification_enabled: bool = True,
    modal_executor: Executor | None = None,
    backoff=default_backoff,
    charts_in_process: bool = False,
    payloads_checked: bool = False,
) -> Bot:
    """The bot; `payloads_checked` when its transport checks each payload is whole (HTTP)."""
    app_client = build_client(settings, retries=1)
    worker_client = build_client(settings, retries=0)
    charts = ChartDrawer(separate=not charts_in_process)
    delivery = Delivery(worker_client, store, framework, draw=charts.draw)
    worker = Worker(store, delivery, on_give_up=delivery.give_up, backoff=backoff)
    delivery.wake = worker.wake

    def slow_form(user_id: str, response_url: str | None) -> None:
        with store.connect() as db:
            effects.respond(db, user_id, response_url, build_notice(SLOW_FORM))
        worker.wake()

    modals = ModalOpener(app_client, on_refused=slow_form, executor=modal_executor)
    services = Services(store=store, framework=framework, modals=modals, wake=worker.wake)
    app = App(
        client=app_client,
        request_verification_enabled=False,  # the HTTP transport checks signatures first
        process_before_response=True,  # listeners never wait on Slack: see the docstring
        token_verification_enabled=token_verification_enabled,
        logger=logging.getLogger("peer-review.bolt"),
    )
    listeners.register(app, services, guard_payloads=not payloads_checked)
    return Bot(app=app, worker=worker, modals=modals, services=services, charts=charts)
