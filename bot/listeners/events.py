"""Events: the Home tab, and direct messages or mentions the bot doesn't act on yet."""

from __future__ import annotations

from slack_bolt import App, Say
from slack_sdk import WebClient

from bot import blocks
from storage.store import Store

POLITE = (
    "Hello! I work through the `/peer-review` command: `/peer-review start` to carry on with "
    "your school's self-evaluation, `/peer-review help` for everything else."
)


def register(app: App, *, store: Store) -> None:
    @app.event("app_home_opened")
    def on_home(event: dict, client: WebClient) -> None:
        if event.get("tab") != "home":
            return
        client.views_publish(user_id=event["user"], view=blocks.build_home())

    @app.event("app_mention")
    def on_mention(event: dict, say: Say) -> None:
        say(text=POLITE, thread_ts=event.get("thread_ts") or event.get("ts"))

    @app.event("message")
    def on_message(event: dict, say: Say) -> None:
        # Only plain messages people send to the bot in its DM; everything else is ignored.
        if (
            event.get("channel_type") == "im"
            and not event.get("subtype")
            and not event.get("bot_id")
        ):
            say(text=POLITE)
