"""A school's answers to an alliance: accepting or declining an invitation, and choosing
whether the alliance's leads see its evidence (Home tab).

Each is parse the button → one core call → reply. On the invitation DM the reply replaces
the message clicked; on the Home tab, which the core refreshes, only a refusal is sent (by
DM, as the Home tab has nowhere to answer)."""

from __future__ import annotations

from bot.blocks import alliance_school as blocks
from bot.handlers.base import Click
from bot.payloads import InvitationRef, ShareRef
from core import alliance_views, alliances


def accept(click: Click) -> None:
    _answer(click, alliances.accept, blocks.accepted)


def decline(click: Click) -> None:
    _answer(click, alliances.decline, blocks.declined)


def _answer(click: Click, act, reply) -> None:
    def change(db, ref: InvitationRef) -> alliance_views.InvitationView | None:
        act(db, click.user_id, ref.i)
        return alliance_views.invitation_view(db, ref.i)

    click.act(InvitationRef, change, reply)


def share(click: Click) -> None:
    """The Home tab's "Share our evidence with the leads" / "Stop sharing our evidence"."""

    def change(db, ref: ShareRef) -> blocks.Shared:
        school, alliance = alliances.set_sharing(db, click.user_id, ref.s, ref.on)
        return blocks.Shared(school, alliance, ref.on)

    click.act(ShareRef, change, blocks.sharing)
