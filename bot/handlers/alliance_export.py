"""``/peer-review alliance export [xlsx|csv] [alliance]`` and the lead's "Export the round"
button: the alliance's round as a workbook and a CSV, sent to the lead by DM.

The files are built and uploaded by the outbox worker, after the ack.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.blocks.alliance_export import building
from bot.handlers.base import Click, refusal_notice
from bot.payloads import AllianceRef, BadPayload, parse_json
from bot.services import Services
from core.alliance_exports import Format, request_alliance_export
from core.errors import Refusal

FORMAT_WORDS: dict[str, Format] = {
    "xlsx": "xlsx",
    "excel": "xlsx",
    "workbook": "xlsx",
    "csv": "csv",
}


def export_command(ack: Ack, command: dict[str, Any], services: Services, rest: str) -> None:
    """Answered privately at once: what is on its way, or why not. Words other than the
    format name the alliance, for a lead of more than one."""
    words = rest.split()
    formats = {FORMAT_WORDS[w.lower()] for w in words if w.lower() in FORMAT_WORDS}
    format: Format = formats.pop() if len(formats) == 1 else "both"
    named = " ".join(w for w in words if w.lower() not in FORMAT_WORDS)
    try:
        with services.unit() as db:
            request = request_alliance_export(db, command["user_id"], named=named, format=format)
    except Refusal as refusal:
        ack(**refusal_notice(refusal))
        return
    ack(**building(request.alliance.name, request.format))


def export_from_button(click: Click) -> None:
    """The lead's "Export the round": from a message, answered there privately; from the
    Home tab the files in our DM are the answer (a refusal is answered instead)."""
    click.ack()
    try:
        ref = parse_json(click.value, AllianceRef)
        with click.services.unit() as db:
            request = request_alliance_export(db, click.user_id, ref.a)
    except (BadPayload, Refusal) as problem:
        click.refuse(problem)
        return
    if click.response_url:
        click.reply(building(request.alliance.name, request.format))
