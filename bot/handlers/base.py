"""What every handler does the same way: answer a click, refuse politely, read a form."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack
from sqlite_utils import Database

import storage
from bot.blocks.kit import build_notice, escape
from bot.payloads import BadPayload, parse_json, text_value
from bot.services import Services
from core import effects
from core.errors import Refusal
from storage import validate


def refusal_notice(problem: Exception) -> dict[str, Any]:
    """A refusal (a plain sentence) as a message: escaped, since it may name what people typed."""
    return build_notice(escape(str(problem)))


@dataclass(frozen=True)
class Click:
    """A button clicked or a select changed: what every action handler reads."""

    ack: Ack
    body: dict[str, Any]
    services: Services

    @property
    def user_id(self) -> str:
        return self.body["user"]["id"]

    @property
    def action(self) -> dict[str, Any]:
        return self.body["actions"][0]

    @property
    def value(self) -> Any:
        return self.action.get("value")

    @property
    def response_url(self) -> str | None:
        url = self.body.get("response_url")
        return url if isinstance(url, str) and url else None

    def reply(self, content: dict[str, Any]) -> None:
        """Answer privately: by the click's response_url, or by DM where there is none."""
        with self.services.unit() as db:
            effects.respond(db, self.user_id, self.response_url, content)

    def refuse(self, problem: Exception) -> None:
        self.reply(refusal_notice(problem))

    def act(
        self,
        model: type,
        change: Callable[[Database, Any], Any],
        reply: Callable[[Any], dict[str, Any]],
    ) -> None:
        """Ack; parse the button's value as `model`; make the one change `change(db, ref)`;
        answer a refusal, or else `reply(what it returned)` where the click can be answered
        in place (a Home tab, which the change refreshes, cannot; nor when it returned None)."""
        self.ack()
        try:
            ref = parse_json(self.value, model)
            with self.services.unit() as db:
                done = change(db, ref)
        except (BadPayload, Refusal) as problem:
            self.refuse(problem)
            return
        if self.response_url and done is not None:
            self.reply(reply(done))

    def open_modal(self, build: Callable[[Database], dict[str, Any]]) -> None:
        """Ack, then open the view `build(db)` makes; a refusal is answered instead."""
        try:
            with self.services.store.connect() as db:
                view = build(db)
        except (BadPayload, Refusal) as problem:
            self.ack()
            self.refuse(problem)
            return
        self.ack()
        self.services.modals.open(
            self.body["trigger_id"], view, user_id=self.user_id, response_url=self.response_url
        )


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
    services: Services

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
