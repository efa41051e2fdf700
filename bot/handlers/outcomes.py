"""The summary's "Record agreed outcomes" button: after challenge, what the school agreed."""

from __future__ import annotations

from typing import Any

from bot import ids
from bot.blocks.outcomes import build_outcomes_modal
from bot.handlers.base import Click, Submission, form_texts
from bot.payloads import CycleRef, parse_json, state_value, text_value
from core import outcomes
from core.errors import Refusal
from rubric.models import Framework
from storage import InvalidError, validate


def open_outcomes(click: Click) -> None:
    framework = click.services.framework

    def build(db: Any) -> dict[str, Any]:
        ref = parse_json(click.value, CycleRef)
        return build_outcomes_modal(
            framework, outcomes.outcomes_form(db, framework, click.user_id, ref.c)
        )

    click.open_modal(build)


def _decisions(
    framework: Framework, view: dict[str, Any]
) -> tuple[dict[str, outcomes.Decision], dict[str, str]]:
    """{area: Decision} from the form, and errors by block."""
    decisions: dict[str, outcomes.Decision] = {}
    errors: dict[str, str] = {}
    for area in framework.areas:
        block = f"{ids.BLOCK_DECISION}_{area.id}"
        option = state_value(view, block, ids.ACTION_DECISION).get("selected_option")
        chosen = option.get("value") if isinstance(option, dict) else None
        reason_block = f"{ids.BLOCK_REASON}_{area.id}"
        try:
            reason = validate.text(
                text_value(view, reason_block, ids.ACTION_REASON), "The reason", required=False
            )
        except InvalidError as error:
            errors[reason_block] = str(error)
            continue
        if chosen is None:
            continue
        if not isinstance(chosen, str) or (
            chosen != "stands" and not (chosen.isdigit() and int(chosen) in framework.scale)
        ):
            errors[block] = "Choose 'stands' or one of the levels."
        elif chosen != "stands" and not reason:
            errors[reason_block] = "Say why the judgement is revised; it is kept in its history."
        else:
            level = None if chosen == "stands" else int(chosen)
            decisions[area.id] = outcomes.Decision(level=level, reason=reason)
    return decisions, errors


def submit_outcomes(sub: Submission) -> None:
    framework = sub.services.framework
    first_block = f"{ids.BLOCK_DECISION}_{framework.areas[0].id}"
    ref = sub.metadata(CycleRef, ids.BLOCK_SUCCESSES)
    if ref is None:
        return
    decisions, errors = _decisions(framework, sub.view)
    texts, text_errors = form_texts(
        sub.view,
        {
            ids.BLOCK_SUCCESSES: (ids.ACTION_SUCCESSES, "Successes", False),
            ids.BLOCK_IMPROVEMENTS: (ids.ACTION_IMPROVEMENTS, "Improvement areas", False),
        },
    )
    errors.update(text_errors)
    if errors:
        sub.refuse(errors)
        return
    try:
        with sub.services.unit() as db:
            outcomes.record_outcomes(
                db,
                framework,
                sub.user_id,
                ref.c,
                decisions,
                successes=texts[ids.BLOCK_SUCCESSES],
                improvements=texts[ids.BLOCK_IMPROVEMENTS],
            )
    except Refusal as refusal:
        sub.refuse({first_block: str(refusal)})
        return
    sub.ack()
