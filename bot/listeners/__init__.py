"""Slack listeners, one module per surface, each with ``register(app, ...)``."""

from __future__ import annotations

from slack_bolt import App

from bot.listeners import errors
from rubric.models import Framework
from storage.store import Store


def register(app: App, *, store: Store, framework: Framework) -> None:
    errors.register(app)
