"""Delivering the news about external challengers: the DM asking one to challenge a school's
review (with its summary's link) or saying they no longer do, and the note to the school's
members. A part of :class:`bot.outbox.delivery.Delivery`, which it is mixed into."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks import externals as blocks
from bot.blocks.kit import build_notice
from bot.mrkdwn import mention
from core import externals
from storage.outbox import Effect
from storage.store import Store

Result = dict[str, Any] | None


class ExternalDeliveries:
    store: Store
    client: WebClient
    _post: Callable[..., dict[str, Any]]  # Delivery's: chat.postMessage, once

    def _external(self, effect: Effect, p: dict[str, Any]) -> Result:
        with self.store.connect() as db:
            told = externals.told(db, p["school"], p["user"], p["person"], p["what"], p["by"])
        if told is None:
            return {"skipped": "no longer so"}
        link = self._permalink(*told.summary) if told.to_them and told.summary else None
        return self._post(effect, p["user"], blocks.external_message(told, link))

    def _permalink(self, channel: str, ts: str) -> str | None:
        """The summary's link, or None if Slack won't give one (the message says where it
        is instead)."""
        try:
            found = self.client.chat_getPermalink(channel=channel, message_ts=ts)
        except SlackApiError:
            return None
        link = found.get("permalink")
        safe = isinstance(link, str) and link.startswith("https://")
        return link if safe and not any(c in link for c in "<>| ") else None

    def _explain_external(self, effect: Effect, code: str) -> dict[str, Any] | None:
        """What to tell whoever asked an external challenger when the DM can't reach them."""
        p = effect.payload
        if p["user"] != p["person"] or p["what"] != "invited":
            return None
        return build_notice(
            f"I couldn't send {mention(p['person'])} the message explaining their part as an "
            f"external challenger ({code}). They are asked all the same, so please tell them "
            "yourself."
        )
