"""Slack listeners, one module per surface, each with ``register(app, services)``.

Listeners are thin: a payload that passed the guard goes to a handler in ``bot.handlers``,
which makes one core call, builds the reply and acks. Nothing in a listener waits on Slack.
"""

from __future__ import annotations

from slack_bolt import App

from bot.listeners import actions, commands, errors, events, guard, options, views
from bot.services import Services


def register(app: App, services: Services, *, guard_payloads: bool = True) -> None:
    """Every listener; `guard_payloads=False` where the transport has checked each payload
    already (HTTP: ``bot.transport.http``), so it is not checked twice."""
    errors.register(app, services)
    if guard_payloads:
        guard.register(app)
    commands.register(app, services)
    actions.register(app, services)
    views.register(app, services)
    options.register(app, services)
    events.register(app, services)
