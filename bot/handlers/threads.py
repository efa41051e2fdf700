"""Replies in the thread of a school's summary: peer challenges and the school's responses.

A reply by a member of a trio partner school is stored as a *challenge*; a reply by a member
of the reviewed school is stored as the school's *response*; anyone else's reply is not
stored. Each is attributed to the area it names (or "general"). Edits keep the old text;
deletions are marked, never erased. Bot messages are ignored.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Literal

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlite_utils import Database

import storage
from rubric.models import Framework
from rubric.parsing import attribute_area
from storage.records import Cycle

log = logging.getLogger("peer-review")

ACK_REACTION = "speech_balloon"

Outcome = Literal["challenge", "response", "ignored", "edited", "deleted", "duplicate"]


@dataclass(frozen=True)
class Handled:
    outcome: Outcome
    cycle: Cycle | None = None


def _is_bot(message: dict[str, Any]) -> bool:
    return bool(message.get("bot_id")) or message.get("subtype") == "bot_message"


def handle_thread_message(
    db: Database, framework: Framework, event: dict[str, Any], bot_user_id: str | None
) -> Handled:
    """Store what a channel message means for peer challenge, if anything."""
    subtype = event.get("subtype")
    channel = event.get("channel", "")
    if subtype == "message_changed":
        return _edited(db, channel, event.get("message") or {})
    if subtype == "message_deleted":
        deleted = storage.delete_challenge(db, channel, event.get("deleted_ts", ""))
        return Handled("deleted" if deleted else "ignored")
    if subtype not in (None, "thread_broadcast") or _is_bot(event):
        return Handled("ignored")
    thread_ts, ts = event.get("thread_ts"), event.get("ts")
    if not thread_ts or thread_ts == ts:
        return Handled("ignored")  # not a reply
    text = event.get("text") or ""
    if bot_user_id and f"<@{bot_user_id}>" in text:
        return Handled("ignored")  # a question to the bot, answered as a mention
    cycle = storage.cycle_for_summary(db, channel, thread_ts)
    if cycle is None:
        return Handled("ignored")  # not the thread of a summary
    reviewed = storage.get_school(db, cycle.school_id)
    author = event.get("user", "")
    if storage.is_member(db, reviewed.id, author):
        kind, school_id = "response", reviewed.id
    else:
        partner = next(
            (
                p
                for p in storage.partners_of(db, reviewed.id)
                if storage.is_member(db, p.id, author)
            ),
            None,
        )
        if partner is None:
            return Handled("ignored")  # outside the trio: not stored
        kind, school_id = "challenge", partner.id
    area = attribute_area(framework, text)
    try:
        _, created = storage.add_challenge(
            db,
            cycle.id,
            author_id=author,
            text=text,
            channel_id=channel,
            ts=ts,
            framework=framework,
            kind=kind,
            area_id=area.id if area else None,
            author_school_id=school_id,
            thread_ts=thread_ts,
        )
    except storage.InvalidError as error:
        log.info("thread reply not stored: %s", error)
        return Handled("ignored")
    return Handled(kind if created else "duplicate", cycle)


def _edited(db: Database, channel: str, message: dict[str, Any]) -> Handled:
    if _is_bot(message):
        return Handled("ignored")
    try:
        edited = storage.edit_challenge(db, channel, message.get("ts", ""), message.get("text", ""))
    except storage.InvalidError:
        return Handled("ignored")
    if edited is None:
        return Handled("ignored")
    return Handled("edited", storage.get_cycle(db, edited.cycle_id))


def acknowledge(client: WebClient, channel: str, ts: str) -> None:
    """A quiet reaction on the reply, instead of a message per comment."""
    try:
        client.reactions_add(channel=channel, timestamp=ts, name=ACK_REACTION)
    except SlackApiError as error:
        if error.response.get("error") != "already_reacted":
            log.info("could not react to %s/%s: %s", channel, ts, error.response.get("error"))
