"""The summary's "Challenge a judgement" button: a partner's structured challenge."""

from __future__ import annotations

from typing import Any

from bot import ids
from bot.blocks.challenge import CHALLENGE_VIEWS, build_challenge_modal
from bot.handlers.base import Click, Submission, form_texts
from bot.payloads import CycleRef, parse_json, selected
from core import challenges
from core.errors import Refusal
from rubric.models import Framework


def open_challenge(click: Click) -> None:
    framework = click.services.framework

    def build(db: Any) -> dict[str, Any]:
        form = challenges.challenge_form(db, click.user_id, parse_json(click.value, CycleRef).c)
        return build_challenge_modal(
            framework,
            cycle_id=form.cycle.id,
            school_name=form.reviewed.name,
            judgements=form.judgements,
            evidence=form.judgements if form.evidence_shown else None,
        )

    click.open_modal(build)


def _challenge_form(
    framework: Framework, view: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """The challenge's area, view, suggested level and comment; errors by block."""
    texts, errors = form_texts(view, {ids.BLOCK_COMMENT: (ids.ACTION_COMMENT, "The comment", True)})
    area_value = selected(view, ids.BLOCK_CHALLENGE_AREA, ids.ACTION_CHALLENGE_AREA)
    if area_value != ids.GENERAL and not (area_value and framework.has_area(area_value)):
        errors[ids.BLOCK_CHALLENGE_AREA] = "Choose an area, or General."
    opinion = selected(view, ids.BLOCK_CHALLENGE_VIEW, ids.ACTION_CHALLENGE_VIEW)
    if opinion is not None and opinion not in CHALLENGE_VIEWS:
        errors[ids.BLOCK_CHALLENGE_VIEW] = "Choose one of the three views, or none."
    suggested_raw = selected(view, ids.BLOCK_SUGGESTED_LEVEL, ids.ACTION_SUGGESTED_LEVEL)
    suggested = None
    if suggested_raw is not None:
        if suggested_raw.isdigit() and int(suggested_raw) in framework.scale:
            suggested = int(suggested_raw)
        else:
            errors[ids.BLOCK_SUGGESTED_LEVEL] = "Choose one of the four levels, or none."
    area = framework.area(area_value) if area_value and framework.has_area(area_value) else None
    form = {
        "area": area,
        "view": opinion,
        "suggested": suggested,
        "comment": texts.get(ids.BLOCK_COMMENT, ""),
    }
    return form, errors


def submit_challenge(sub: Submission) -> None:
    """Store the challenge at once; the bot posts it in the thread in the partner's name."""
    framework = sub.services.framework
    ref = sub.metadata(CycleRef, ids.BLOCK_CHALLENGE_AREA)
    if ref is None:
        return
    form, errors = _challenge_form(framework, sub.view)
    if errors:
        sub.refuse(errors)
        return
    try:
        with sub.services.unit() as db:
            challenges.make_challenge(db, framework, sub.user_id, ref.c, **form)
    except Refusal as refusal:
        sub.refuse({ids.BLOCK_CHALLENGE_AREA: str(refusal)})
        return
    sub.ack()
