"""``/peer-review export [trio]``: the diagnostic workbook and CSV, sent to the requester.

The files are built and uploaded by the outbox worker, after the ack.
"""

from __future__ import annotations

from typing import Any

from bot.blocks.kit import build_notice, escape
from bot.handlers.base import Click, refusal_notice
from bot.services import Services
from core.errors import Refusal
from core.exports import request_export


def export(services: Services, user_id: str, what: str) -> dict[str, Any]:
    trio = what.strip().lower() in ("trio", "alliance", "all")
    try:
        with services.unit() as db:
            request = request_export(db, user_id, trio=trio)
    except Refusal as refusal:
        return refusal_notice(refusal)
    names = ", ".join(s.name for s in request.schools)
    return build_notice(
        f"Preparing the diagnostic of {escape(names)}; I'll send the workbook to our DM."
    )


def export_from_home(click: Click) -> None:
    """The Home tab's "Export the diagnostic": the school's workbook, by DM."""
    click.ack()
    click.reply(export(click.services, click.user_id, ""))
