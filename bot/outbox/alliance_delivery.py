"""Delivering the alliance effects: the invitation to each member of a school asked to join,
and what a lead is told (an answer, a school leaving, being made a lead). A part of
:class:`bot.outbox.delivery.Delivery`, which it is mixed into."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.blocks import alliance_school as blocks
from bot.blocks.kit import build_notice, escape
from core import alliance_views
from storage.outbox import Effect
from storage.store import Store

Result = dict[str, Any] | None


class AllianceDeliveries:
    store: Store
    _post: Callable[..., dict[str, Any]]  # Delivery's: chat.postMessage, once

    def _alliance_invitation(self, effect: Effect, p: dict[str, Any]) -> Result:
        with self.store.connect() as db:
            view = alliance_views.waiting_for(db, p["invitation"], p["user"])
        if view is None:
            return {"skipped": "no longer waiting"}
        return self._post(effect, p["user"], blocks.invitation_message(view))

    def _alliance_news(self, effect: Effect, p: dict[str, Any]) -> Result:
        refs = {k: p.get(k) for k in ("alliance", "school", "invitation", "by")}
        with self.store.connect() as db:
            found = alliance_views.news(db, p["what"], **refs)
        if found is None:
            return {"skipped": "what it was about is gone"}
        return self._post(effect, p["user"], blocks.news(found))

    def _explain_alliance(self, effect: Effect, code: str) -> dict[str, Any] | None:
        """What to tell the lead who invited a school when one of its members can't be asked."""
        with self.store.connect() as db:
            view = alliance_views.invitation_view(db, effect.payload["invitation"])
        if view is None:
            return None
        return build_notice(
            f"I couldn't send one of {escape(view.school.name)}'s members your invitation to "
            f"{escape(view.alliance.name)} ({code}). It is still waiting on their Home tab in "
            "this app."
        )
