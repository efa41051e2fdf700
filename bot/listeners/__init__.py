"""Slack listeners, one module per surface, each with ``register(app, ...)``.

Listeners are thin: they ack and hand over to ``bot.handlers``.
"""

from __future__ import annotations

from slack_bolt import App

from bot.listeners import actions, commands, errors, events, views
from rubric.models import Framework
from storage.store import Store


def register(app: App, *, store: Store, framework: Framework) -> None:
    errors.register(app)
    commands.register(app, store=store, framework=framework)
    actions.register(app, store=store, framework=framework)
    views.register(app, store=store, framework=framework)
    events.register(app, store=store, framework=framework)
