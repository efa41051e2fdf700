"""Slash commands."""

from __future__ import annotations

from slack_bolt import Ack, App, BoltContext

from bot import ids
from bot.handlers.commands import handle_command
from bot.services import Services


def register(app: App, services: Services) -> None:
    @app.command(ids.COMMAND)
    def on_command(ack: Ack, command: dict, context: BoltContext) -> None:
        handle_command(ack, command, services, bot_user_id=context.bot_user_id)
