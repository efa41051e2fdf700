"""What every modal handler does the same way: open one safely, read its text fields."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlite_utils import Database

import storage
from bot import blocks, walk
from bot.payloads import BadPayload, parse_json, text_value
from storage import validate
from storage.store import Store

log = logging.getLogger("peer-review")

SLOW_FORM = (
    "Slack didn't let me open the form in time (this happens when Slack is slow). "
    "Please try again; nothing was changed."
)


@dataclass(frozen=True)
class Click:
    """A button clicked: what Bolt gives the listener, with what every handler reads."""

    body: dict[str, Any]
    client: WebClient
    respond: Respond

    @property
    def user_id(self) -> str:
        return self.body["user"]["id"]

    @property
    def action(self) -> dict[str, Any]:
        return self.body["actions"][0]

    @property
    def value(self) -> Any:
        return self.action.get("value")

    def reply(self, **message: Any) -> None:
        """Answer the click: by its response_url, or by DM where there is none (Home tab)."""
        if self.body.get("response_url"):
            self.respond(**message)
        else:
            message.pop("replace_original", None)
            message.pop("response_type", None)
            self.client.chat_postMessage(channel=self.user_id, **message)

    def refuse(self, message: str) -> None:
        self.reply(
            response_type="ephemeral", replace_original=False, **blocks.build_notice(message)
        )


def open_modal(
    click: Click, build: Callable[[Database, str], dict[str, Any]], *, store: Store
) -> None:
    """Open the view `build(db, user_id)` makes; refusals and Slack errors are explained."""
    try:
        with store.connect() as db:
            view = build(db, click.user_id)
    except (BadPayload, walk.Refusal) as problem:
        click.refuse(str(problem))
        return
    try:
        click.client.views_open(trigger_id=click.body["trigger_id"], view=view)
    except SlackApiError as error:  # e.g. expired_trigger_id when Slack was slow
        log.warning("modal not opened: %s", error.response.get("error"))
        click.refuse(SLOW_FORM)


def form_texts(
    view: dict[str, Any], fields: Mapping[str, tuple[str, str, bool]]
) -> tuple[dict[str, str], dict[str, str]]:
    """Read text inputs {block_id: (action_id, label, required)}: (values, errors by block)."""
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    for block_id, (action_id, label, required) in fields.items():
        try:
            values[block_id] = validate.text(
                text_value(view, block_id, action_id), label, required=required
            )
        except storage.InvalidError as error:
            errors[block_id] = str(error)
    return values, errors


@dataclass(frozen=True)
class Submission:
    """A modal submitted: what Bolt gives the listener, with the checks every handler needs."""

    ack: Ack
    body: dict[str, Any]
    view: dict[str, Any]
    client: WebClient

    @property
    def user_id(self) -> str:
        return self.body["user"]["id"]

    def refuse(self, errors: dict[str, str]) -> None:
        """Keep the modal open with `errors` shown under their blocks; nothing typed is lost."""
        self.ack(response_action="errors", errors=errors)

    def metadata(self, model: type, block_id: str) -> Any | None:
        """private_metadata as `model`; None after refusing with an error on `block_id`."""
        try:
            return parse_json(self.view.get("private_metadata"), model)
        except BadPayload as error:
            self.refuse({block_id: str(error)})
            return None
