"""What Slack sends the bot, built from what the local Slack holds, signed and delivered.

Each method is something a person does in Slack: run ``/peer-review …``, click a button
or choose from a menu on a message, a modal or the Home tab, submit or close a modal, type
in a partner picker, post in a channel or a thread, mention the bot, open the Home tab. The
payload is built as Slack builds it (the element's own value from the message the bot
posted, never one the page sends), signed with the signing secret, and given to `deliver`:
in ``peer-review demo``, the same signature check, payload check and Bolt app as ``serve``.
The answer is applied as Slack applies it: an ack's text shown only to the person, a modal's
errors under its fields, ``response_action`` taken.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from playground.block_ids import elements
from playground.slack import BOT, BOT_ID, LocalSlack, from_bot

Deliver = Callable[[bytes, dict[str, str]], tuple[int, bytes]]  # raw, headers -> status, body
COMMAND = "/peer-review"
TEAM = {"id": "T1", "domain": "playground"}


class Refused(ValueError):
    """What the page asked for is not something Slack would send; ``str()`` says why."""


@dataclass
class Reply:
    """What became of one thing a person did."""

    status: int = 200
    errors: dict[str, str] = field(default_factory=dict)  # block_id -> message, on a modal
    body: dict[str, Any] = field(default_factory=dict)


class Sender:
    def __init__(self, slack: LocalSlack, deliver: Deliver, secret: str) -> None:
        self.slack, self.deliver, self.secret = slack, deliver, secret.encode()
        self._events = itertools.count(1)

    # -- sending -------------------------------------------------------------------------

    def send(self, raw: bytes, content_type: str) -> tuple[int, dict[str, Any]]:
        stamp = str(int(time.time()))
        digest = hmac.new(self.secret, f"v0:{stamp}:".encode() + raw, hashlib.sha256)
        headers = {
            "content-type": content_type,
            "x-slack-request-timestamp": stamp,
            "x-slack-signature": "v0=" + digest.hexdigest(),
        }
        status, body = self.deliver(raw, headers)
        try:
            answer = json.loads(body) if body else {}
        except ValueError:
            answer = {"text": body.decode("utf-8", "replace")}
        return status, answer if isinstance(answer, dict) else {}

    def interaction(self, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        raw = urlencode({"payload": json.dumps(payload)}).encode()
        return self.send(raw, "application/x-www-form-urlencoded")

    def event(self, inner: dict[str, Any]) -> int:
        envelope = {
            "token": "t",
            "team_id": TEAM["id"],
            "api_app_id": "A1",
            "type": "event_callback",
            "event_id": f"EvPG{next(self._events):06d}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": TEAM["id"], "user_id": BOT, "is_bot": True}],
            "event": {"event_ts": inner.get("ts") or self.slack.next_ts(), **inner},
        }
        status, _ = self.send(json.dumps(envelope).encode(), "application/json")
        return status

    # -- what people do ------------------------------------------------------------------

    def command(self, user: str, text: str, channel: str) -> Reply:
        form = {
            "token": "t",
            "team_id": TEAM["id"],
            "team_domain": TEAM["domain"],
            "channel_id": channel,
            "channel_name": self.slack.channels.get(channel, {}).get("name", "directmessage"),
            "user_id": user,
            "user_name": self.slack.people.get(user, user),
            "command": COMMAND,
            "text": text,
            "api_app_id": "A1",
            "response_url": self.slack.issue_response_url(user, channel, None),
            "trigger_id": self.slack.issue_trigger(user),
        }
        status, answer = self.send(urlencode(form).encode(), "application/x-www-form-urlencoded")
        if status == 200 and (answer.get("text") or answer.get("blocks")):
            self._show_ack(user, channel, answer)
        return Reply(status, body=answer)

    def click(
        self,
        user: str,
        where: dict[str, Any],
        block_id: str,
        action_id: str,
        chosen: dict[str, Any] | None = None,
    ) -> Reply:
        """A button clicked, or a menu chosen from, on a message, an ephemeral message, a
        modal or the Home tab (`where`: {"channel", "ts"} or {"view_id"})."""
        blocks, container, extra = self._container(user, where)
        element = find(blocks, block_id, action_id)
        action = {
            "type": element["type"],
            "block_id": block_id,
            "action_id": action_id,
            "action_ts": self.slack.next_ts(),
            **_chosen(element, chosen, self.slack),
        }
        if "value" in element and element["type"] == "button":
            action["value"] = element["value"]
        payload = {
            "type": "block_actions",
            "user": {"id": user, "username": user.lower(), "team_id": TEAM["id"]},
            "api_app_id": "A1",
            "token": "t",
            "team": TEAM,
            "trigger_id": self.slack.issue_trigger(user),
            "container": container,
            "actions": [action],
            **extra,
        }
        status, answer = self.interaction(payload)
        return Reply(status, body=answer)

    def submit(self, user: str, view_id: str, values: dict[str, Any]) -> Reply:
        view = self._own_view(user, view_id)
        state = checked_state(view, values, self.slack)
        payload = {
            "type": "view_submission",
            "team": TEAM,
            "user": {"id": user, "team_id": TEAM["id"]},
            "api_app_id": "A1",
            "token": "t",
            "trigger_id": self.slack.issue_trigger(user),
            "view": {**_as_sent(view), "state": {"values": state}},
        }
        status, answer = self.interaction(payload)
        action = answer.get("response_action")
        if status != 200:
            return Reply(status, body=answer)
        if action == "errors":
            return Reply(status, errors=dict(answer.get("errors") or {}), body=answer)
        if action == "update":
            self.slack.replace_view(view_id, answer.get("view") or {})
        elif action == "push":
            self.slack.open_modal(user, answer.get("view") or {}, push=True)
        else:
            self.slack.close_modals(user, all_of_them=action == "clear")
        self.slack.touch()
        return Reply(status, body=answer)

    def close(self, user: str, view_id: str) -> Reply:
        view = self._own_view(user, view_id)
        self.slack.close_modals(user)
        if not view.get("notify_on_close"):
            return Reply()
        payload = {
            "type": "view_closed",
            "team": TEAM,
            "user": {"id": user, "team_id": TEAM["id"]},
            "api_app_id": "A1",
            "view": _as_sent(view),
            "is_cleared": False,
        }
        status, answer = self.interaction(payload)
        return Reply(status, body=answer)

    def options(self, user: str, view_id: str, block_id: str, action_id: str, typed: str) -> list:
        """What a partner picker offers for what was typed (a block_suggestion)."""
        view = self._own_view(user, view_id)
        find(view.get("blocks") or [], block_id, action_id)
        payload = {
            "type": "block_suggestion",
            "user": {"id": user, "team_id": TEAM["id"]},
            "team": TEAM,
            "api_app_id": "A1",
            "action_id": action_id,
            "block_id": block_id,
            "value": typed[:150],
            "view": _as_sent(view),
        }
        _, answer = self.interaction(payload)
        groups = answer.get("option_groups") or []
        return list(answer.get("options") or []) + [o for g in groups for o in g["options"]]

    def post(self, user: str, channel: str, text: str, thread_ts: str | None = None) -> dict:
        """A person's message: kept in the channel, then sent to the bot as Slack would (a
        ``message`` event, and an ``app_mention`` when it mentions the bot)."""
        message = self.slack.add_message(
            channel, {"user": user, "text": text, "thread_ts": thread_ts}
        )
        kind = "im" if channel.startswith("D") else "channel"
        event = {
            "type": "message",
            "channel": channel,
            "channel_type": kind,
            "user": user,
            "text": text,
            "ts": message["ts"],
            **({"thread_ts": thread_ts} if thread_ts else {}),
        }
        if f"<@{BOT}>" in text and kind != "im":
            self.event({**event, "type": "app_mention"})
        self.event(event)
        return message

    def open_home(self, user: str) -> int:
        dm = self.slack.dm_channel(user)
        return self.event({"type": "app_home_opened", "user": user, "channel": dm, "tab": "home"})

    # -- where things are ----------------------------------------------------------------

    def _container(self, user: str, where: dict[str, Any]) -> tuple[list, dict, dict]:
        if "view_id" in where:
            view = self._own_view(user, str(where["view_id"]))
            container = {"type": "view", "view_id": view["id"]}
            return view.get("blocks") or [], container, {"view": _as_sent(view)}
        channel, ts = str(where.get("channel")), str(where.get("ts"))
        ephemeral = next(
            (e for e in self.slack.ephemeral if e["ts"] == ts and e["user"] == user), None
        )
        message = ephemeral or self.slack.messages.get((channel, ts))
        if message is None:
            raise Refused("That message is no longer there.")
        container = {
            "type": "message",
            "channel_id": channel,
            "message_ts": ts,
            "is_ephemeral": ephemeral is not None,
        }
        extra = {
            "channel": {"id": channel, "name": self.slack.channels.get(channel, {}).get("name")},
            "response_url": self.slack.issue_response_url(user, channel, ts),
        }
        if ephemeral is None:
            extra["message"] = {k: message[k] for k in ("ts", "text", "blocks") if k in message}
        return message.get("blocks") or [], container, extra

    def _own_view(self, user: str, view_id: str) -> dict[str, Any]:
        view = self.slack.views.get(view_id)
        if view is None or view.get("user") != user:
            raise Refused("That form is not open for this person.")
        return view

    def _show_ack(self, user: str, channel: str, answer: dict[str, Any]) -> None:
        content = {"text": answer.get("text"), "blocks": answer.get("blocks")}
        if answer.get("response_type") == "in_channel":
            self.slack.add_message(channel, from_bot(content))
        else:
            self.slack.add_ephemeral(user, channel, content)


def find(blocks: list[dict[str, Any]], block_id: str, action_id: str) -> dict[str, Any]:
    for found_block, element in elements(blocks):
        if found_block == block_id and element.get("action_id") == action_id:
            return element
    raise Refused("That button or menu is not there any more.")


def _options(element: dict[str, Any]) -> list[dict[str, Any]]:
    groups = element.get("option_groups") or []
    return list(element.get("options") or []) + [o for g in groups for o in g["options"]]


EMPTY = {
    "static_select": {"selected_option": None},
    "external_select": {"selected_option": None},
    "radio_buttons": {"selected_option": None},
    "checkboxes": {"selected_options": []},
    "multi_static_select": {"selected_options": []},
    "multi_external_select": {"selected_options": []},
    "users_select": {"selected_user": None},
    "multi_users_select": {"selected_users": []},
    "conversations_select": {"selected_conversation": None},
    "multi_conversations_select": {"selected_conversations": []},
}


def _chosen(element: dict[str, Any], chosen: dict[str, Any] | None, slack: LocalSlack) -> dict:
    """What a person chose in a menu, as Slack reports it: only options the menu offers."""
    kind = element["type"]
    picked = {k: v for k, v in (chosen or {}).items() if k.startswith("selected_") and v}
    if not picked:
        return dict(EMPTY.get(kind, {}))
    offered = {o["value"]: o for o in _options(element)}
    if kind in ("static_select", "overflow", "radio_buttons"):
        value = (picked.get("selected_option") or {}).get("value")
        if value not in offered:
            raise Refused("Choose one of the options offered.")
        return {"selected_option": offered[value]}
    if kind in ("checkboxes", "multi_static_select"):
        values = [o.get("value") for o in picked.get("selected_options") or []]
        if any(v not in offered for v in values):
            raise Refused("Choose from the options offered.")
        return {"selected_options": [offered[v] for v in values]}
    if kind in ("external_select", "multi_external_select"):
        return picked
    if kind.endswith(("users_select", "conversations_select")):
        known = slack.people if "users" in kind else slack.channels
        ids = [
            v for value in picked.values() for v in (value if isinstance(value, list) else [value])
        ]
        if any(v not in known for v in ids):
            raise Refused("Choose someone or a channel from this workspace.")
        return picked
    return {}


def _day(value: Any) -> str | None:
    """A day picked in a datepicker, as Slack sends it (YYYY-MM-DD), or None."""
    if not isinstance(value, str) or not value:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise Refused("Pick a date.") from None


def checked_state(view: dict[str, Any], values: dict[str, Any], slack: LocalSlack) -> dict:
    """A modal's state as Slack sends it: one entry per input the modal has, each checked
    against its element (a menu's choice among its options, text within its length)."""
    state: dict[str, dict[str, Any]] = {}
    for block_id, element in elements(view.get("blocks") or []):
        action_id = element.get("action_id", "")
        given = (values.get(block_id) or {}).get(action_id) or {}
        kind = element["type"]
        if kind == "plain_text_input":
            text = given.get("value")
            text = text if isinstance(text, str) and text != "" else None
            if text is not None and len(text) > int(element.get("max_length", 3000)):
                raise Refused("A field holds more than it allows.")
            entry = {"type": kind, "value": text}
        elif kind in ("button", "overflow"):
            continue
        elif kind == "datepicker":
            entry = {"type": kind, "selected_date": _day(given.get("selected_date"))}
        else:
            entry = {"type": kind, **_chosen(element, given, slack)}
        state.setdefault(block_id, {})[action_id] = entry
    return state


def _as_sent(view: dict[str, Any]) -> dict[str, Any]:
    """A view as Slack includes it in a payload: the stored view, without our bookkeeping."""
    sent = {k: v for k, v in view.items() if k != "user"}
    return {**sent, "team_id": TEAM["id"], "app_id": "A1", "bot_id": BOT_ID}
