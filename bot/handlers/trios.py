"""Trios by consent: accepting or declining an invitation, withdrawing one, leaving.

Each is parse the button → one core call → reply. On the invitation DM the reply replaces
the message clicked; on the Home tab, which the core refreshes, only a refusal is sent (by
DM, as the Home tab has nowhere to answer)."""

from __future__ import annotations

from bot.blocks import trios as blocks
from bot.handlers.base import Click
from bot.payloads import BadPayload, InvitationRef, SchoolRef, parse_json
from core import trios
from core.errors import Refusal


def accept(click: Click) -> None:
    _answer(click, trios.accept, blocks.accepted)


def decline(click: Click) -> None:
    _answer(click, trios.decline, blocks.declined)


def withdraw(click: Click) -> None:
    _answer(click, trios.withdraw, blocks.withdrawn)


def _answer(click: Click, act, reply) -> None:
    click.ack()
    try:
        ref = parse_json(click.value, InvitationRef)
        with click.services.unit() as db:
            act(db, click.user_id, ref.i)
            view = trios.invitation_view(db, ref.i)
    except (BadPayload, Refusal) as problem:
        click.refuse(problem)
        return
    if click.response_url and view is not None:
        click.reply(reply(view))


def leave(click: Click) -> None:
    click.ack()
    try:
        ref = parse_json(click.value, SchoolRef)
        with click.services.unit() as db:
            school = trios.leave(db, click.user_id, ref.s)
    except (BadPayload, Refusal) as problem:
        click.refuse(problem)
        return
    if click.response_url:
        click.reply(blocks.left(school))
