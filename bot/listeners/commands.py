"""Slash commands."""

from __future__ import annotations

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot import ids
from bot.handlers.commands import handle_command
from rubric.models import Framework
from storage.store import Store


def register(app: App, *, store: Store, framework: Framework) -> None:
    @app.command(ids.COMMAND)
    def on_command(ack: Ack, command: dict, client: WebClient, respond: Respond) -> None:
        handle_command(ack, command, client, respond, store=store, framework=framework)
