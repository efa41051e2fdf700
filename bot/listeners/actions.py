"""Buttons and selects (block_actions). Each acks first, then does the work."""

from __future__ import annotations

import re

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot import ids
from bot.handlers import commands, judgements, setup
from rubric.models import Framework
from storage.store import Store

CHOOSE_LEVEL = re.compile(rf"^{ids.ACTION_CHOOSE_LEVEL}_\d+$")


def register(app: App, *, store: Store, framework: Framework) -> None:
    @app.action(CHOOSE_LEVEL)
    @app.action(ids.ACTION_CHANGE_JUDGEMENT)
    @app.action(ids.ACTION_FULL_EVIDENCE)
    def on_area_button(ack: Ack, body: dict, client: WebClient, respond: Respond) -> None:
        ack()
        judgements.open_from_button(body, client, respond, store=store, framework=framework)

    @app.action(ids.ACTION_LEVEL_SELECT)
    def on_level_changed(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        judgements.level_changed(body, client, framework=framework)

    @app.action(ids.ACTION_OPEN_SETUP)
    def on_open_setup(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        with store.connect() as db:
            setup.open_setup(client, db, body["trigger_id"], body["user"]["id"])

    @app.action(ids.ACTION_START_REVIEW)
    def on_start(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        commands.start_from_home(body, client, store=store, framework=framework)
