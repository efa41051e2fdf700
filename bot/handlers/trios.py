"""Trios by consent: accepting or declining an invitation, withdrawing one, leaving.

Each is parse the button → one core call → reply. On the invitation DM the reply replaces
the message clicked; on the Home tab, which the core refreshes, only a refusal is sent (by
DM, as the Home tab has nowhere to answer)."""

from __future__ import annotations

from bot.blocks import trios as blocks
from bot.handlers.base import Click
from bot.payloads import InvitationRef, SchoolRef
from core import trios


def accept(click: Click) -> None:
    _answer(click, trios.accept, blocks.accepted)


def decline(click: Click) -> None:
    _answer(click, trios.decline, blocks.declined)


def withdraw(click: Click) -> None:
    _answer(click, trios.withdraw, blocks.withdrawn)


def _answer(click: Click, act, reply) -> None:
    def change(db, ref: InvitationRef) -> trios.InvitationView | None:
        act(db, click.user_id, ref.i)
        return trios.invitation_view(db, ref.i)

    click.act(InvitationRef, change, reply)


def leave(click: Click) -> None:
    click.act(SchoolRef, lambda db, ref: trios.leave(db, click.user_id, ref.s), blocks.left)
