"""Repeating the review: one confirmation (a form naming what is left open), then the
next cycle; Cancel on an older confirmation message."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.blocks.cycles import build_new_cycle_modal, new_cycle_refused, new_cycle_started
from bot.handlers.base import Click, Submission, refusal_notice
from bot.payloads import BadPayload, CycleRef, parse_json
from bot.services import Services
from core import cycles
from core.errors import Refusal


def open_new_cycle(
    ack: Ack, services: Services, user_id: str, trigger_id: str, response_url: str | None
) -> None:
    """``/peer-review new-cycle``: the confirmation form, or why not."""
    try:
        with services.store.connect() as db:
            question = cycles.ask(db, services.framework, user_id)
    except Refusal as refusal:
        ack(**refusal_notice(refusal))
        return
    ack()
    view = build_new_cycle_modal(services.framework, question)
    services.modals.open(trigger_id, view, user_id=user_id, response_url=response_url)


def open_from_button(click: Click) -> None:
    """The Home tab's "Start a new cycle" (or an older message's button): the same form."""
    framework = click.services.framework

    def build(db: Any) -> dict[str, Any]:
        ref = parse_json(click.value, CycleRef)
        return build_new_cycle_modal(framework, cycles.ask(db, framework, click.user_id, ref.c))

    click.open_modal(build)


def submit_new_cycle(sub: Submission) -> None:
    """Confirmed: close the cycle named in the form and start the next; its first area
    follows, and the form says so."""
    try:
        ref = parse_json(sub.view.get("private_metadata"), CycleRef)
        with sub.services.unit() as db:
            done = cycles.start_next(db, sub.services.framework, sub.user_id, ref.c)
    except (BadPayload, Refusal) as problem:
        sub.ack(response_action="update", view=new_cycle_refused(str(problem)))
        return
    sub.ack(response_action="update", view=new_cycle_started(sub.services.framework, done))


def cancel(click: Click) -> None:
    click.ack()
    click.reply({"delete_original": True})
