"""Choosing a level, the judgement modal and its submission, and viewing full evidence."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from slack_sdk import WebClient

import storage
from bot import blocks, ids, walk
from bot.handlers.modals import Click, Submission, form_texts, open_modal
from bot.payloads import (
    STALE,
    AreaRef,
    BadPayload,
    JudgementMeta,
    parse_json,
    state_value,
)
from rubric.models import Area, Framework
from storage.records import Cycle
from storage.store import Store

CHOOSE_LEVEL = re.compile(rf"^{ids.ACTION_CHOOSE_LEVEL}_\d+$")


def open_from_button(click: Click, *, store: Store, framework: Framework) -> None:
    """A button about one area: a level or Change (judgement modal), or Full evidence.

    The button's value is checked like any input; a refusal (forged or stale value,
    someone else's school) becomes an ephemeral reply and nothing changes.
    """
    action_id = click.action.get("action_id")
    view_for: Callable[[Any, AreaRef, Cycle, Area, str], dict[str, Any]]
    if action_id == ids.ACTION_FULL_EVIDENCE:
        view_for = partial(evidence_view, framework)
    else:
        view_for = partial(judgement_view, framework, click.body.get("container", {}))

    def build(db: Any, user_id: str) -> dict[str, Any]:
        ref, cycle, area = walk.button_target(db, framework, click.value)
        return view_for(db, ref, cycle, area, user_id)

    open_modal(click, build, store=store)


def judgement_view(
    framework: Framework,
    container: dict[str, Any],
    db: Any,
    ref: AreaRef,
    cycle: Cycle,
    area: Area,
    user_id: str,
) -> dict[str, Any]:
    """The judgement modal for a level button (or Change) on an area message."""
    school = walk.require_member(db, cycle, user_id)
    judgement = storage.judgements_for(db, cycle.id).get(area.id)
    level = ref.l if ref.l is not None else (judgement.level if judgement else None)
    if level not in framework.scale:
        raise walk.Refusal(f"{level!r} is not a maturity level; nothing was changed.")
    if not cycle.is_open:
        raise walk.Refusal(f"Review cycle {cycle.number} is closed; it can't be changed.")
    meta = {
        "c": cycle.id,
        "a": area.id,
        "ch": container.get("channel_id"),
        "ts": container.get("message_ts"),
    }
    return blocks.build_judgement_modal(
        framework,
        area,
        level=level,
        metadata=meta,
        judgement=judgement,
        school_name=school.name,
        last_actions=last_actions(db, cycle, area.id),
    )


def last_actions(db: Any, cycle: Cycle, area_id: str) -> list[str]:
    """Last cycle's key actions for the area, one per line (empty in a first cycle)."""
    found = walk.previous_judgement(db, cycle, area_id)
    return walk.action_lines(found[1].key_actions) if found else []


def level_changed(
    body: dict[str, Any], client: WebClient, *, store: Store, framework: Framework
) -> None:
    """The level select inside the modal changed: show that level's descriptors.

    The blocks keep their ids, so Slack keeps what was typed and ticked.
    """
    view = body.get("view", {})
    try:
        meta = parse_json(view.get("private_metadata"), JudgementMeta)
        area = walk.area_for(framework, meta.a)
        level = int(body["actions"][0]["selected_option"]["value"])
        with store.connect() as db:
            actions = last_actions(db, walk.cycle_for(db, meta.c), area.id)
    except (BadPayload, walk.Refusal, KeyError, TypeError, ValueError):
        return  # the submission re-checks everything
    if level not in framework.scale:
        return
    new = blocks.build_judgement_modal(
        framework, area, level=level, metadata=meta.model_dump(), last_actions=actions
    )
    client.views_update(view_id=view["id"], hash=view.get("hash"), view=new)


def submit_judgement(sub: Submission, *, store: Store, framework: Framework) -> None:
    """Validate inside the modal (so nothing typed is lost), store, then update Slack."""
    ack, view, client, user_id = sub.ack, sub.view, sub.client, sub.user_id
    errors: dict[str, str] = {}
    meta = sub.metadata(JudgementMeta, ids.BLOCK_LEVEL)
    if meta is None:
        return
    chosen = state_value(view, ids.BLOCK_LEVEL, ids.ACTION_LEVEL_SELECT).get("selected_option")
    try:
        level = int((chosen or {}).get("value", ""))
    except (TypeError, ValueError):
        level = None
    if level not in framework.scale:
        errors[ids.BLOCK_LEVEL] = "Choose one of the four levels."
    values, text_errors = form_texts(
        view,
        {
            ids.BLOCK_EVIDENCE: (ids.ACTION_EVIDENCE, "Evidence to support the judgement", True),
            ids.BLOCK_KEY_ACTIONS: (ids.ACTION_KEY_ACTIONS, "Key actions", False),
            ids.BLOCK_LINKS: (ids.ACTION_LINKS, "Links", False),
        },
    )
    errors.update(text_errors)
    if errors:
        ack(response_action="errors", errors=errors)
        return
    with store.connect() as db:
        try:
            cycle = walk.cycle_for(db, meta.c)
            school = walk.require_member(db, cycle, user_id)
            area = walk.area_for(framework, meta.a)
            sources = _chosen_sources(view, area.evidence_sources)
            done = _chosen(
                view,
                ids.BLOCK_ACTIONS_DONE,
                ids.ACTION_ACTIONS_DONE,
                last_actions(db, cycle, area.id),
            )
            first_time = area.id not in storage.judgements_for(db, cycle.id)
            recorded = storage.record_judgement(
                db,
                cycle.id,
                area.id,
                level,
                evidence=values[ids.BLOCK_EVIDENCE],
                key_actions=values[ids.BLOCK_KEY_ACTIONS],
                evidence_sources=sources,
                evidence_links=values[ids.BLOCK_LINKS].splitlines(),
                actions_done=done,
                recorded_by=user_id,
                framework=framework,
            )
        except (walk.Refusal, storage.StorageError) as problem:
            ack(response_action="errors", errors={ids.BLOCK_LEVEL: str(problem)})
            return
        ack()  # the modal closes; the rest is Slack messages
        after_judgement(
            client, db, framework, recorded, school, area, meta, user_id, first_time=first_time
        )


def after_judgement(
    client: WebClient,
    db: Any,
    framework: Framework,
    recorded: storage.Recorded,
    school: Any,
    area: Any,
    meta: JudgementMeta,
    user_id: str,
    *,
    first_time: bool,
) -> None:
    """Show the judgement in place; then the next area, or the summary once all are judged."""
    cycle = recorded.cycle
    if meta.ch and meta.ts:
        walk.refresh_area_message(client, db, framework, cycle, area, meta.ch, meta.ts)
    following = walk.next_area(db, framework, cycle)
    if following is not None:
        if first_time:  # a change of mind does not present the next area again
            walk.present_area(client, db, framework, cycle, following, user_id)
        return
    if not recorded.changed and cycle.summary_ts:
        return  # the same answer again: nothing new to publish
    first_summary = cycle.summary_ts is None
    note = walk.publish_summary(client, db, framework, cycle)
    if first_summary:
        note = f"All {len(framework.areas)} areas are judged for {school.name}. {note}"
    client.chat_postMessage(channel=school.channel_id or user_id, **blocks.build_notice(note))


def _chosen_sources(view: dict[str, Any], sources: tuple[str, ...]) -> list[str]:
    """The evidence sources ticked, across the checkbox groups of up to 10."""
    chosen: list[str] = []
    for block_id in view.get("state", {}).get("values", {}):
        if block_id.startswith(ids.BLOCK_SOURCES + "_"):
            chosen += _chosen(view, block_id, ids.ACTION_SOURCES, sources)
    return chosen


def _chosen(view: dict[str, Any], block_id: str, action_id: str, items: Sequence[str]) -> list[str]:
    """The items whose checkboxes are ticked; a forged or stale index is refused."""
    chosen: list[str] = []
    for option in state_value(view, block_id, action_id).get("selected_options") or []:
        try:
            index = int(option["value"])
            if index < 0:
                raise IndexError(index)
            chosen.append(items[index])
        except (KeyError, TypeError, ValueError, IndexError):
            raise walk.Refusal(STALE) from None
    return chosen


def evidence_view(
    framework: Framework, db: Any, ref: AreaRef, cycle: Cycle, area: Area, user_id: str
) -> dict[str, Any]:
    """Everything recorded for one area, for the school and its trio partners."""
    school = storage.get_school(db, cycle.school_id)
    allowed = {school.id, *(p.id for p in storage.partners_of(db, school.id))}
    if not any(s.id in allowed for s in storage.schools_of(db, user_id)):
        raise walk.Refusal(
            f"Only members of {school.name} and its trio partners can see its evidence."
        )
    judgement = storage.judgements_for(db, cycle.id).get(area.id)
    if judgement is None:
        raise walk.Refusal(f"{area.title} has no judgement yet.")
    return blocks.build_full_evidence_modal(framework, area, judgement, school.name)
