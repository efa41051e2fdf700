"""End-to-end harness: a real slack_bolt.App, the local Web API stand-in, a real SQLite file.

Requests go through ``App.dispatch`` as Socket Mode requests; the listener runs to its end
before dispatch returns. Then the ``workspace`` delivers the outbox in the test's thread
(``Worker.drain``) and modals open at once, so tests are deterministic. The ``workspace``
plays the part of Slack: it sends slash commands, clicks buttons on messages the bot
posted, and submits the modals the bot opened.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

from pydantic import SecretStr
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

from bot import ids
from bot.app import Bot, create_bot
from bot.modals import Inline
from bot.settings import Settings
from playground.sender import elements
from storage.store import Store
from tests.slack_stub import SlackStub

TRIO = "CTRIO00001"


def make_bot(
    slack: SlackStub, store: Store, framework, *, payloads_checked: bool = False, **settings: Any
) -> Bot:
    """A bot for tests: modals open at once, the outbox retries without waiting. `settings`
    are further :class:`Settings` (reminder hours…)."""
    configured = Settings(
        slack_bot_token=SecretStr("xoxb-test-token"),
        slack_api_url=slack.api_url,
        **settings,
    )
    return create_bot(
        configured,
        store,
        framework,
        token_verification_enabled=False,
        modal_executor=Inline(),
        backoff=lambda attempt: 0.0,
        payloads_checked=payloads_checked,
    )


class Workspace:
    """What Slack would send the app, built from what the app sent Slack."""

    def __init__(self, bot: Bot, slack: SlackStub):
        self.bot = bot
        self.app = bot.app
        self.slack = slack
        self._n = itertools.count(1)
        self.deliver = True  # deliver the outbox after each request

    def dispatch(self, body: dict[str, Any]) -> BoltResponse:
        response = self.bot.dispatch(BoltRequest(body=body, mode="socket_mode"))
        assert response.status == 200, (response.status, response.body)
        if self.deliver:
            self.bot.worker.drain()
        return response

    # -- slash commands ------------------------------------------------------------------

    def command(self, user: str, text: str, channel: str = "CGENERAL") -> dict[str, Any]:
        """Run ``/peer-review text``; returns the ack's JSON body ({} when empty)."""
        response = self.dispatch(
            {
                "token": "t",
                "team_id": "T1",
                "team_domain": "school",
                "channel_id": channel,
                "channel_name": "general",
                "user_id": user,
                "user_name": user.lower(),
                "command": ids.COMMAND,
                "text": text,
                "api_app_id": "A1",
                "response_url": self.slack.response_url(f"cmd{next(self._n)}"),
                "trigger_id": f"trigger-{next(self._n)}",
            }
        )
        return json.loads(response.body) if response.body else {}

    # -- buttons -------------------------------------------------------------------------

    def click(
        self, user: str, message: tuple[str, str], action_id: str, value: str | None = None
    ) -> BoltResponse:
        """Click a button on the message at (channel, ts); value defaults to the real one."""
        channel, ts = message
        blocks = self.slack.messages[(channel, ts)]["blocks"]
        element = find_element(blocks, action_id)
        return self.dispatch(
            {
                "type": "block_actions",
                "user": {"id": user, "username": user.lower(), "team_id": "T1"},
                "api_app_id": "A1",
                "token": "t",
                "team": {"id": "T1", "domain": "school"},
                "trigger_id": f"trigger-{next(self._n)}",
                "container": {
                    "type": "message",
                    "channel_id": channel,
                    "message_ts": ts,
                    "is_ephemeral": False,
                },
                "channel": {"id": channel, "name": "x"},
                "message": {"ts": ts, "blocks": blocks},
                "response_url": self.slack.response_url(f"act{next(self._n)}"),
                "actions": [
                    {
                        "type": "button",
                        "action_id": action_id,
                        "block_id": element["_block_id"],
                        "value": element.get("value") if value is None else value,
                        "action_ts": "1700000001.000001",
                    }
                ],
            }
        )

    def click_home(self, user: str, action_id: str) -> BoltResponse:
        return self.dispatch(
            {
                "type": "block_actions",
                "user": {"id": user, "team_id": "T1"},
                "api_app_id": "A1",
                "team": {"id": "T1"},
                "trigger_id": f"trigger-{next(self._n)}",
                "container": {"type": "view", "view_id": "VHOME"},
                "view": {"id": "VHOME", "type": "home", "blocks": []},
                "actions": [
                    {"type": "button", "action_id": action_id, "block_id": "home", "action_ts": "1"}
                ],
            }
        )

    # -- modals --------------------------------------------------------------------------

    def last_view(self) -> dict[str, Any]:
        opened = self.slack.called("views.open")
        assert opened, "no modal was opened"
        return _as_dict(opened[-1]["view"])

    def submit(
        self,
        user: str,
        view: dict[str, Any],
        values: dict[str, dict[str, Any]],
        private_metadata: str | None = None,
    ) -> dict[str, Any]:
        """Submit `view` with state values {block_id: {action_id: state}}; returns the ack."""
        response = self.dispatch(
            {
                "type": "view_submission",
                "team": {"id": "T1"},
                "user": {"id": user, "team_id": "T1"},
                "api_app_id": "A1",
                "token": "t",
                "trigger_id": f"trigger-{next(self._n)}",
                "view": {
                    "id": "VMODAL",
                    "team_id": "T1",
                    "type": "modal",
                    "callback_id": view["callback_id"],
                    "private_metadata": view.get("private_metadata", "")
                    if private_metadata is None
                    else private_metadata,
                    "blocks": view["blocks"],
                    "state": {"values": values},
                    "hash": "h1",
                },
            }
        )
        return json.loads(response.body) if response.body else {}

    def act(self, user: str, action: dict[str, Any], **extra: Any) -> BoltResponse:
        """A block_actions payload not tied to a stored message (ephemeral, modal, Home)."""
        return self.dispatch(
            {
                "type": "block_actions",
                "user": {"id": user, "team_id": "T1"},
                "team": {"id": "T1"},
                "api_app_id": "A1",
                "trigger_id": f"trigger-{next(self._n)}",
                "response_url": self.slack.response_url(f"act{next(self._n)}"),
                "actions": [{"block_id": "b", "action_ts": "1", **action}],
                **extra,
            }
        )

    # -- what the bot sent ---------------------------------------------------------------

    def posts(self, channel: str | None = None) -> list[dict[str, Any]]:
        """The messages Slack accepted (to `channel`, as addressed), oldest first."""
        return [
            c
            for c in self.slack.called("chat.postMessage", ok_only=True)
            if channel is None or c["channel"] == channel
        ]

    def last_post(self) -> tuple[str, str]:
        """(channel, ts) of the bot's most recent chat.postMessage."""
        return self.slack.posted[-1]

    def last_area(self) -> tuple[str, str]:
        """(channel, ts) of the most recent area message still asking for a level.

        Messages in different outbox lanes (a reply to a person, the school's next area)
        may arrive in either order, as they may in Slack.
        """
        for key in reversed(self.slack.posted):
            if ids.ACTION_CHOOSE_LEVEL in json.dumps(self.slack.messages[key]["blocks"]):
                return key
        raise AssertionError("no area message asks for a level")

    def ephemeral_replies(self) -> list[str]:
        return [c.get("text", "") for c in self.slack.called("response_url", ok_only=True)]


def find_element(blocks: list[dict[str, Any]], action_id: str) -> dict[str, Any]:
    for block_id, element in elements(blocks):
        if element.get("action_id") == action_id:
            return {**element, "_block_id": block_id}
    raise AssertionError(f"no element {action_id!r} in the message")


def _as_dict(value: Any) -> dict[str, Any]:
    return json.loads(value) if isinstance(value, str) else value


def judgement_values(
    level: int,
    evidence: str,
    *,
    key_actions: str = "",
    links: str = "",
    sources: tuple[int, ...] = (),
) -> dict[str, Any]:
    values: dict[str, Any] = {
        ids.BLOCK_LEVEL: {
            ids.ACTION_LEVEL_SELECT: {
                "type": "static_select",
                "selected_option": {"value": str(level)},
            }
        },
        ids.BLOCK_EVIDENCE: {ids.ACTION_EVIDENCE: {"type": "plain_text_input", "value": evidence}},
        ids.BLOCK_KEY_ACTIONS: {
            ids.ACTION_KEY_ACTIONS: {"type": "plain_text_input", "value": key_actions or None}
        },
        ids.BLOCK_LINKS: {ids.ACTION_LINKS: {"type": "plain_text_input", "value": links or None}},
    }
    if sources:
        values[f"{ids.BLOCK_SOURCES}_0"] = {
            ids.ACTION_SOURCES: {
                "type": "checkboxes",
                "selected_options": [{"value": str(i)} for i in sources],
            }
        }
    return values


def setup_values(
    name: str,
    *,
    members: tuple[str, ...] = (),
    channel: str | None = None,
    partners: tuple[int, ...] = (),
    own_channel: str | None = None,
) -> dict[str, Any]:
    return {
        ids.BLOCK_SCHOOL_CHANNEL: {
            ids.ACTION_SCHOOL_CHANNEL: {
                "type": "conversations_select",
                "selected_conversation": own_channel,
            }
        },
        ids.BLOCK_SCHOOL_NAME: {
            ids.ACTION_SCHOOL_NAME: {"type": "plain_text_input", "value": name}
        },
        ids.BLOCK_MEMBERS: {
            ids.ACTION_MEMBERS: {"type": "multi_users_select", "selected_users": list(members)}
        },
        ids.BLOCK_TRIO_CHANNEL: {
            ids.ACTION_TRIO_CHANNEL: {
                "type": "conversations_select",
                "selected_conversation": channel,
            }
        },
        ids.BLOCK_PARTNERS: {
            ids.ACTION_PARTNERS: {
                "type": "multi_static_select",
                "selected_options": [{"value": str(p)} for p in partners],
            }
        },
    }


def event_body(inner: dict[str, Any], event_id: str = "Ev1") -> dict[str, Any]:
    """An Events API envelope around `inner`, as Slack delivers it."""
    return {
        "token": "t",
        "team_id": "T1",
        "api_app_id": "A1",
        "type": "event_callback",
        "event_id": event_id,
        "event_time": 1700000000,
        "authorizations": [{"team_id": "T1", "user_id": "UBOT", "is_bot": True}],
        "event": {"event_ts": inner.get("ts", "1700000000.000100"), **inner},
    }


def challenge_state(
    area: str = "itt",
    view: str | None = "above",
    level: str | None = "1",
    comment: str = "Only 6 SD schools; Emerging?",
) -> dict[str, Any]:
    """The state of a submitted Challenge modal."""
    state: dict[str, Any] = {
        ids.BLOCK_CHALLENGE_AREA: {
            ids.ACTION_CHALLENGE_AREA: {"type": "static_select", "selected_option": {"value": area}}
        },
        ids.BLOCK_COMMENT: {ids.ACTION_COMMENT: {"type": "plain_text_input", "value": comment}},
    }
    if view:
        state[ids.BLOCK_CHALLENGE_VIEW] = {
            ids.ACTION_CHALLENGE_VIEW: {"type": "radio_buttons", "selected_option": {"value": view}}
        }
    if level:
        state[ids.BLOCK_SUGGESTED_LEVEL] = {
            ids.ACTION_SUGGESTED_LEVEL: {
                "type": "static_select",
                "selected_option": {"value": level},
            }
        }
    return state


def outcome_state(
    decisions: dict[str, tuple[str, str]] | None = None, agreed: tuple[str, str] | None = None
) -> dict[str, Any]:
    """The state of a submitted outcomes modal: {area: (choice, reason)} and what was agreed."""
    state: dict[str, Any] = {}
    for area_id, (choice, reason) in (decisions or {}).items():
        state[f"{ids.BLOCK_DECISION}_{area_id}"] = {
            ids.ACTION_DECISION: {"type": "static_select", "selected_option": {"value": choice}}
        }
        state[f"{ids.BLOCK_REASON}_{area_id}"] = {
            ids.ACTION_REASON: {"type": "plain_text_input", "value": reason or None}
        }
    if agreed:
        state[ids.BLOCK_SUCCESSES] = {
            ids.ACTION_SUCCESSES: {"type": "plain_text_input", "value": agreed[0]}
        }
        state[ids.BLOCK_IMPROVEMENTS] = {
            ids.ACTION_IMPROVEMENTS: {"type": "plain_text_input", "value": agreed[1]}
        }
    return state
