"""Delivering the trio effects: invitations by DM, answers to the inviter, news to the
trio channel. A part of :class:`bot.outbox.delivery.Delivery`, which it is mixed into."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient

from bot.blocks import trios as blocks
from bot.blocks.kit import build_notice, escape
from bot.channel_readers import ask_slack
from core import channels, trios
from storage.outbox import Effect
from storage.store import Store

Result = dict[str, Any] | None


class TrioDeliveries:
    store: Store
    client: WebClient
    _post: Callable[..., dict[str, Any]]  # Delivery's: chat.postMessage, once

    def _invitation(self, effect: Effect, p: dict[str, Any]) -> Result:
        with self.store.connect() as db:
            view = trios.waiting_for(db, p["invitation"], p["user"])
        if view is None:
            return {"skipped": "no longer waiting"}
        return self._post(effect, p["user"], blocks.invitation_message(view))

    def _trio_news(self, effect: Effect, p: dict[str, Any]) -> Result:
        with self.store.connect() as db:
            school = trios.school_or_none(db, p["school"])
        if school is None:
            return {"skipped": "the school is gone"}
        return self._post(effect, p["channel"], blocks.trio_news(school, p["what"], p["by"]))

    def _invitation_answered(self, effect: Effect, p: dict[str, Any]) -> Result:
        with self.store.connect() as db:
            view = trios.invitation_view(db, p["invitation"])
        if view is None:
            return {"skipped": "the invitation is gone"}
        return self._post(effect, p["user"], blocks.invitation_answered(view))

    def _check_channel(self, effect: Effect, p: dict[str, Any]) -> Result:
        found = ask_slack(self.client, p["channel"])
        if found is None:
            return {"skipped": "Slack would not say who reads it"}
        name, is_private, members = found
        with self.store.connect() as db:
            readers = channels.record_readers(
                db, p["user"], p["channel"], name=name, is_private=is_private, members=members
            )
        if readers.warning is None:
            return {"readers": "the trio only"}
        return self._post(effect, p["user"], blocks.channel_warning(readers))

    def _explain_trio(self, effect: Effect, code: str) -> dict[str, Any] | None:
        """What to tell the person who invited a school when its members can't be asked."""
        with self.store.connect() as db:
            view = trios.invitation_view(db, effect.payload["invitation"])
        if view is None:
            return None
        return build_notice(
            f"I couldn't send one of {escape(view.invited.name)}'s members your invitation "
            f"({code}). It is still waiting on their Home tab in this app."
        )
