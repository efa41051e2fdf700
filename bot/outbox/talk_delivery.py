"""Delivering what the bot says in a conversation: the note telling a reply's author where
it was filed (or that it was too long to file), and joining a channel the bot will post in,
remembering whether it got in. A part of :class:`bot.outbox.delivery.Delivery`, which it is
mixed into."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks import notices
from bot.blocks.filing import closed_note, filed_note, too_long_note
from core import challenges, channels, publishing
from rubric.models import Framework
from storage.outbox import Effect
from storage.store import Store

Result = dict[str, Any] | None
PRIVATE = "method_not_supported_for_channel_type"  # conversations.join on a private channel


class TalkDeliveries:
    store: Store
    client: WebClient
    framework: Framework

    def _filed(self, effect: Effect, p: dict[str, Any]) -> Result:
        with self.store.connect() as db:
            found = challenges.filing(db, self.framework, p["challenge"])
        if found is None or found.challenge.ts is None:
            return {"skipped": "the reply is gone"}
        self.client.chat_postEphemeral(
            channel=found.challenge.channel_id,
            user=p["user"],
            thread_ts=found.challenge.thread_ts,
            **filed_note(self.framework, found),
        )
        return None

    def _unfiled(self, effect: Effect, p: dict[str, Any]) -> Result:
        if p.get("cycle") is not None:
            with self.store.connect() as db:
                found = publishing.closed_thread(db, p["cycle"])
            note = closed_note(
                found.school, found.closed, found.current, member=bool(p.get("member"))
            )
        else:
            note = too_long_note(p["chars"])
        self.client.chat_postEphemeral(
            channel=p["channel"], user=p["user"], thread_ts=p["thread_ts"], **note
        )
        return None

    def _join(self, effect: Effect, p: dict[str, Any]) -> Result:
        """Join the channel. A private one can't be joined: fine if the bot was invited to it
        already, else Slack's answer stands and the person is told how to invite it."""
        channel = p["channel"]
        try:
            self.client.conversations_join(channel=channel)
        except SlackApiError as error:
            if error.response.get("error") != PRIVATE or not self._member_of(channel):
                raise
        with self.store.connect() as db:
            channels.bot_joined(db, channel)
        return None

    def _member_of(self, channel: str) -> bool:
        info = self.client.conversations_info(channel=channel)
        return bool((info.get("channel") or {}).get("is_member"))

    def _kept_out(self, channel: str, code: str) -> None:
        """A post to a channel was refused because the bot is not in it: remember that, so
        the next start says how to invite it, and what waits follows once it is invited."""
        if code in notices.KEPT_OUT:
            with self.store.connect() as db:
                channels.bot_kept_out(db, channel, code)

    def _explain_join(self, effect: Effect, code: str) -> dict[str, Any]:
        """Slack would not let the bot in: remember it (nothing is posted there until it is
        in), and tell the person how to let it in."""
        channel = effect.payload["channel"]
        with self.store.connect() as db:
            channels.bot_kept_out(db, channel, code)
        return notices.join_failed(channel, code)
