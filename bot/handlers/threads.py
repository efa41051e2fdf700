"""Messages in channels: replies in a summary's thread become challenges or responses.

Bot messages and questions addressed to the bot are not comments; edits and deletions of a
stored comment are recorded. The author of a stored reply is told, privately, where it was
filed, and can file it elsewhere from that note. The rules are the core's
(:mod:`core.challenges`).
"""

from __future__ import annotations

from typing import Any

from bot.blocks.filing import filed_note
from bot.handlers.base import Click
from bot.mrkdwn import unescape
from bot.payloads import BadPayload, RefileRef, parse_json
from bot.services import Services
from core import challenges
from core.errors import Refusal


def _is_bot(message: dict[str, Any]) -> bool:
    return bool(message.get("bot_id")) or message.get("subtype") == "bot_message"


def _to_bot(text: str, bot_user_id: str | None) -> bool:
    """Is the message a question to the bot (it mentions the bot)? It is answered as a
    mention and never filed, whether it is new or edited."""
    if not bot_user_id:
        return False
    return f"<@{bot_user_id}>" in text or f"<@{bot_user_id}|" in text


def handle_channel_message(
    services: Services, event: dict[str, Any], *, event_id: str | None, bot_user_id: str | None
) -> challenges.Outcome:
    subtype = event.get("subtype")
    channel = event.get("channel") or ""
    with services.unit() as db:
        if subtype == "message_changed":
            message = event.get("message") or {}
            if _is_bot(message) or not isinstance(message.get("text"), str):
                return "ignored"
            text = unescape(message["text"])  # Slack sends &, <, > escaped
            outcome = challenges.reply_edited(db, channel, str(message.get("ts", "")), text)
            if outcome != "ignored" or _to_bot(message["text"], bot_user_id):
                return outcome
            # Not stored: filed now only if it was too long to file and is shorter now.
            reply = _reply(channel, message, text)
            return challenges.reply_shortened(db, services.framework, reply, event_id=event_id)
        if subtype == "message_deleted":
            return challenges.reply_deleted(db, channel, str(event.get("deleted_ts", "")))
        if subtype not in (None, "thread_broadcast") or _is_bot(event):
            return "ignored"
        text = event.get("text") or ""
        if _to_bot(text, bot_user_id):
            return "ignored"  # a question to the bot, answered as a mention
        reply = _reply(channel, event, unescape(text))
        return challenges.thread_reply(db, services.framework, reply, event_id=event_id)


def _reply(channel: str, message: dict[str, Any], text: str) -> challenges.Reply:
    return challenges.Reply(
        channel=channel,
        ts=str(message.get("ts", "")),
        thread_ts=message.get("thread_ts"),
        author=str(message.get("user", "")),
        text=text,
    )


def refile(click: Click) -> None:
    """The author of a reply chose where to file it, in the note the bot sent them."""
    click.ack()
    option = click.action.get("selected_option")
    try:
        ref = parse_json(option.get("value") if isinstance(option, dict) else None, RefileRef)
        with click.services.unit() as db:
            filing = challenges.refile(db, click.services.framework, click.user_id, ref.k, ref.a)
    except (BadPayload, Refusal) as problem:
        click.refuse(problem)
        return
    click.reply({"replace_original": True, **filed_note(click.services.framework, filing)})
