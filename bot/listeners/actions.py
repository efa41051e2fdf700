"""Buttons and selects (block_actions). Each acks first, then hands over to a handler."""

from __future__ import annotations

import re
from collections.abc import Callable

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot import ids
from bot.handlers import challenges, commands, cycles, exports, judgements, outcomes, setup
from bot.handlers.modals import Click
from rubric.models import Framework
from storage.store import Store

CHOOSE_LEVEL = re.compile(rf"^{ids.ACTION_CHOOSE_LEVEL}_\d+$")
Handler = Callable[..., None]

# action_id (or pattern) -> handler(Click, store=…, framework=…)
BUTTONS: dict[str | re.Pattern[str], Handler] = {
    CHOOSE_LEVEL: judgements.open_from_button,
    ids.ACTION_CHANGE_JUDGEMENT: judgements.open_from_button,
    ids.ACTION_FULL_EVIDENCE: judgements.open_from_button,
    ids.ACTION_OPEN_CHALLENGE: challenges.open_challenge,
    ids.ACTION_OPEN_OUTCOMES: outcomes.open_outcomes,
    ids.ACTION_OPEN_SETUP: setup.open_setup_from_button,
    ids.ACTION_START_REVIEW: commands.start_from_home,
    ids.ACTION_NEW_CYCLE: cycles.confirm_new_cycle,
    ids.ACTION_CANCEL: cycles.cancel,
    ids.ACTION_EXPORT: exports.export_from_home,
}


def handler_for(action_id: str) -> Handler:
    for action, handler in BUTTONS.items():
        if action == action_id or (isinstance(action, re.Pattern) and action.match(action_id)):
            return handler
    raise KeyError(action_id)


def register(app: App, *, store: Store, framework: Framework) -> None:
    @app.action(ids.ACTION_LEVEL_SELECT)
    def on_level_changed(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        judgements.level_changed(body, client, store=store, framework=framework)

    def on_button(ack: Ack, body: dict, client: WebClient, respond: Respond) -> None:
        ack()
        click = Click(body, client, respond)
        handler_for(click.action["action_id"])(click, store=store, framework=framework)

    for action in BUTTONS:
        app.action(action)(on_button)
