"""Events: the Home tab, mentions and direct messages (questions), thread replies; the app
uninstalled or its token revoked."""

from __future__ import annotations

from slack_bolt import App, BoltContext

from bot.handlers.presence import bot_joined_channel
from bot.handlers.questions import answer_once
from bot.handlers.threads import handle_channel_message
from bot.handlers.workspace import handle_leaving
from bot.people import user_changed
from bot.services import Services
from core.workspace import TOKENS_REVOKED, UNINSTALLED


def register(app: App, services: Services) -> None:
    @app.event("app_home_opened")
    def on_home(event: dict) -> None:
        if event.get("tab") != "home":
            return
        services.home_opened(event["user"])

    @app.event("app_mention")
    def on_mention(event: dict) -> None:
        answer_once(services, event, in_thread=True)

    @app.event("message")
    def on_message(event: dict, body: dict, context: BoltContext) -> None:
        if event.get("channel_type") == "im":
            # What people write to the bot in its DM: questions. Edits and bots are ignored.
            if event.get("subtype") or event.get("bot_id"):
                return
            answer_once(services, event, in_thread=False)
            return
        handle_channel_message(
            services, event, event_id=body.get("event_id"), bot_user_id=context.bot_user_id
        )

    @app.event("user_change")
    def on_user_change(event: dict) -> None:
        user_changed(services, event)

    @app.event("member_joined_channel")
    def on_member_joined(event: dict, context: BoltContext) -> None:
        bot_joined_channel(services, event, bot_user_id=context.bot_user_id)

    @app.event("app_uninstalled")
    def on_uninstalled(body: dict) -> None:
        handle_leaving(services, UNINSTALLED, body)

    @app.event("tokens_revoked")
    def on_tokens_revoked(event: dict, body: dict) -> None:
        if (event.get("tokens") or {}).get("bot"):  # the bot's token; user tokens: not ours
            handle_leaving(services, TOKENS_REVOKED, body)
