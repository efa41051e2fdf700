"""The summary's "Record agreed outcomes" button: after challenge, what the school agreed."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

import storage
from bot import blocks, ids, walk
from bot.handlers.modals import Click, Submission, form_texts, open_modal
from bot.payloads import CycleRef, parse_json, state_value, text_value
from rubric.models import Framework
from storage import validate
from storage.records import Cycle
from storage.store import Store


def _modal(db: Database, framework: Framework, cycle: Cycle, school_name: str) -> dict:
    open_counts: dict[str | None, int] = {}
    for comment in storage.challenges_for(db, cycle.id):
        if comment.kind == "challenge" and comment.status != "resolved":
            open_counts[comment.area_id] = open_counts.get(comment.area_id, 0) + 1
    outcome = storage.cycle_outcome_for(db, cycle.id)
    return blocks.build_outcomes_modal(
        framework,
        cycle_id=cycle.id,
        school_name=school_name,
        judgements=storage.judgements_for(db, cycle.id),
        open_challenges=open_counts,
        agreed=(outcome.successes, outcome.improvements) if outcome else ("", ""),
    )


def open_outcomes(click: Click, *, store: Store, framework: Framework) -> None:
    def build(db: Database, user_id: str) -> dict[str, Any]:
        cycle = walk.cycle_for(db, parse_json(click.value, CycleRef).c)
        school = walk.require_member(db, cycle, user_id)
        return _modal(db, framework, cycle, school.name)

    open_modal(click, build, store=store)


def _decisions(
    framework: Framework, view: dict[str, Any]
) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """{area: (decision, reason)} from the form, and errors by block."""
    decisions: dict[str, tuple[str, str]] = {}
    errors: dict[str, str] = {}
    for area in framework.areas:
        block = f"{ids.BLOCK_DECISION}_{area.id}"
        chosen = (state_value(view, block, ids.ACTION_DECISION).get("selected_option") or {}).get(
            "value"
        )
        reason_block = f"{ids.BLOCK_REASON}_{area.id}"
        try:
            reason = validate.text(
                text_value(view, reason_block, ids.ACTION_REASON), "The reason", required=False
            )
        except storage.InvalidError as error:
            errors[reason_block] = str(error)
            continue
        if chosen is None:
            continue
        if chosen != "stands" and not (chosen.isdigit() and int(chosen) in framework.scale):
            errors[block] = "Choose 'stands' or one of the levels."
        elif chosen != "stands" and not reason:
            errors[reason_block] = "Say why the judgement is revised; it is kept in its history."
        else:
            decisions[area.id] = (chosen, reason)
    return decisions, errors


def submit_outcomes(sub: Submission, *, store: Store, framework: Framework) -> None:
    user_id, view, client = sub.user_id, sub.view, sub.client
    first_block = f"{ids.BLOCK_DECISION}_{framework.areas[0].id}"
    ref = sub.metadata(CycleRef, ids.BLOCK_SUCCESSES)
    if ref is None:
        return
    decisions, errors = _decisions(framework, view)
    texts, text_errors = form_texts(
        view,
        {
            ids.BLOCK_SUCCESSES: (ids.ACTION_SUCCESSES, "Successes", False),
            ids.BLOCK_IMPROVEMENTS: (ids.ACTION_IMPROVEMENTS, "Improvement areas", False),
        },
    )
    errors.update(text_errors)
    if errors:
        sub.refuse(errors)
        return
    with store.connect() as db:
        try:
            cycle = walk.cycle_for(db, ref.c)
            walk.require_member(db, cycle, user_id)
            revised = False
            with storage.transaction(db):
                for area_id, (decision, reason) in decisions.items():
                    storage.record_area_outcome(
                        db,
                        cycle.id,
                        area_id,
                        stands=decision == "stands",
                        new_level=None if decision == "stands" else int(decision),
                        reason=reason,
                        recorded_by=user_id,
                        framework=framework,
                    )
                    revised = revised or decision != "stands"
                if any(texts.values()):
                    storage.record_cycle_outcome(
                        db,
                        cycle.id,
                        successes=texts[ids.BLOCK_SUCCESSES],
                        improvements=texts[ids.BLOCK_IMPROVEMENTS],
                        recorded_by=user_id,
                    )
        except (walk.Refusal, storage.StorageError) as problem:
            sub.refuse({first_block: str(problem)})
            return
        sub.ack()
        cycle = storage.get_cycle(db, cycle.id)
        if revised:  # the levels changed: update the summary and re-post the chart
            walk.publish_summary(client, db, framework, cycle)
        else:
            walk.refresh_summary(client, db, framework, cycle)
