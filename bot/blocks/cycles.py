"""Asking before a new review cycle starts."""

from __future__ import annotations

from typing import Any

from bot import ids
from bot.blocks.kit import button, escape, plain, section
from storage.records import Cycle, School


def new_cycle_confirm(cycle: Cycle) -> dict[str, Any]:
    """Slack's own "are you sure?" dialog for starting the next cycle."""
    return {
        "title": plain("Start a new cycle?"),
        "text": plain(f"Cycle {cycle.number} will be closed and can no longer be changed."),
        "confirm": plain(f"Start cycle {cycle.number + 1}"),
        "deny": plain("Not yet"),
    }


def build_new_cycle_confirm(school: School, cycle: Cycle) -> dict[str, Any]:
    """Ask before closing a cycle: the next one starts from scratch, the old one is kept."""
    text = (
        f"Close review cycle {cycle.number} for *{escape(school.name)}* and start cycle "
        f"{cycle.number + 1}? Cycle {cycle.number}'s judgements and challenges are kept, and "
        "the new walk shows them beside each area so you can track the shift."
    )
    confirm = new_cycle_confirm(cycle)
    return {
        "text": f"Start review cycle {cycle.number + 1} for {escape(school.name)}?",
        "blocks": [
            section(text),
            {
                "type": "actions",
                "block_id": "new_cycle",
                "elements": [
                    button(
                        f"Start cycle {cycle.number + 1}",
                        ids.ACTION_NEW_CYCLE,
                        {"c": cycle.id},
                        style="primary",
                        confirm=confirm,
                    ),
                    button("Cancel", ids.ACTION_CANCEL),
                ],
            },
        ],
    }
