"""Events: the Home tab, mentions and direct messages (questions to the bot)."""

from __future__ import annotations

from slack_bolt import App, Say
from slack_sdk import WebClient

from bot import blocks
from bot.handlers.ratings import answer_once
from rubric.models import Framework
from storage.store import Store


def register(app: App, *, store: Store, framework: Framework) -> None:
    @app.event("app_home_opened")
    def on_home(event: dict, client: WebClient) -> None:
        if event.get("tab") != "home":
            return
        client.views_publish(user_id=event["user"], view=blocks.build_home())

    @app.event("app_mention")
    def on_mention(event: dict, say: Say) -> None:
        with store.connect() as db:
            reply = answer_once(db, framework, event)
        if reply is not None:
            say(**reply, thread_ts=event.get("thread_ts") or event.get("ts"))

    @app.event("message")
    def on_message(event: dict, say: Say) -> None:
        # Only what people write to the bot in its DM; edits, bots and channels are ignored.
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return
        with store.connect() as db:
            reply = answer_once(db, framework, event)
        if reply is not None:
            say(**reply)
