"""``/peer-review export [pdf] [trio]``: the diagnostic workbook and CSV, or the report for
governors (PDF), sent to the requester.

The files are built and uploaded by the outbox worker, after the ack.
"""

from __future__ import annotations

from typing import Any

from bot.blocks.kit import build_notice, escape
from bot.handlers.base import Click, refusal_notice
from bot.services import Services
from core.errors import Refusal
from core.exports import Format, request_export

TRIO_WORDS = frozenset({"trio", "alliance", "all"})
PDF_WORDS = frozenset({"pdf", "governors", "report"})


def export(services: Services, user_id: str, what: str) -> dict[str, Any]:
    words = set(what.strip().lower().replace(",", " ").split())
    trio = bool(words & TRIO_WORDS)
    format: Format = "pdf" if words & PDF_WORDS else "xlsx"
    try:
        with services.unit() as db:
            request = request_export(db, user_id, trio=trio, format=format)
    except Refusal as refusal:
        return refusal_notice(refusal)
    names = escape(", ".join(s.name for s in request.schools))
    if request.format == "pdf":
        return build_notice(
            f"Preparing the report for governors of {names} (PDF, one page each); "
            "I'll send it to our DM."
        )
    return build_notice(f"Preparing the diagnostic of {names}; I'll send the workbook to our DM.")


def export_from_home(click: Click) -> None:
    """The Home tab's "Export the diagnostic": the school's workbook, by DM."""
    click.ack()
    click.reply(export(click.services, click.user_id, ""))


def export_pdf_from_home(click: Click) -> None:
    """The Home tab's "Report for governors (PDF)": the school's one-page report, by DM."""
    click.ack()
    click.reply(export(click.services, click.user_id, "pdf"))
