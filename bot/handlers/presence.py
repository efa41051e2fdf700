"""The bot let into a channel: what waited for it there follows (core.channels)."""

from __future__ import annotations

from typing import Any

from bot.services import Services
from core import channels


def bot_joined_channel(
    services: Services, event: dict[str, Any], *, bot_user_id: str | None
) -> bool:
    """``member_joined_channel`` for the bot itself; True when it was about the bot."""
    channel = event.get("channel")
    if not bot_user_id or event.get("user") != bot_user_id or not isinstance(channel, str):
        return False  # someone else joined: not ours to note
    inviter = event.get("inviter")
    with services.unit() as db:
        channels.bot_let_in(
            db, services.framework, channel, by=inviter if isinstance(inviter, str) else None
        )
    return True
