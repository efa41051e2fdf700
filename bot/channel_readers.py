"""Asking Slack who can read a channel: its name, whether it is private, its members."""

from __future__ import annotations

import logging
from functools import cache

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

log = logging.getLogger("peer-review.channels")

MOST_MEMBERS = 2000  # members read from Slack before counting stops
# Slack won't say who reads this channel (a private one the bot is not in, for instance).
CANT_SAY = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "missing_scope",
        "method_not_supported_for_channel_type",
    }
)


def ask_slack(client: WebClient, channel: str) -> tuple[str, bool, list[str]] | None:
    """The channel's name, whether it is private, and its members but the bot; None when
    Slack won't say (a private channel the bot is not in: the form can't warn)."""
    try:
        info = client.conversations_info(channel=channel)["channel"]
        members: list[str] = []
        cursor = None
        while len(members) < MOST_MEMBERS:
            page = client.conversations_members(channel=channel, limit=1000, cursor=cursor)
            members += page.get("members") or []
            cursor = (page.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                break
    except SlackApiError as error:
        if error.response.get("error") not in CANT_SAY:  # "not now", or "no" to the bot
            raise
        log.info("could not check %s: %s", channel, error.response.get("error"))
        return None
    bot = bot_user(client) if members else None
    return (
        str(info.get("name") or channel),
        bool(info.get("is_private")),
        [m for m in members if m != bot],
    )


@cache
def bot_user(client: WebClient) -> str | None:
    """The bot's own user id (asked of Slack once per client: it never changes)."""
    return client.auth_test().get("user_id")
