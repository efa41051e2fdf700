"""A channel picked in the setup form: ask Slack who can read it, then redraw the form with a
plain warning and a box to tick when others can (the picks arrive as block_actions, since
the channel inputs dispatch them). Slack keeps what was typed, as the blocks keep their ids.
"""

from __future__ import annotations

from typing import Any

from bot import ids
from bot.channel_readers import ask_slack
from bot.handlers.base import Click
from bot.handlers.setup import setup_view
from bot.payloads import state_value
from bot.services import Services
from core import channels
from core.channels import Readers

CHANNEL_BLOCKS = {ids.BLOCK_TRIO_CHANNEL: ids.ACTION_TRIO_CHANNEL,
                  ids.BLOCK_SCHOOL_CHANNEL: ids.ACTION_SCHOOL_CHANNEL}  # fmt: skip


def channel_picked(click: Click) -> None:
    click.ack()
    view = click.body.get("view") or {}
    picks = {
        block: channel
        for block, action in CHANNEL_BLOCKS.items()
        if isinstance(channel := state_value(view, block, action).get("selected_conversation"), str)
        and channel
    }
    if not view.get("id") or not picks:
        return
    user, services = click.user_id, click.services
    services.modals.later(lambda: _check_and_redraw(services, user, view, picks))


def _check_and_redraw(
    services: Services, user: str, view: dict[str, Any], picks: dict[str, str]
) -> None:
    client = services.modals.client
    warnings: dict[str, Readers] = {}
    for block, channel in picks.items():
        found = ask_slack(client, channel)
        if found is None:
            continue
        name, is_private, members = found
        with services.unit() as db:
            readers = channels.record_readers(
                db, user, channel, name=name, is_private=is_private, members=members
            )
        if readers.warning:
            warnings[block] = readers
    new = setup_view(services, user, warnings)
    new["private_metadata"] = view.get("private_metadata", new["private_metadata"])
    services.modals.update(view["id"], view.get("hash"), new)
