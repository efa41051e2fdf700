"""Learning people's names from Slack (``users.info``) for the files and the command line.
A part of :class:`bot.outbox.delivery.Delivery`, which it is mixed into."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.people import name_in
from core import people
from storage.outbox import Effect
from storage.store import Store

log = logging.getLogger("peer-review.outbox")

Result = dict[str, Any] | None
NOBODY = frozenset({"user_not_found", "user_not_visible"})


class PeopleDeliveries:
    store: Store
    client: WebClient

    def _learn_name(self, effect: Effect, p: dict[str, Any]) -> Result:
        try:
            learned = self._ask_name(p["user"])
        except SlackApiError as error:
            if error.response.get("error") not in NOBODY:
                raise  # the outbox tries again (rate limits, Slack's errors)
            return {"skipped": error.response.get("error")}
        return None if learned else {"skipped": "no name"}

    def _learn_names_now(self, user_ids: Iterable[str]) -> bool:
        """Before an export: ask Slack for any name still unknown; True if one was learned.
        A name Slack won't give leaves the person's member ID in the file; the export is not
        held up for it."""
        with self.store.connect() as db:
            missing = people.unknown(db, user_ids)
        learned = False
        for user_id in missing:
            try:
                learned = self._ask_name(user_id) or learned
            except SlackApiError as error:
                log.info("no name for a person in an export: %s", error.response.get("error"))
        return learned

    def _ask_name(self, user_id: str) -> bool:
        """Ask Slack (users.info) for the person's name and keep it; True if kept."""
        name = name_in(self.client.users_info(user=user_id)["user"])
        if name is None:
            return False
        with self.store.connect() as db:
            return people.learned(db, user_id, name)
