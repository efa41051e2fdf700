"""Events: the Home tab, mentions and direct messages (questions to the bot)."""

from __future__ import annotations

from slack_bolt import App, BoltContext, Say
from slack_sdk import WebClient

import storage
from bot import walk
from bot.handlers import threads
from bot.handlers.ratings import answer_once
from rubric.models import Framework
from storage.store import Store


def register(app: App, *, store: Store, framework: Framework) -> None:
    @app.event("app_home_opened")
    def on_home(event: dict, client: WebClient) -> None:
        if event.get("tab") != "home":
            return
        with store.connect() as db:
            view = walk.home_view(db, framework, event["user"])
        client.views_publish(user_id=event["user"], view=view)

    @app.event("app_mention")
    def on_mention(event: dict, say: Say) -> None:
        with store.connect() as db:
            reply = answer_once(db, framework, event)
        if reply is not None:
            say(**reply, thread_ts=event.get("thread_ts") or event.get("ts"))

    @app.event("message")
    def on_message(
        event: dict, body: dict, say: Say, client: WebClient, context: BoltContext
    ) -> None:
        if event.get("channel_type") == "im":
            # What people write to the bot in its DM: questions. Edits and bots are ignored.
            if event.get("subtype") or event.get("bot_id"):
                return
            with store.connect() as db:
                reply = answer_once(db, framework, event)
            if reply is not None:
                say(**reply)
            return
        with store.connect() as db:
            if body.get("event_id") and not storage.claim_event(db, body["event_id"]):
                return  # a retried delivery
            handled = threads.handle_thread_message(db, framework, event, context.bot_user_id)
            if handled.outcome in ("challenge", "response"):
                threads.acknowledge(client, event["channel"], event["ts"])
            if handled.cycle is not None and handled.outcome != "duplicate":
                walk.refresh_summary(client, db, framework, storage.get_cycle(db, handled.cycle.id))
