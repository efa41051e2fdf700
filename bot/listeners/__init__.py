"""Slack listeners, one module per surface, each with ``register(app, ...)``."""

from __future__ import annotations

from slack_bolt import App

from bot.listeners import commands, errors, events, judgements, setup
from rubric.models import Framework
from storage.store import Store


def register(app: App, *, store: Store, framework: Framework) -> None:
    errors.register(app)
    commands.register(app, store=store, framework=framework)
    setup.register(app, store=store)
    judgements.register(app, store=store, framework=framework)
    events.register(app, store=store)
