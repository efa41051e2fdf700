"""Repeating the review: closing a cycle and starting the next, after a confirmation."""

from __future__ import annotations

import storage
from bot import blocks, walk
from bot.handlers.modals import Click
from bot.payloads import BadPayload, CycleRef, parse_json
from rubric.models import Framework
from storage.store import Store


def ask_new_cycle(user_id: str, *, store: Store) -> dict:
    """The reply to ``/peer-review new-cycle``: a confirmation, or why not."""
    with store.connect() as db:
        try:
            school = walk.school_of(db, user_id)
        except walk.Refusal as refusal:
            return blocks.build_notice(str(refusal))
        cycle = storage.current_cycle(db, school.id)
    if cycle is None:
        return blocks.build_notice(
            f"{blocks.escape(school.name)} has no review yet: `/peer-review start` begins cycle 1."
        )
    return blocks.build_new_cycle_confirm(school, cycle)


def confirm_new_cycle(click: Click, *, store: Store, framework: Framework) -> None:
    """The confirmed "Start cycle N+1" button: close the cycle named in it, start the next."""
    try:
        with store.connect() as db:
            cycle = walk.cycle_for(db, parse_json(click.value, CycleRef).c)
            school = walk.require_member(db, cycle, click.user_id)
            current = storage.current_cycle(db, school.id)
            if current is None or current.id != cycle.id:
                on = f" {school.name} is on cycle {current.number}." if current else ""
                raise walk.Refusal(f"Cycle {cycle.number} was already closed.{on}")
            started = storage.new_cycle(db, school.id, framework, click.user_id)
            click.reply(
                replace_original=True,
                **blocks.build_notice(
                    f"Review cycle {started.number} started for {blocks.escape(school.name)}; "
                    f"cycle {cycle.number} is kept for comparison."
                ),
            )
            walk.present_area(
                click.client, db, framework, started, framework.areas[0], click.user_id
            )
    except (BadPayload, walk.Refusal) as problem:
        click.refuse(str(problem))


def cancel(click: Click, *, store: Store, framework: Framework) -> None:
    click.respond(delete_original=True)
