"""``/peer-review alliance …``: the subcommands of an alliance, each in its own module.

``/peer-review alliance`` alone shows the lead's view; the words after it choose the rest.
Each entry is parse → one core call → Block Kit → ack, as for every other command.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack

from bot.blocks.kit import build_notice, escape
from bot.handlers import alliance_export, alliance_setup, alliance_view, rounds
from bot.payloads import split_command
from bot.services import Services

# subcommand -> handler(ack, command, services, the words after the subcommand)
Subcommand = Callable[[Ack, dict[str, Any], Services, str], None]
SUBCOMMANDS: dict[str, Subcommand] = {
    "": alliance_view.lead_view,
    "round": rounds.round_command,
    "nudge": rounds.nudge_command,
    "export": alliance_export.export_command,
}
SUBCOMMANDS.update(alliance_setup.SUBCOMMANDS)  # setup, invite, share, leave

NOT_NAMES = frozenset({"help"})  # words that are never taken for an alliance's name
USAGE = (
    "Alliance commands: `/peer-review alliance` shows the alliance's progress (leads); "
    "`/peer-review alliance setup` creates an alliance or invites schools to it; "
    "`/peer-review alliance round` opens a review round with its dates; "
    "`/peer-review alliance nudge SCHOOL` reminds whoever is next there now; "
    "`/peer-review alliance export` sends its leads the round's workbook and CSV; "
    "`/peer-review alliance share on` (or `off`) lets your school's alliance leads see its "
    "evidence (or not); `/peer-review alliance leave` takes your school out of its alliance."
)


def alliance_command(ack: Ack, command: dict[str, Any], services: Services, text: str) -> None:
    verb, rest = split_command(text)
    handler = SUBCOMMANDS.get(verb)
    if handler is None and verb and verb not in NOT_NAMES:  # `alliance NAME`: the lead's view
        handler, rest = SUBCOMMANDS[""], text
    if handler is None:
        asked = f"“{escape(text.strip()[:80])}”" if text.strip() else "that"
        ack(**build_notice(f"I don't know the alliance command {asked}. {USAGE}"))
        return
    handler(ack, command, services, rest)
