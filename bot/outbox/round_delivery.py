"""Delivering the review rounds' effects: the news of a round to each school, and the
reminders that follow its dates. A part of :class:`bot.outbox.delivery.Delivery`, which it
is mixed into. Each is rendered from the data as it is when it is delivered."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks import rounds as blocks
from bot.blocks.kit import build_notice, escape
from bot.blocks.notices import KEPT_OUT
from bot.mrkdwn import mention
from core import alliance_effects, round_reminders, rounds
from core.clock import uk_today
from rubric.models import Framework
from storage.outbox import Effect
from storage.store import Store

Result = dict[str, Any] | None


class RoundDeliveries:
    store: Store
    client: WebClient
    framework: Framework
    wake: Callable[[], None]
    _post: Callable[..., dict[str, Any]]  # Delivery's: chat.postMessage, once
    _kept_out: Callable[[str, str], None]  # remember that a channel turned the bot away

    def _round_opened(self, effect: Effect, p: dict[str, Any]) -> Result:
        """The news in the school's channel (or one member's DM); a channel that turns the
        bot away is remembered, and the members are told by DM instead."""
        with self.store.connect() as db:
            news = rounds.announcement(db, p["round"], p["school"])
        if news is None:
            return {"skipped": "the round is over, or the school left it"}
        try:
            return self._post(effect, p["to"], blocks.round_news(news))
        except SlackApiError as error:
            code = error.response.get("error")
            if p["to"] != news.school.channel_id or code not in KEPT_OUT:
                raise
            self._kept_out(p["to"], code)
            with self.store.connect() as db:
                rounds.tell_members(db, news.round, news.school)
            self.wake()
            return {"skipped": f"kept out of the channel ({code}); the members were told by DM"}

    def _round_reminder(self, effect: Effect, p: dict[str, Any]) -> Result:
        with self.store.connect() as db:
            found = round_reminders.reminder_for(
                db, self.framework, p["round"], p["user"], uk_today()
            )
        if found is None:
            return {"skipped": "nothing is due any more"}
        return self._post(effect, p["user"], blocks.round_reminder(found, p.get("by")))

    def _explain_round(self, effect: Effect, code: str) -> dict[str, Any] | None:
        """What to tell the lead when a school could not be told of the round, or a person
        could not be sent their nudge."""
        if effect.kind == alliance_effects.ROUND_REMINDER:
            who = mention(effect.payload["user"])
            return build_notice(f"I couldn't send {who} your reminder ({code}). Try again later.")
        with self.store.connect() as db:
            news = rounds.announcement(db, effect.payload["round"], effect.payload["school"])
        if news is None:
            return None
        return build_notice(
            f"I couldn't tell {escape(news.school.name)} that round {news.round.number} opened "
            f"({code}). Its members see the dates on their Home tab in this app."
        )
