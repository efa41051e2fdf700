"""Buttons and selects (block_actions), registered from one table."""

from __future__ import annotations

import re
from collections.abc import Callable

from slack_bolt import Ack, App

from bot import ids
from bot.handlers import (
    agreements,
    alliance_export,
    alliance_school,
    alliance_setup,
    alliance_view,
    challenges,
    channels,
    commands,
    cycles,
    erase,
    exports,
    judgements,
    outcomes,
    rounds,
    setup,
    threads,
    trios,
)
from bot.handlers.base import Click
from bot.services import Services
from core.errors import STALE, Refusal

CHOOSE_LEVEL = re.compile(rf"^{ids.ACTION_CHOOSE_LEVEL}_\d+$")
ALLIANCE_PAGE = re.compile(rf"^{ids.ACTION_ALLIANCE_PAGE}_\d+$")  # one button a page
Handler = Callable[[Click], None]

# action_id (or pattern) -> handler(Click)
BUTTONS: dict[str | re.Pattern[str], Handler] = {
    CHOOSE_LEVEL: judgements.open_from_button,
    ids.ACTION_CHANGE_JUDGEMENT: judgements.open_from_button,
    ids.ACTION_FULL_EVIDENCE: judgements.open_from_button,
    ids.ACTION_OPEN_CHALLENGE: challenges.open_challenge,
    ids.ACTION_OPEN_OUTCOMES: outcomes.open_outcomes,
    ids.ACTION_OPEN_SETUP: setup.open_setup_from_button,
    ids.ACTION_START_REVIEW: commands.start_from_home,
    ids.ACTION_NEW_CYCLE: cycles.open_from_button,
    ids.ACTION_CANCEL: cycles.cancel,
    ids.ACTION_EXPORT: exports.export_from_home,
    ids.ACTION_EXPORT_PDF: exports.export_pdf_from_home,
    ids.ACTION_ACCEPT_INVITATION: trios.accept,
    ids.ACTION_DECLINE_INVITATION: trios.decline,
    ids.ACTION_WITHDRAW_INVITATION: trios.withdraw,
    ids.ACTION_LEAVE_TRIO: trios.leave,
    ids.ACTION_OPEN_ERASE: erase.open_erase,
    ids.ACTION_TRIO_CHANNEL: channels.channel_picked,
    ids.ACTION_SCHOOL_CHANNEL: channels.channel_picked,
    ids.ACTION_SHOW_DESCRIPTORS: judgements.toggle_descriptors,
    ids.ACTION_HIDE_DESCRIPTORS: judgements.toggle_descriptors,
    ids.ACTION_REFILE: threads.refile,
    ids.ACTION_OPEN_AGREEMENT: agreements.open_agreement,
    ids.ACTION_EXPORT_ALLIANCE: alliance_export.export_from_button,
    ALLIANCE_PAGE: alliance_view.turn_page,
    ids.ACTION_ACCEPT_ALLIANCE: alliance_school.accept,
    ids.ACTION_DECLINE_ALLIANCE: alliance_school.decline,
    ids.ACTION_SHARE_EVIDENCE: alliance_school.share,
    ids.ACTION_OPEN_ALLIANCE_SETUP: alliance_setup.open_from_button,
    ids.ACTION_OPEN_ROUND: rounds.open_from_button,
    ids.ACTION_NUDGE: rounds.nudge_from_button,
}


def handler_for(action_id: str) -> Handler:
    for action, handler in BUTTONS.items():
        if action == action_id or (isinstance(action, re.Pattern) and action.match(action_id)):
            return handler
    raise KeyError(action_id)


OURS = re.compile(rf"^{ids.PREFIX}")


def register(app: App, services: Services) -> None:
    """One Bolt listener for every action of ours, dispatched from the table above: Bolt
    tries each listener in turn, and each try costs (about 0.03 ms a listener)."""

    @app.action(OURS)
    def on_action(ack: Ack, body: dict) -> None:
        action_id = body["actions"][0]["action_id"]
        if action_id == ids.ACTION_LEVEL_SELECT:
            judgements.level_changed(ack, body, services)
            return
        try:
            handler = handler_for(action_id)
        except KeyError:  # an action of ours that no longer exists (an old message)
            ack()
            Click(ack, body, services).refuse(Refusal(STALE))
            return
        handler(Click(ack, body, services))
