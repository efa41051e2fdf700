"""``/peer-review export [pdf] [trio] [cycle N]``: the diagnostic workbook and CSV, or the
report for governors (PDF) of the school's latest judged cycle or of cycle N, sent to the
requester by DM; and the Home tab's buttons for the same.

The files are built and uploaded by the outbox worker, after the ack.
"""

from __future__ import annotations

import re
from typing import Any

from bot.blocks.kit import build_notice, escape
from bot.handlers.base import Click, refusal_notice
from bot.services import Services
from core.errors import Refusal
from core.exports import ExportRequest, Format, request_export
from core.trios import names

TRIO_WORDS = frozenset({"trio", "alliance", "all"})
PDF_WORDS = frozenset({"pdf", "governors", "report"})
CYCLE = re.compile(r"(?:cycle)?(\d{1,4})")  # "cycle 2", "cycle2" or "2"
EXAMPLE = "`/peer-review export pdf cycle 1`"


def export(services: Services, user_id: str, what: str, channel_id: str = "") -> dict[str, Any]:
    """The slash command, answered privately where it was typed: what is on its way and
    where it will arrive (here, when typed in our DM), or why not."""
    words = what.strip().lower().replace(",", " ").split()
    format: Format = "pdf" if PDF_WORDS.intersection(words) else "xlsx"
    numbers = [int(found[1]) for word in words if (found := CYCLE.fullmatch(word))]
    if numbers and format != "pdf":
        return build_notice(
            "The workbook and its CSV hold every review cycle, so there is no cycle to choose. "
            f"For the report for governors of one cycle: `/peer-review export pdf cycle "
            f"{numbers[0]}`."
        )
    if "cycle" in words and not numbers:
        return build_notice(f"Which review cycle? For example {EXAMPLE}.")
    try:
        with services.unit() as db:
            request = request_export(
                db,
                user_id,
                trio=bool(TRIO_WORDS.intersection(words)),
                format=format,
                cycle=numbers[0] if numbers else None,
            )
    except Refusal as refusal:
        return refusal_notice(refusal)
    return _preparing(request, here=channel_id.startswith("D"))


def _preparing(request: ExportRequest, *, here: bool) -> dict[str, Any]:
    """ "Preparing the report for governors of Hillmead (cycle 1, PDF, one page); it will be
    here in a moment." A command typed in a DM is answered there: in our DM, as the file."""
    schools = escape(names(request.schools))
    if request.format == "pdf":
        what = "" if request.cycle is None else f"cycle {request.cycle}, "
        pages = "one page" if len(request.schools) == 1 else "a page per school"
        where = "it will be here in a moment" if here else "I'll send it to our DM"
        return build_notice(
            f"Preparing the report for governors of {schools} ({what}PDF, {pages}); {where}."
        )
    where = "they will be here in a moment" if here else "I'll send them to our DM"
    return build_notice(f"Preparing the diagnostic of {schools} (workbook and CSV); {where}.")


def export_from_home(click: Click) -> None:
    """The Home tab's "Export the diagnostic": the school's workbook and CSV in our DM,
    which are the answer (a refusal is answered there instead)."""
    _from_home(click, "xlsx")


def export_pdf_from_home(click: Click) -> None:
    """The Home tab's "Report for governors (PDF)": the school's one-page report of its
    latest judged cycle in our DM, which is the answer (a refusal is answered instead)."""
    _from_home(click, "pdf")


def _from_home(click: Click, format: Format) -> None:
    click.ack()
    try:
        with click.services.unit() as db:
            request_export(db, click.user_id, trio=False, format=format)
    except Refusal as refusal:
        click.refuse(refusal)
