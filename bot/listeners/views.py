"""Modal submissions (view_submission). Validation errors are acked inside the modal."""

from __future__ import annotations

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot import ids
from bot.handlers import judgements, setup
from rubric.models import Framework
from storage.store import Store


def register(app: App, *, store: Store, framework: Framework) -> None:
    @app.view(ids.VIEW_SETUP)
    def on_setup(ack: Ack, body: dict, view: dict, client: WebClient) -> None:
        setup.handle_setup(ack, body, view, client, store=store)

    @app.view(ids.VIEW_JUDGEMENT)
    def on_judgement(ack: Ack, body: dict, view: dict, client: WebClient) -> None:
        judgements.submit_judgement(ack, body, view, client, store=store, framework=framework)
