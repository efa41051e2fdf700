"""Answering "what are our ratings?" — from a mention, a DM or ``/peer-review ratings``."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

import storage
from bot import blocks
from rubric.diagnostic import shift
from rubric.models import Framework
from rubric.parsing import understand

EXAMPLES = (
    "You can ask me “what are our current ratings?”, “where are we on CPD?” or "
    "“ratings for Hillmead”."
)


def visible_schools(db: Database, user_id: str) -> list[storage.records.School]:
    """The asker's own schools and their trio partners: whose ratings they may see."""
    seen: dict[int, Any] = {}
    for school in storage.schools_of(db, user_id):
        seen[school.id] = school
        for partner in storage.partners_of(db, school.id):
            seen[partner.id] = partner
    return list(seen.values())


def answer(db: Database, framework: Framework, user_id: str, text: str) -> dict[str, Any]:
    """The reply to a question someone asked the bot."""
    schools = storage.list_schools(db)
    question = understand(framework, text, [s.name for s in schools])
    if question.intent == "help":
        return blocks.build_notice(f"Hello! {EXAMPLES} Commands: `/peer-review help`.")
    if question.intent == "unknown":
        return blocks.build_notice(
            f"Sorry, I didn't understand that. {EXAMPLES} To carry on with your "
            "self-evaluation use `/peer-review start`; `/peer-review help` lists everything."
        )
    visible = visible_schools(db, user_id)
    if question.school is not None:
        target = next(s for s in schools if s.name == question.school)
    elif question.school_hint is not None:
        names = ", ".join(s.name for s in visible) or "none yet"
        return blocks.build_notice(
            f"I don't know a school called “{blocks.escape(question.school_hint)}”. "
            f"Schools whose ratings you can see: {blocks.escape(names)}."
        )
    else:
        mine = storage.schools_of(db, user_id)
        if not mine:
            return blocks.build_notice(
                "You're not a member of any school yet, so I don't know whose ratings to show. "
                "Run `/peer-review setup`, or ask “ratings for <school>”."
            )
        target = mine[0]
    if target.id not in {s.id for s in visible}:
        return blocks.build_notice(
            f"Sorry, you can't see {blocks.escape(target.name)}'s ratings: only its members and "
            "its trio partners can."
        )
    ratings = storage.ratings_for(db, target.id, framework)
    if ratings is None:
        return blocks.build_notice(
            f"{blocks.escape(target.name)} hasn't started a review yet (`/peer-review start`)."
        )
    return ratings_message(db, framework, ratings, area=question.area)


def ratings_message(
    db: Database, framework: Framework, ratings: storage.Ratings, *, area: Any = None
) -> dict[str, Any]:
    cycle = ratings.cycle
    previous = storage.previous_cycle(db, cycle)
    change = None
    if previous is not None:
        change = shift(
            framework,
            storage.scores_for(db, previous.id),
            {a: j.level for a, j in ratings.judgements.items()},
        )
    comments = [c for c in storage.challenges_for(db, cycle.id) if c.kind == "challenge"]
    open_counts: dict[str | None, int] = {}
    for comment in comments:
        if comment.status == "open":
            open_counts[comment.area_id] = open_counts.get(comment.area_id, 0) + 1
    return blocks.build_ratings(
        framework,
        school=ratings.school,
        cycle=cycle,
        diagnostic=ratings.diagnostic,
        judgements=ratings.judgements,
        shift=change,
        open_challenges=open_counts,
        challenges=len(comments),
        area=area,
    )


def answer_once(db: Database, framework: Framework, event: dict[str, Any]) -> dict[str, Any] | None:
    """The reply to a mention or DM, or None if this message was answered already.

    Slack may deliver one message more than once (retries, or as both ``app_mention`` and
    ``message``); the message's channel and ts identify it, so it is answered once.
    """
    if not storage.claim_event(db, f"question:{event.get('channel')}:{event.get('ts')}"):
        return None
    return answer(db, framework, event.get("user", ""), event.get("text", ""))
