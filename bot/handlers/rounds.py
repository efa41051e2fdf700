"""Review rounds: ``/peer-review alliance round`` (or the lead's Home button) opens the form
with the round's three dates; ``/peer-review alliance nudge SCHOOL`` (or the Nudge button on
the lead's view) reminds whoever is next at a school now."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from slack_bolt import Ack

import storage
from bot.blocks.kit import build_notice, escape
from bot.blocks.rounds import DATE_FIELDS, nudged, round_modal, round_opened_view, round_refused
from bot.handlers.base import Click, Submission, refusal_notice
from bot.payloads import AllianceRef, BadPayload, SchoolRef, chosen_date, parse_json
from bot.services import Services
from core import rounds
from core.clock import uk_today
from core.errors import Refusal

NUDGE_USAGE = "Name the school to nudge: `/peer-review alliance nudge Hillmead`."


def round_command(ack: Ack, command: dict[str, Any], services: Services, rest: str) -> None:
    """``/peer-review alliance round [ALLIANCE]``: the form, or why not."""
    user_id = command["user_id"]
    try:
        with services.store.connect() as db:
            question = rounds.ask(db, user_id, name=rest)
    except Refusal as refusal:
        ack(**refusal_notice(refusal))
        return
    ack()
    services.modals.open(
        command["trigger_id"],
        round_modal(question),
        user_id=user_id,
        response_url=command.get("response_url"),
    )


def open_from_button(click: Click) -> None:
    """The lead's Home: "Open a review round" {"a": alliance}."""

    def build(db: Any) -> dict[str, Any]:
        ref = parse_json(click.value, AllianceRef)
        return round_modal(rounds.ask(db, click.user_id, alliance_id=ref.a))

    click.open_modal(build)


def submit_round(sub: Submission) -> None:
    """The dates: the round opens (every school starts a cycle and is told), or the form
    says what to change under the date concerned."""
    ref = sub.metadata(AllianceRef, DATE_FIELDS["self_due"][0])
    if ref is None:
        return
    dates = {
        field: chosen_date(sub.view, block_id, action_id)
        for field, (block_id, action_id, _) in DATE_FIELDS.items()
    }
    services = sub.services
    try:
        with services.unit() as db:
            opened = rounds.open_round(
                db, services.framework, sub.user_id, ref.a, **dates, today=uk_today()
            )
    except Refusal as refusal:
        if refusal.field in DATE_FIELDS:
            sub.refuse({DATE_FIELDS[refusal.field][0]: str(refusal)})
        else:
            sub.ack(response_action="update", view=round_refused(str(refusal)))
        return
    sub.ack(response_action="update", view=round_opened_view(opened))


def nudge_command(ack: Ack, command: dict[str, Any], services: Services, rest: str) -> None:
    """``/peer-review alliance nudge Hillmead``."""
    if not rest:
        ack(**build_notice(NUDGE_USAGE))
        return
    with services.store.connect() as db:
        school = storage.find_school(db, rest)
    if school is None:
        ack(**build_notice(f"I don't know a school called “{escape(rest[:80])}”. {NUDGE_USAGE}"))
        return
    ack(**_nudge(services, command["user_id"], school.id))


def nudge_from_button(click: Click) -> None:
    """The lead's view: "Nudge" {"s": school}."""
    click.ack()
    try:
        ref = parse_json(click.value, SchoolRef)
    except BadPayload as problem:
        click.refuse(problem)
        return
    click.reply(_nudge(click.services, click.user_id, ref.s))


def _nudge(services: Services, user_id: str, school_id: int) -> dict[str, Any]:
    try:
        with services.unit() as db:
            done = rounds.nudge(db, services.framework, user_id, school_id, datetime.now(UTC))
    except Refusal as refusal:
        return refusal_notice(refusal)
    return nudged(done)
