"""The lead's view: ``/peer-review alliance [NAME]`` and its page buttons.

The command answers privately with the view's first page; a page button on that message
replaces it with the page asked for (through its response_url), and one on the Home tab
publishes the Home tab again at that page.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.blocks import alliance_view as blocks
from bot.handlers.base import Click, refusal_notice
from bot.payloads import AlliancePage, BadPayload, parse_json
from bot.services import Services
from core import alliance_view, effects
from core.clock import uk_today
from core.errors import Refusal


def lead_view(ack: Ack, command: dict[str, Any], services: Services, text: str) -> None:
    """``/peer-review alliance`` (or ``… alliance NAME``, for a lead of several)."""
    try:
        with services.store.connect() as db:
            view = alliance_view.asked_for(
                db, services.framework, command["user_id"], text, uk_today()
            )
    except Refusal as refusal:
        ack(**refusal_notice(refusal))
        return
    if view is None:
        ack(**blocks.no_alliance())
        return
    ack(**blocks.alliance_message(services.framework, view))


def turn_page(click: Click) -> None:
    """A page button: the Home tab again at that page, or the message replaced by it."""
    click.ack()
    services = click.services
    on_home = click.body.get("container", {}).get("type") == "view"
    try:
        ref = parse_json(click.value, AlliancePage)
        with services.unit() as db:
            if on_home:  # the Home tab is built by the outbox, at that page
                alliance_view.led(db, click.user_id, ref.a)
                effects.home(db, click.user_id, page=ref.p)
                return
            today = uk_today()
            view = alliance_view.of_alliance(db, services.framework, click.user_id, ref.a, today)
    except (BadPayload, Refusal) as problem:
        click.refuse(problem)
        return
    page = blocks.alliance_message(services.framework, view, ref.p)
    click.reply({"replace_original": True, **page})
