"""The app factory: builds one ``slack_bolt.App`` and registers its listeners.

Thin by design, as in Slack's bolt-python starter template. Listeners live in
``bot.listeners``, one ``register(app, ...)`` per Slack surface; they parse the payload, call
plain-Python domain code (``rubric``, ``storage``) and respond.
"""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)

from bot import listeners
from bot.settings import Settings
from rubric.models import Framework
from storage.store import Store


def build_client(settings: Settings) -> WebClient:
    """A Web API client for SLACK_API_URL that retries connection errors and rate limits."""
    return WebClient(
        token=settings.require_bot_token(),
        base_url=settings.slack_api_url,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=2),
        ],
    )


def create_app(
    settings: Settings,
    store: Store,
    framework: Framework,
    *,
    client: WebClient | None = None,
    process_before_response: bool = False,
    token_verification_enabled: bool = True,
    signing_secret: str | None = None,
) -> App:
    app = App(
        client=client or build_client(settings),
        signing_secret=signing_secret,
        request_verification_enabled=signing_secret is not None,
        process_before_response=process_before_response,
        token_verification_enabled=token_verification_enabled,
        logger=logging.getLogger("peer-review.bolt"),
    )
    listeners.register(app, store=store, framework=framework)
    return app
