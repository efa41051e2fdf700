"""The summary's "Challenge a judgement" button: a partner's structured challenge."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError
from sqlite_utils import Database

import storage
from bot import blocks, ids, walk
from bot.handlers.modals import Click, Submission, form_texts, open_modal
from bot.payloads import CycleRef, parse_json, selected
from rubric.models import Framework
from storage.records import Cycle, School
from storage.store import Store

log = logging.getLogger("peer-review")


def partner_school(db: Database, cycle: Cycle, user_id: str) -> tuple[School, School]:
    """(reviewed school, the asker's partner school), or Refusal saying why not."""
    reviewed = storage.get_school(db, cycle.school_id)
    if storage.is_member(db, reviewed.id, user_id):
        raise walk.Refusal(
            f"You can't challenge {reviewed.name}'s own judgements — reply in the summary's "
            "thread to respond to a challenge, or record agreed outcomes."
        )
    for partner in storage.partners_of(db, reviewed.id):
        if storage.is_member(db, partner.id, user_id):
            return reviewed, partner
    raise walk.Refusal(
        f"Only members of {reviewed.name}'s trio partner schools can challenge its judgements."
    )


def open_challenge(click: Click, *, store: Store, framework: Framework) -> None:
    def build(db: Database, user_id: str) -> dict[str, Any]:
        cycle = walk.cycle_for(db, parse_json(click.value, CycleRef).c)
        reviewed, _ = partner_school(db, cycle, user_id)
        return blocks.build_challenge_modal(
            framework,
            cycle_id=cycle.id,
            school_name=reviewed.name,
            judgements=storage.judgements_for(db, cycle.id),
        )

    open_modal(click, build, store=store)


def _challenge_form(
    framework: Framework, view: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """The challenge's area, view, suggested level and comment; errors by block."""
    texts, errors = form_texts(view, {ids.BLOCK_COMMENT: (ids.ACTION_COMMENT, "The comment", True)})
    area_value = selected(view, ids.BLOCK_CHALLENGE_AREA, ids.ACTION_CHALLENGE_AREA)
    if area_value != ids.GENERAL and not (area_value and framework.has_area(area_value)):
        errors[ids.BLOCK_CHALLENGE_AREA] = "Choose an area, or General."
    opinion = selected(view, ids.BLOCK_CHALLENGE_VIEW, ids.ACTION_CHALLENGE_VIEW)
    if opinion is not None and opinion not in blocks.CHALLENGE_VIEWS:
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


def submit_challenge(sub: Submission, *, store: Store, framework: Framework) -> None:
    user_id, client = sub.user_id, sub.client
    ref = sub.metadata(CycleRef, ids.BLOCK_CHALLENGE_AREA)
    if ref is None:
        return
    form, errors = _challenge_form(framework, sub.view)
    if errors:
        sub.refuse(errors)
        return
    area = form["area"]
    with store.connect() as db:
        try:
            cycle = walk.cycle_for(db, ref.c)
            _, partner = partner_school(db, cycle, user_id)
            if not (cycle.summary_channel and cycle.summary_ts):
                raise walk.Refusal("That summary has not been posted yet.")
        except walk.Refusal as problem:
            sub.refuse({ids.BLOCK_CHALLENGE_AREA: str(problem)})
            return
        sub.ack()
        judged = storage.judgements_for(db, cycle.id).get(area.id) if area else None
        post = blocks.challenge_post(
            framework,
            author=user_id,
            partner=partner.name,
            area=area,
            judged=judged.level if judged else None,
            view=form["view"],
            suggested=form["suggested"],
            comment=form["comment"],
        )
        try:
            posted = client.chat_postMessage(
                channel=cycle.summary_channel, thread_ts=cycle.summary_ts, **post
            )
        except SlackApiError as error:
            code = error.response.get("error", "unknown_error")
            log.warning("challenge not posted: %s", code)
            client.chat_postMessage(
                channel=user_id,
                **blocks.build_notice(
                    f"Slack refused to post your challenge ({code}). Here it is, so nothing is "
                    f"lost — please post it in the thread yourself:\n{post['text']}"
                ),
            )
            return
        storage.add_challenge(
            db,
            cycle.id,
            author_id=user_id,
            text=form["comment"],
            channel_id=cycle.summary_channel,
            ts=posted["ts"],
            framework=framework,
            kind="challenge",
            area_id=area.id if area else None,
            author_school_id=partner.id,
            view=form["view"],
            suggested_level=form["suggested"],
            thread_ts=cycle.summary_ts,
        )
        walk.refresh_summary(client, db, framework, storage.get_cycle(db, cycle.id))
