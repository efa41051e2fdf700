"""The guided walk through the areas, and the summary to the trio.

These functions are the "domain call" step of the listeners: they read and write storage
and send Slack messages through the client they are given. They are importable and usable
without an App.
"""

from __future__ import annotations

import logging
import re

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlite_utils import Database

import storage
from bot import blocks
from bot.chart import radar_png
from bot.payloads import AreaRef, BadPayload, parse_json
from rubric.diagnostic import Shift, shift
from rubric.diagnostic import priorities as rank
from rubric.models import Area, Framework
from storage.records import Cycle, School

log = logging.getLogger("peer-review")

NOT_A_MEMBER = (
    "You're not a member of any school yet. Run `/peer-review setup` to set up your school, "
    "or ask a colleague who is a member to add you."
)


class Refusal(Exception):
    """Something the person asked for cannot be done; ``str()`` says why, politely."""


def school_of(db: Database, user_id: str) -> School:
    """The school the user acts for (their first, if they belong to several)."""
    schools = storage.schools_of(db, user_id)
    if not schools:
        raise Refusal(NOT_A_MEMBER)
    return schools[0]


def require_member(db: Database, cycle: Cycle, user_id: str) -> School:
    school = storage.get_school(db, cycle.school_id)
    if not storage.is_member(db, school.id, user_id):
        raise Refusal(
            f"Only members of {school.name} can record or change its judgements. "
            "Ask one of its members to add you with `/peer-review setup`."
        )
    return school


def cycle_for(db: Database, cycle_id: int) -> Cycle:
    try:
        return storage.get_cycle(db, cycle_id)
    except storage.NotFoundError:
        raise Refusal(
            "That review no longer exists. Start again with `/peer-review start`."
        ) from None


def area_for(framework: Framework, area_id: str) -> Area:
    if not framework.has_area(area_id):
        raise Refusal(f"{area_id[:40]!r} is not an area of the framework; nothing was changed.")
    return framework.area(area_id)


def open_cycle(db: Database, school: School, framework: Framework, user_id: str) -> Cycle:
    """The school's current cycle, started now if there is none."""
    cycle = storage.current_cycle(db, school.id)
    if cycle is None:
        cycle = storage.start_cycle(db, school.id, framework, user_id)
    if cycle.framework_id != framework.id:
        raise Refusal(
            f"{school.name}'s current review uses the framework {cycle.framework_id!r}, "
            "which this bot is not running."
        )
    return cycle


def school_and_cycle(db: Database, user_id: str, framework: Framework) -> tuple[School, Cycle]:
    """The user's school and its current cycle (started now if there is none)."""
    school = school_of(db, user_id)
    return school, open_cycle(db, school, framework, user_id)


def button_target(
    db: Database, framework: Framework, raw_value: object
) -> tuple[AreaRef, Cycle, Area]:
    """The cycle and area a button on a message is about; Refusal if forged or stale."""
    try:
        ref = parse_json(raw_value, AreaRef)
    except BadPayload as error:
        raise Refusal(str(error)) from None
    cycle = cycle_for(db, ref.c)
    return ref, cycle, area_for(framework, ref.a)


def next_area(db: Database, framework: Framework, cycle: Cycle) -> Area | None:
    judged = storage.judgements_for(db, cycle.id)
    return next((a for a in framework.areas if a.id not in judged), None)


def area_message(db: Database, framework: Framework, cycle: Cycle, area: Area) -> dict:
    judgements = storage.judgements_for(db, cycle.id)
    return blocks.build_area_message(
        framework,
        area,
        school=storage.get_school(db, cycle.school_id),
        cycle=cycle,
        judged_count=sum(1 for a in framework.area_ids if a in judgements),
        judgement=judgements.get(area.id),
        last=previous_judgement(db, cycle, area.id),
    )


def present_area(
    client: WebClient, db: Database, framework: Framework, cycle: Cycle, area: Area, user_id: str
) -> None:
    """Send one area as an interactive message: to the school's channel if set, else a DM."""
    school = storage.get_school(db, cycle.school_id)
    message = area_message(db, framework, cycle, area)
    channel = school.channel_id or user_id
    try:
        client.chat_postMessage(channel=channel, **message)
    except SlackApiError as error:
        code = error.response.get("error", "unknown_error")
        log.warning("could not present %s in %s: %s", area.id, channel, code)
        where = f"<#{channel}>" if school.channel_id else "our DM"
        raise Refusal(
            f"I couldn't post {blocks.area_label(area, framework)} in {where} ({code}). "
            + (
                "Invite me there with `/invite @peer-review`, or clear the school channel in "
                "`/peer-review setup`. "
                if school.channel_id
                else ""
            )
            + "Nothing was lost: run `/peer-review start` again to carry on."
        ) from None


def refresh_area_message(
    client: WebClient,
    db: Database,
    framework: Framework,
    cycle: Cycle,
    area: Area,
    channel: str,
    ts: str,
) -> None:
    """Show the recorded judgement in the area message, in place."""
    message = area_message(db, framework, cycle, area)
    client.chat_update(channel=channel, ts=ts, **message)


def publish_summary(client: WebClient, db: Database, framework: Framework, cycle: Cycle) -> str:
    """Post the school's summary to its trio channel, or update it in place; then the chart.

    Returns a sentence for the person who triggered it. Slack errors about the channel are
    reported to them; the judgements are already stored, so nothing is lost.
    """
    school = storage.get_school(db, cycle.school_id)
    trio = storage.trio_of(db, school.id)
    if trio is None:
        return (
            "Your summary is ready, but your school has no trio channel yet. Choose one with "
            "`/peer-review setup` and I'll post it there."
        )
    message = summary_message(db, framework, cycle)
    try:
        if cycle.summary_ts and cycle.summary_channel == trio.channel_id:
            client.chat_update(channel=cycle.summary_channel, ts=cycle.summary_ts, **message)
            ts, verb = cycle.summary_ts, "updated"
        else:
            response = client.chat_postMessage(channel=trio.channel_id, **message)
            ts, verb = response["ts"], "posted"
            storage.set_summary_message(db, cycle.id, trio.channel_id, ts)
        title = f"{school.name} · cycle {cycle.number}"
        png = radar_png(framework, chart_cycles(db, cycle), title)
        client.files_upload_v2(
            channel=trio.channel_id,
            thread_ts=ts,
            file=png,
            filename=f"peer-review-{school.id}-cycle-{cycle.number}.png",
            title=f"Shape: {title}",
            alt_txt="Radar chart of the five area levels: " + message["text"],
        )
    except SlackApiError as error:
        code = error.response.get("error", "unknown_error")
        log.warning("could not publish the summary to %s: %s", trio.channel_id, code)
        if code in ("not_in_channel", "channel_not_found", "is_archived"):
            return (
                f"Your judgements are saved, but I couldn't post the summary to "
                f"<#{trio.channel_id}> ({code}). Invite me there with `/invite @peer-review`, "
                "then run `/peer-review start` to post it."
            )
        return (
            f"Your judgements are saved, but Slack refused the summary ({code}). "
            "Run `/peer-review start` to try again."
        )
    return f"Your summary is {verb} in <#{trio.channel_id}>."


def challenge_counts(db: Database, cycle_id: int) -> dict[str | None, tuple[int, int]]:
    """Per area (None: general): how many peer challenges, and how many still open."""
    counts: dict[str | None, tuple[int, int]] = {}
    for comment in storage.challenges_for(db, cycle_id):
        if comment.kind != "challenge":
            continue
        total, still_open = counts.get(comment.area_id, (0, 0))
        counts[comment.area_id] = (total + 1, still_open + (comment.status == "open"))
    return counts


def revisions(db: Database, framework: Framework, cycle: Cycle) -> dict[str, str]:
    """Per area, its latest revision after challenge, as the workbook would note it."""
    comments = [c for c in storage.challenges_for(db, cycle.id) if c.kind == "challenge"]
    lines: dict[str, str] = {}
    for entry in storage.history_for(db, cycle.id):
        if entry.kind != "after_challenge" or entry.previous_level is None:
            continue
        peers = list(dict.fromkeys(c.author_id for c in comments if c.area_id == entry.area_id))
        peers = peers or list(dict.fromkeys(c.author_id for c in comments))
        by = f" by {', '.join(f'<@{p}>' for p in peers)}" if peers else ""
        lines[entry.area_id] = (
            f"{framework.label(entry.previous_level)} → {framework.label(entry.level)} after "
            f"challenge{by}: {blocks.escape(entry.reason or '')}"
        )
    return lines


def shift_since_last(db: Database, framework: Framework, cycle: Cycle) -> Shift | None:
    """How the cycle moved from the school's previous one (None for a first cycle)."""
    before = storage.previous_cycle(db, cycle)
    if before is None:
        return None
    return shift(framework, storage.scores_for(db, before.id), storage.scores_for(db, cycle.id))


def chart_cycles(db: Database, cycle: Cycle, most: int = 3) -> list[tuple[str, dict[str, int]]]:
    """The cycle and up to `most - 1` before it, oldest first, labelled with number and date."""
    cycles = [c for c in storage.cycles_of(db, cycle.school_id) if c.number <= cycle.number]
    return [
        (
            f"Cycle {c.number} · {blocks.when(c.completed_at or c.started_at)}",
            storage.scores_for(db, c.id),
        )
        for c in cycles[-most:]
    ]


def summary_message(db: Database, framework: Framework, cycle: Cycle) -> dict:
    outcome = storage.cycle_outcome_for(db, cycle.id)
    return blocks.build_summary_for(
        framework,
        school=storage.get_school(db, cycle.school_id),
        cycle=cycle,
        judgements=storage.judgements_for(db, cycle.id),
        challenges=challenge_counts(db, cycle.id),
        revisions=revisions(db, framework, cycle),
        agreed=(outcome.successes, outcome.improvements) if outcome else None,
        challenged_by=storage.peer_challenge_fields(db, cycle.id),
        shift=shift_since_last(db, framework, cycle),
    )


def refresh_summary(client: WebClient, db: Database, framework: Framework, cycle: Cycle) -> None:
    """Update the summary in place (challenge counts changed); the chart is unchanged."""
    if not (cycle.summary_channel and cycle.summary_ts):
        return
    try:
        client.chat_update(
            channel=cycle.summary_channel,
            ts=cycle.summary_ts,
            **summary_message(db, framework, cycle),
        )
    except SlackApiError as error:
        log.warning("summary not refreshed: %s", error.response.get("error"))


def action_lines(key_actions: str, most: int = 10) -> list[str]:
    """Key actions written one per line (bullets and numbers dropped), at most `most`."""
    lines = [
        re.sub(r"^\s*(?:[-*•]|\d+[.)])\s*", "", line).strip() for line in key_actions.splitlines()
    ]
    return [line for line in lines if line][:most]


def previous_judgement(
    db: Database, cycle: Cycle, area_id: str
) -> tuple[Cycle, storage.records.Judgement] | None:
    """The same area's judgement in the school's previous cycle, if there was one."""
    before = storage.previous_cycle(db, cycle)
    if before is None:
        return None
    judgement = storage.judgements_for(db, before.id).get(area_id)
    return (before, judgement) if judgement else None


def home_view(db: Database, framework: Framework, user_id: str) -> dict:
    """The Home tab for this user: their school's dashboard, or how to set one up."""
    schools = storage.schools_of(db, user_id)
    if not schools:
        return blocks.build_home(framework)
    school = schools[0]
    ratings = storage.ratings_for(db, school.id, framework)
    if ratings is None:
        return blocks.build_home(framework, school=school)
    scores = {a: j.level for a, j in ratings.judgements.items()}
    waiting = {
        a: still_open
        for a, (_, still_open) in challenge_counts(db, ratings.cycle.id).items()
        if still_open
    }
    return blocks.build_home(
        framework,
        school=school,
        cycle=ratings.cycle,
        diagnostic=ratings.diagnostic,
        shift=shift_since_last(db, framework, ratings.cycle),
        open_challenges=waiting,
        priorities=rank(
            framework, scores, {a: j.key_actions for a, j in ratings.judgements.items()}
        ),
    )
