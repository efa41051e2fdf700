"""Peer challenge: replies in a summary's thread, and challenges made with the form.

A reply by a member of a trio partner school, or by one of the school's external
challengers (who acts for no school), is a *challenge*; a reply by a member of the reviewed
school is its *response*, and answers the open challenges on that area; anyone else's reply
(a lead of its alliance's too) is not stored. Edits keep the old text; deletions are
marked, never erased.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlite_utils import Database

import storage
from core import effects, lifecycle
from core.errors import Refusal, gone, refusing
from core.policy import (
    REVIEWERS,
    Action,
    Relation,
    acting_for,
    check,
    check_author,
    may,
    relation,
)
from core.publishing import challenge_to_post
from core.review import cycle_for, refuse_if_closed
from rubric.models import Area, Framework
from rubric.parsing import attribute_area
from storage.challenges import (
    MAX_THREAD_CHARS,
    forget_unfiled,
    is_set_aside,
    note_unfiled,
    refile_challenge,
    restate,
    set_aside,
    was_unfiled,
)
from storage.records import Challenge, ChallengeView, Cycle, Judgement, School

Outcome = Literal[
    "challenge", "response", "ignored", "edited", "deleted", "duplicate", "too_long", "closed"
]
NOT_A_CHALLENGE = "none"  # re-filed as no challenge at all (set aside, kept)
GENERAL = "general"  # re-filed under no one area
GONE = "That reply is no longer in the thread, so there is nothing to re-file."


CLOSED_CHALLENGES = (
    "its challenges are kept as they were; challenge the current cycle in its summary's thread."
)


@dataclass(frozen=True)
class Reply:
    """A message in a channel, as far as peer challenge cares."""

    channel: str
    ts: str
    thread_ts: str | None
    author: str
    text: str


def thread_reply(
    db: Database, framework: Framework, reply: Reply, *, event_id: str | None = None
) -> Outcome:
    """Store a reply in a summary's thread as a challenge or a response, if it is one.

    A retried delivery (the same `event_id`, or the same message) is stored once; each
    stored reply gets a quiet reaction, its author a note saying where it was filed (with a
    way to re-file it), and the summary's counts are updated. A reply longer than a Slack
    message can be is not stored, and its author is told (it stays in the thread); an edit
    that shortens it files it (:func:`reply_shortened`).
    """
    if not reply.thread_ts or reply.thread_ts == reply.ts:
        return "ignored"  # not a reply
    with storage.transaction(db):
        cycle = storage.cycle_for_summary(db, reply.channel, reply.thread_ts)
        if cycle is None:
            return "ignored"  # not the thread of a summary
        if event_id and not storage.claim_event(db, event_id):
            return "duplicate"
        reviewed = storage.get_school(db, cycle.school_id)
        stance = relation(db, reply.author, reviewed)
        if stance is not Relation.MEMBER and stance not in REVIEWERS:
            return "ignored"  # outside the trio and its challengers (a lead too): not stored
        if lifecycle.is_closed(cycle):  # kept as it was: told once, not filed (it stays in Slack)
            effects.unfiled(
                db,
                reviewed.id,
                reply.channel,
                reply.thread_ts,
                reply.author,
                closed=cycle.id,
                member=stance is Relation.MEMBER,
            )
            return "closed"
        area = attribute_area(framework, reply.text)
        kind: Literal["challenge", "response"] = (
            "response" if stance is Relation.MEMBER else "challenge"
        )
        try:
            stored, created = storage.add_challenge(
                db,
                cycle.id,
                author_id=reply.author,
                text=reply.text,
                channel_id=reply.channel,
                ts=reply.ts,
                framework=framework,
                kind=kind,
                area_id=area.id if area else None,
                author_school_id=_school_of_author(db, reviewed, reply.author),
                thread_ts=reply.thread_ts,
                limit=MAX_THREAD_CHARS,
            )
        except storage.InvalidError:
            if not reply.text.strip():
                return "ignored"  # nothing written: a file alone, say
            note_unfiled(db, cycle.id, reply.channel, reply.ts)
            effects.unfiled(
                db, reviewed.id, reply.channel, reply.thread_ts, reply.author, chars=len(reply.text)
            )
            return "too_long"
        forget_unfiled(db, reply.channel, reply.ts)
        if not created:
            return "duplicate"
        if kind == "response":
            storage.set_status(
                db, cycle.id, stored.area_id, "answered", only_from=lifecycle.ANSWERABLE
            )
        effects.react(db, reviewed.id, reply.channel, reply.ts)
        effects.filed(db, reviewed.id, stored.id, reply.author)
        effects.summary(db, reviewed.id, cycle.id, by=None, chart=False)
    return kind


def _school_of_author(db: Database, reviewed: School, author: str) -> int | None:
    school = acting_for(db, author, reviewed)
    return school.id if school else None


def reply_edited(db: Database, channel: str, ts: str, text: str) -> Outcome:
    """A stored reply was edited in Slack: keep the old text, show the new."""
    with storage.transaction(db):
        try:
            edited = storage.edit_challenge(db, channel, ts, text, limit=MAX_THREAD_CHARS)
        except storage.InvalidError:
            return "ignored"
        if edited is None:
            return "ignored"
        cycle = storage.get_cycle(db, edited.cycle_id)
        effects.summary(db, cycle.school_id, cycle.id, by=None, chart=False)
    return "edited"


def reply_shortened(
    db: Database, framework: Framework, reply: Reply, *, event_id: str | None = None
) -> Outcome:
    """An edit of a reply that was not stored: filed now only if it was refused as too long
    and is short enough now (an edited question to the bot, or a link Slack unfurled, is not
    a comment; an edit that leaves it too long is not told again)."""
    with storage.transaction(db):
        if not was_unfiled(db, reply.channel, reply.ts) or len(reply.text) > MAX_THREAD_CHARS:
            return "ignored"
        return thread_reply(db, framework, reply, event_id=event_id)


def reply_deleted(db: Database, channel: str, ts: str) -> Outcome:
    """A stored reply was deleted in Slack: mark it deleted (the row is kept)."""
    with storage.transaction(db):
        existing = storage.challenge_at(db, channel, ts)
        if existing is None or existing.deleted_at is not None:
            return "ignored"
        storage.delete_challenge(db, channel, ts)
        cycle = storage.get_cycle(db, existing.cycle_id)
        effects.summary(db, cycle.school_id, cycle.id, by=None, chart=False)
    return "deleted"


# -- the Challenge form -------------------------------------------------------------------


@dataclass(frozen=True)
class ChallengeForm:
    reviewed: School
    partner: School | None  # the challenger's school; None for an external challenger
    cycle: Cycle
    judgements: dict[str, Judgement]
    evidence_shown: bool = False  # may the person read the evidence (the policy's say)


def _partner(db: Database, user_id: str, reviewed: School) -> School | None:
    """The challenger's school, if they may challenge: a partner's own school, or None for
    an external challenger, who acts for no school."""
    check(db, user_id, Action.CHALLENGE, reviewed)
    return acting_for(db, user_id, reviewed)


def challenge_form(db: Database, user_id: str, cycle_id: int) -> ChallengeForm:
    cycle = cycle_for(db, cycle_id)
    reviewed = storage.get_school(db, cycle.school_id)
    partner = _partner(db, user_id, reviewed)
    refuse_if_closed(cycle, reviewed, CLOSED_CHALLENGES)
    return ChallengeForm(
        reviewed=reviewed,
        partner=partner,
        cycle=cycle,
        judgements=storage.judgements_for(db, cycle.id),
        evidence_shown=may(db, user_id, Action.SEE_EVIDENCE, reviewed),
    )


def make_challenge(
    db: Database,
    framework: Framework,
    user_id: str,
    cycle_id: int,
    *,
    area: Area | None,
    view: ChallengeView | None,
    suggested: int | None,
    comment: str,
) -> Challenge:
    """Store a partner's (or an external challenger's) challenge at once; the bot then
    posts it in the summary's thread in their name (and the summary's counts update)."""
    with storage.transaction(db):
        cycle = cycle_for(db, cycle_id)
        reviewed = storage.get_school(db, cycle.school_id)
        partner = _partner(db, user_id, reviewed)
        refuse_if_closed(cycle, reviewed, CLOSED_CHALLENGES)
        if not (cycle.summary_channel and cycle.summary_ts):
            raise Refusal("That summary has not been posted yet.")
        with refusing():
            challenge, _ = storage.add_challenge(
                db,
                cycle.id,
                author_id=user_id,
                text=comment,
                channel_id=cycle.summary_channel,
                ts=None,
                framework=framework,
                kind="challenge",
                area_id=area.id if area else None,
                author_school_id=partner.id if partner else None,
                view=view,
                suggested_level=suggested,
                thread_ts=cycle.summary_ts,
            )
        effects.post_challenge(db, reviewed.id, challenge.id, by=user_id)
        effects.summary(db, reviewed.id, cycle.id, by=None, chart=False)
    return challenge


# -- re-filing a reply --------------------------------------------------------------------


@dataclass(frozen=True)
class Filing:
    """Where a reply in the thread is filed, as its author's note says."""

    challenge: Challenge
    reviewed: School
    area: Area | None  # None: the review in general
    judged: int | None  # the area's level now
    set_aside: bool  # its author said it is not a challenge


def filing(db: Database, framework: Framework, challenge_id: int) -> Filing | None:
    """Where the reply is filed now; None once it is gone (erased, or deleted in Slack)."""
    try:
        found = challenge_to_post(db, framework, challenge_id)
    except storage.NotFoundError:
        return None
    if found.challenge.deleted_at is not None:
        return None
    return Filing(
        challenge=found.challenge,
        reviewed=found.reviewed,
        area=found.area,
        judged=found.judged,
        set_aside=is_set_aside(db, challenge_id),
    )


def refile(
    db: Database, framework: Framework, user_id: str, challenge_id: int, choice: str
) -> Filing:
    """Its author files a reply under another area (an area id), under none (`GENERAL`), or
    says it is not a challenge (`NOT_A_CHALLENGE`); the statuses of the challenges on the
    areas it left and joined, and the summary's counts, follow. Not in a closed cycle."""
    with storage.transaction(db):
        with gone(GONE):
            challenge = storage.get_challenge(db, challenge_id)
        cycle = storage.get_cycle(db, challenge.cycle_id)
        reviewed = storage.get_school(db, cycle.school_id)
        check(db, user_id, Action.REFILE, reviewed)
        check_author(user_id, challenge.author_id)
        if challenge.deleted_at is not None:
            raise Refusal(GONE)
        refuse_if_closed(cycle, reviewed, "its challenges are kept as they were.")
        if choice == NOT_A_CHALLENGE and challenge.kind == "response":
            raise Refusal("Your response stays filed: choose an area for it, or General.")
        if choice == NOT_A_CHALLENGE:
            set_aside(db, challenge_id, by=user_id)
        elif choice == GENERAL or framework.has_area(choice):
            area_id = None if choice == GENERAL else choice
            refile_challenge(db, challenge_id, area_id, framework=framework, by=user_id)
            for area in dict.fromkeys((challenge.area_id, area_id)):  # the areas left and joined
                restate(db, cycle.id, area)
        else:
            raise Refusal("That isn't one of the areas. Choose one from the list.")
        effects.summary(db, cycle.school_id, cycle.id, by=None, chart=False)
        refiled = filing(db, framework, challenge_id)
    assert refiled is not None
    return refiled
