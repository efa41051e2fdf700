"""Delivering the news of agreed outcomes: the DM telling a member of the reviewed school
that a partner agreed its outcomes or proposed a change. A part of
:class:`bot.outbox.delivery.Delivery`, which it is mixed into."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.blocks.agreement import agreement_news
from core import agreements
from storage.outbox import Effect
from storage.store import Store

Result = dict[str, Any] | None


class AgreementDeliveries:
    store: Store
    _post: Callable[..., dict[str, Any]]  # Delivery's: chat.postMessage, once

    def _agreement_news(self, effect: Effect, p: dict[str, Any]) -> Result:
        with self.store.connect() as db:
            news = agreements.news(db, p["cycle"], p["at"])
        if news is None:
            return {"skipped": "the outcomes moved on"}
        return self._post(effect, p["user"], agreement_news(news))
