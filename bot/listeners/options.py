"""Options loads (block_suggestion): the setup form's partner picker, found by name."""

from __future__ import annotations

from slack_bolt import Ack, App

from bot import ids
from bot.handlers.alliance_setup import school_search
from bot.handlers.setup import partner_options
from bot.services import Services


def register(app: App, services: Services) -> None:
    @app.options(ids.ACTION_PARTNERS)
    def on_partner_search(ack: Ack, body: dict) -> None:
        partner_options(ack, body, services)

    @app.options(ids.ACTION_ALLIANCE_SCHOOLS)
    def on_alliance_school_search(ack: Ack, body: dict) -> None:
        school_search(ack, body, services)
