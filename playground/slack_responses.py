"""Answers to a response_url, as a local Slack shows them (part of
:class:`~playground.slack.LocalSlack`): in place of the original message, in the channel, or
only to the person; an ephemeral message is replaced or deleted where it is."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import Any

from playground.block_ids import addressed


class Responses:
    """The response_urls a LocalSlack issues, and what it does with what is posted to them."""

    responders: dict[str, dict[str, Any]]
    http_errors: dict[str, list[int]]
    ephemeral: list[dict[str, Any]]
    messages: dict[tuple[str, str], dict[str, Any]]
    lock: threading.RLock
    next_ts: Callable[[], str]
    response_url: Callable[[str], str]
    record: Callable[[str, dict[str, Any]], Any]
    touch: Callable[[], None]
    keep_from_bot: Callable[[str, dict[str, Any]], dict[str, Any]]
    _keep_ephemeral: Callable[[str, str | None, dict[str, Any]], dict[str, Any]]

    def issue_response_url(self, user: str, channel: str | None, message_ts: str | None) -> str:
        """A response_url for one request, remembering where its answers go."""
        token = f"r{self.next_ts().replace('.', '')}"
        self.responders[token] = {"user": user, "channel": channel, "message_ts": message_ts}
        return self.response_url(token)

    def respond(self, token: str, args: dict[str, Any]) -> int:
        """A post to a response_url: recorded; for one this workspace issued, shown as Slack
        shows it (in place of the original, in the channel, or only to the person)."""
        call = self.record("response_url", args)
        errors = self.http_errors.get("response_url")
        if errors:
            call.ok = False
            return errors.pop(0)
        origin = self.responders.get(token)
        if origin is not None:
            self._show_response(origin, args)
            self.touch()
        return 200

    def _show_response(self, origin: dict[str, Any], args: dict[str, Any]) -> None:
        channel, message_ts, user = origin["channel"], origin["message_ts"], origin["user"]
        content = {"text": args.get("text"), "blocks": _json(args.get("blocks"))}
        delete = args.get("delete_original") in (True, "true")
        change = delete or args.get("replace_original") in (True, "true")
        key = (channel, message_ts)
        with self.lock:
            at = next(
                (
                    i
                    for i, e in enumerate(self.ephemeral)
                    if (e["user"], e["channel"], e["ts"]) == (user, channel, message_ts)
                ),
                None,
            )
            if change and at is not None:  # an ephemeral message: in its place and thread
                if delete:
                    del self.ephemeral[at]
                else:
                    self.ephemeral[at] = {**self.ephemeral[at], **addressed(content, message_ts)}
            elif change and key in self.messages:
                if delete:
                    del self.messages[key]
                else:
                    content = addressed(content, message_ts)
                    self.messages[key] = {**self.messages[key], **content, "edited": True}
            elif args.get("response_type") == "in_channel" and channel:
                self.keep_from_bot(channel, content)
            else:
                self._keep_ephemeral(user, channel, content)


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value
