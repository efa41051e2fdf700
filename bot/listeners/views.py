"""Modal submissions (view_submission). Validation errors are shown inside the modal."""

from __future__ import annotations

import re
from collections.abc import Callable

from slack_bolt import Ack, App

from bot import ids
from bot.handlers import (
    agreements,
    alliance_setup,
    challenges,
    cycles,
    erase,
    judgements,
    outcomes,
    rounds,
    setup,
)
from bot.handlers.base import Submission
from bot.services import Services

Handler = Callable[[Submission], None]

# callback_id -> handler(Submission)
SUBMISSIONS: dict[str, Handler] = {
    ids.VIEW_SETUP: setup.handle_setup,
    ids.VIEW_JUDGEMENT: judgements.submit_judgement,
    ids.VIEW_CHALLENGE: challenges.submit_challenge,
    ids.VIEW_OUTCOMES: outcomes.submit_outcomes,
    ids.VIEW_ERASE: erase.submit_erase,
    ids.VIEW_NEW_CYCLE: cycles.submit_new_cycle,
    ids.VIEW_AGREEMENT: agreements.submit_agreement,
    ids.VIEW_ALLIANCE_SETUP: alliance_setup.submit_setup,
    ids.VIEW_ROUND: rounds.submit_round,
}


def register(app: App, services: Services) -> None:
    """One Bolt listener for every form of ours, dispatched from the table above."""

    @app.view(re.compile(rf"^{ids.PREFIX}"))
    def on_submission(ack: Ack, body: dict, view: dict) -> None:
        handler = SUBMISSIONS.get(view["callback_id"])
        if handler is None:  # a form of ours that no longer exists
            ack(response_action="clear")
            return
        handler(Submission(ack, body, view, services))
