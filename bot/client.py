"""The Web API client, pointed at SLACK_API_URL."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.settings import Settings

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
