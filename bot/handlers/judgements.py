"""Choosing a level, the judgement modal and its submission, and viewing full evidence."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from slack_bolt import Ack

from bot import ids
from bot.blocks.judgement import build_full_evidence_modal, build_judgement_modal
from bot.handlers.base import Click, Submission, form_texts
from bot.payloads import AreaRef, BadPayload, JudgementMeta, parse_json, state_value
from bot.services import Services
from core import review
from core.errors import STALE, Refusal


def open_from_button(click: Click) -> None:
    """A button about one area: a level or Change (judgement modal), or Full evidence.

    The button's value is checked like any input; a refusal (forged or stale value,
    someone else's school) becomes a private reply and nothing changes.
    """
    framework = click.services.framework
    full_evidence = click.action.get("action_id") == ids.ACTION_FULL_EVIDENCE
    container = click.body.get("container") or {}

    def build(db: Any) -> dict[str, Any]:
        ref = parse_json(click.value, AreaRef)
        if full_evidence:
            found = review.evidence(db, framework, click.user_id, ref.c, ref.a)
            return build_full_evidence_modal(
                framework, found.area, found.judgement, found.school.name
            )
        form = review.judgement_form(db, framework, click.user_id, ref.c, ref.a, ref.l)
        meta = {
            "c": form.cycle.id,
            "a": form.area.id,
            "ch": container.get("channel_id"),
            "ts": container.get("message_ts"),
        }
        return build_judgement_modal(
            framework,
            form.area,
            level=form.level,
            metadata=meta,
            judgement=form.judgement,
            school_name=form.school.name,
            last_actions=form.last_actions,
        )

    click.open_modal(build)


def toggle_descriptors(click: Click) -> None:
    """Show descriptors (or Hide descriptors) on a recorded area: its message changes in
    place for everyone who reads it, through the outbox as every area update does."""
    click.ack()
    shown = click.action.get("action_id") == ids.ACTION_SHOW_DESCRIPTORS
    try:
        ref = parse_json(click.value, AreaRef)
        message = _clicked_message(click)
        with click.services.unit() as db:
            review.show_descriptors(
                db, click.services.framework, click.user_id, ref.c, ref.a, message, shown=shown
            )
    except (BadPayload, Refusal) as problem:
        click.refuse(problem)


def _clicked_message(click: Click) -> tuple[str, str]:
    """(channel, ts) of the message whose button was clicked."""
    container = click.body.get("container") or {}
    found = (container.get("channel_id"), container.get("message_ts"))
    if not all(isinstance(part, str) and 0 < len(part) <= 40 for part in found):
        raise BadPayload(STALE)
    return found


def level_changed(ack: Ack, body: dict[str, Any], services: Services) -> None:
    """The level select inside the modal changed: show that level's descriptors.

    The blocks keep their ids, so Slack keeps what was typed and ticked.
    """
    ack()
    framework = services.framework
    view = body.get("view") or {}
    try:
        meta = parse_json(view.get("private_metadata"), JudgementMeta)
        level = int(body["actions"][0]["selected_option"]["value"])
        with services.store.connect() as db:
            form = review.judgement_form(db, framework, body["user"]["id"], meta.c, meta.a, level)
    except (BadPayload, Refusal, KeyError, IndexError, TypeError, ValueError):
        return  # the submission re-checks everything
    new = build_judgement_modal(
        framework,
        form.area,
        level=form.level,
        metadata=meta.model_dump(),
        judgement=form.judgement,
        school_name=form.school.name,
        last_actions=form.last_actions,
    )
    services.modals.update(view.get("id", ""), view.get("hash"), new)


def submit_judgement(sub: Submission) -> None:
    """Validate inside the modal (so nothing typed is lost), then record; Slack follows."""
    framework = sub.services.framework
    meta = sub.metadata(JudgementMeta, ids.BLOCK_LEVEL)
    if meta is None:
        return
    errors: dict[str, str] = {}
    chosen = state_value(sub.view, ids.BLOCK_LEVEL, ids.ACTION_LEVEL_SELECT).get("selected_option")
    try:
        level = int((chosen or {}).get("value", ""))
    except (TypeError, ValueError, AttributeError):
        level = 0
    if level not in framework.scale:
        errors[ids.BLOCK_LEVEL] = "Choose one of the four levels."
    values, text_errors = form_texts(
        sub.view,
        {
            ids.BLOCK_EVIDENCE: (ids.ACTION_EVIDENCE, "Evidence to support the judgement", True),
            ids.BLOCK_KEY_ACTIONS: (ids.ACTION_KEY_ACTIONS, "Key actions", False),
            ids.BLOCK_LINKS: (ids.ACTION_LINKS, "Links", False),
        },
    )
    errors.update(text_errors)
    if errors:
        sub.refuse(errors)
        return
    try:
        form = review.JudgementInput(
            level=level,
            evidence=values[ids.BLOCK_EVIDENCE],
            key_actions=values[ids.BLOCK_KEY_ACTIONS],
            links=values[ids.BLOCK_LINKS].splitlines(),
            sources=_ticked_sources(sub.view),
            actions_done=_ticked(sub.view, ids.BLOCK_ACTIONS_DONE, ids.ACTION_ACTIONS_DONE),
        )
        message = (meta.ch, meta.ts) if meta.ch and meta.ts else None
        with sub.services.unit() as db:
            review.record(db, framework, sub.user_id, meta.c, meta.a, form, message=message)
    except Refusal as refusal:
        sub.refuse({ids.BLOCK_LEVEL: str(refusal)})
        return
    sub.ack()  # the modal closes; the message update and what follows are in the outbox


def _ticked_sources(view: dict[str, Any]) -> list[int]:
    """The evidence sources ticked, across the checkbox groups of up to 10."""
    ticked: list[int] = []
    for block_id in (view.get("state") or {}).get("values") or {}:
        if block_id.startswith(ids.BLOCK_SOURCES + "_"):
            ticked += _ticked(view, block_id, ids.ACTION_SOURCES)
    return ticked


def _ticked(view: dict[str, Any], block_id: str, action_id: str) -> Sequence[int]:
    """The indexes of the ticked checkboxes; a forged value is refused."""
    indexes = []
    for option in state_value(view, block_id, action_id).get("selected_options") or []:
        try:
            indexes.append(int(option["value"]))
        except (KeyError, TypeError, ValueError):
            raise Refusal(STALE) from None
    return indexes
