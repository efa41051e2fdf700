"""Messages in channels: replies in a summary's thread become challenges or responses.

Bot messages and questions addressed to the bot are not comments; edits and deletions of a
stored comment are recorded. The rules are the core's (:mod:`core.challenges`).
"""

from __future__ import annotations

from typing import Any

from bot.mrkdwn import unescape
from bot.services import Services
from core import challenges


def _is_bot(message: dict[str, Any]) -> bool:
    return bool(message.get("bot_id")) or message.get("subtype") == "bot_message"


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
            return challenges.reply_edited(db, channel, str(message.get("ts", "")), text)
        if subtype == "message_deleted":
            return challenges.reply_deleted(db, channel, str(event.get("deleted_ts", "")))
        if subtype not in (None, "thread_broadcast") or _is_bot(event):
            return "ignored"
        text = event.get("text") or ""
        if bot_user_id and f"<@{bot_user_id}>" in text:
            return "ignored"  # a question to the bot, answered as a mention
        reply = challenges.Reply(
            channel=channel,
            ts=str(event.get("ts", "")),
            thread_ts=event.get("thread_ts"),
            author=str(event.get("user", "")),
            text=unescape(text),
        )
        return challenges.thread_reply(db, services.framework, reply, event_id=event_id)
