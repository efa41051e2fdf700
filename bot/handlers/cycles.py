"""Repeating the review: the confirmed "Start cycle N+1" button, and Cancel."""

from __future__ import annotations

from bot.blocks.kit import build_notice, escape
from bot.handlers.base import Click
from bot.payloads import BadPayload, CycleRef, parse_json
from core import cycles
from core.errors import Refusal


def confirm_new_cycle(click: Click) -> None:
    """Close the cycle named in the button and start the next; its first area follows."""
    click.ack()
    try:
        ref = parse_json(click.value, CycleRef)
        with click.services.unit() as db:
            done = cycles.start_next(db, click.services.framework, click.user_id, ref.c)
    except (BadPayload, Refusal) as problem:
        click.refuse(problem)
        return
    click.reply(
        {
            "replace_original": True,
            **build_notice(
                f"Review cycle {done.started.number} started for {escape(done.school.name)}; "
                f"cycle {done.closed.number} is kept for comparison."
            ),
        }
    )


def cancel(click: Click) -> None:
    click.ack()
    click.reply({"delete_original": True})
