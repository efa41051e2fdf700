"""Modal submissions (view_submission). Validation errors are acked inside the modal."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot import ids
from bot.handlers import challenges, judgements, outcomes, setup
from bot.handlers.modals import Submission
from rubric.models import Framework
from storage.store import Store

Handler = Callable[..., None]

# callback_id -> handler(Submission, store=…, framework=…)
SUBMISSIONS: dict[str, Handler] = {
    ids.VIEW_SETUP: setup.handle_setup,
    ids.VIEW_JUDGEMENT: judgements.submit_judgement,
    ids.VIEW_CHALLENGE: challenges.submit_challenge,
    ids.VIEW_OUTCOMES: outcomes.submit_outcomes,
}


def register(app: App, *, store: Store, framework: Framework) -> None:
    def on_submission(ack: Ack, body: dict, view: dict, client: WebClient) -> None:
        handler = SUBMISSIONS[view["callback_id"]]
        handler(Submission(ack, body, view, client), store=store, framework=framework)

    for callback_id in SUBMISSIONS:
        app.view(callback_id)(on_submission)
