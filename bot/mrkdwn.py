"""The one rule for text that reaches Slack as mrkdwn, and the ids the bot itself mentions.

Slack parses ``&``, ``<`` and ``>`` in mrkdwn (a section's or context's text, a message's
``text``, a file's ``initial_comment``): ``<!channel>`` notifies a whole channel,
``<@U…>`` mentions someone, ``<https://x|y>`` is a link that says something else. So:

- Everything a person typed (school names, evidence, key actions, links, challenges,
  reasons, command text) is kept raw, as typed, everywhere in the bot and in storage, and
  is escaped exactly once, by :func:`escape`, where a builder in ``bot/blocks`` puts it
  into mrkdwn. A ``plain_text`` object, an input's ``initial_value`` and an option's
  ``value`` are never parsed by Slack and take the raw text.
- Text Slack sends the bot in a message event or a slash command arrives with the same
  three characters escaped; :func:`unescape` turns it back into what was typed before
  anything reads it, so echoing it never escapes it twice.
- The bot's own mentions are built only by :func:`mention` and :func:`channel_link`, from ids
  that have the shape of Slack's; anything else is shown as text.
- Cutting mrkdwn to a limit (:func:`fit`) never cuts an ``&amp;`` or a ``<@U…>`` in half.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

USER_ID = re.compile(r"[UW][A-Z0-9]{1,20}")
CHANNEL_ID = re.compile(r"[CGD][A-Z0-9]{1,20}")
_OPEN_ENTITY = re.compile(r"&[a-z]{0,3}$")
_MENTION = re.compile(r"<@([UW][A-Z0-9]{1,20})>")


def escape(text: str) -> str:
    """Raw text as mrkdwn: Slack's three control characters as entities."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    """Text as Slack sends it in an event or a command, back to what the person typed."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def is_user_id(value: object) -> bool:
    return isinstance(value, str) and USER_ID.fullmatch(value) is not None


def is_channel_id(value: object) -> bool:
    return isinstance(value, str) and CHANNEL_ID.fullmatch(value) is not None


def mention(user_id: str) -> str:
    """A mention of a Slack user; an id without Slack's shape is shown as text."""
    return f"<@{user_id}>" if is_user_id(user_id) else escape(str(user_id))


def named(text: str, names: Mapping[str, str]) -> str:
    """`text` (mrkdwn) with the mentions of people whose names are known written as their
    names: for a notification's fallback text, which a phone may show without resolving
    ``<@U…>``. Messages themselves keep their mentions."""
    return _MENTION.sub(lambda m: escape(names[m[1]]) if m[1] in names else m[0], text)


def channel_link(channel_id: str | None) -> str:
    """A link to a Slack channel; an id without Slack's shape is shown as text."""
    return f"<#{channel_id}>" if is_channel_id(channel_id) else escape(str(channel_id))


def cut_point(text: str, limit: int) -> int:
    """Where to cut mrkdwn at most `limit` characters in, outside any entity or ``<…>``."""
    head = text[:limit]
    opened = head.rfind("<")
    if opened > head.rfind(">"):
        head = head[:opened]
    entity = _OPEN_ENTITY.search(head)
    return entity.start() if entity else len(head)


def fit(text: str, limit: int, ellipsis: str = "…") -> str:
    """mrkdwn cut to at most `limit` characters, ending with an ellipsis when cut.

    The cut moves back before an entity (``&amp;``) or a ``<…>`` it would split.
    """
    if len(text) <= limit:
        return text
    return text[: cut_point(text, limit - len(ellipsis))].rstrip() + ellipsis
