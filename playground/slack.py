"""A local Slack workspace: the Web API methods the bot calls, answered from memory.

It answers with the shapes of Slack's documented examples (``shared/slack-samples/web-api``)
and keeps what a workspace keeps: people, channels and DMs, messages with their threads,
reactions, files and metadata, ephemeral messages, each person's open modals and Home tab.
Every call is recorded (``calls``). Faults can be injected, for the tests and to see how the
bot answers when Slack says no: an error (``fail``), an HTTP error (``http_error``), a rate
limit (``rate_limit``) or a slow answer (``delay``). ``version`` grows with every change,
and ``changed`` is notified, so a page can wait for the next one.

The end-to-end tests use it (``tests/slack_stub.py``); so does ``peer-review demo``.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from playground.block_ids import addressed
from playground.slack_files import Files
from playground.slack_responses import Responses

BOT = "UBOT"
BOT_ID = "BBOT"
READS = frozenset(
    {
        "auth.test",
        "apps.connections.open",
        "chat.getPermalink",
        "conversations.info",
        "conversations.members",
        "conversations.history",
        "conversations.replies",
        "users.info",
    }
)


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    ok: bool = True  # False when the stand-in answered with an error or 429


@dataclass
class LocalSlack(Files, Responses):
    calls: list[Call] = field(default_factory=list)
    uploads: dict[str, bytes] = field(default_factory=dict)
    files: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> name, title, size
    failures: dict[str, list[str]] = field(default_factory=dict)
    limited: dict[str, int] = field(default_factory=dict)
    http_errors: dict[str, list[int]] = field(default_factory=dict)
    delay: float = 0.0  # seconds before every Web API answer (a slow Slack)
    delays: dict[str, float] = field(default_factory=dict)  # … or before one method's
    messages: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    posted: list[tuple[str, str]] = field(default_factory=list)  # (channel, ts), in order
    ephemeral: list[dict[str, Any]] = field(default_factory=list)  # each with its "user"
    # conversations.info/.members: {channel: {"name", "is_private", "members"}}; default private
    channels: dict[str, dict[str, Any]] = field(default_factory=dict)
    people: dict[str, str] = field(default_factory=dict)  # user id -> name
    views: dict[str, dict[str, Any]] = field(default_factory=dict)  # view id -> view
    modals: dict[str, list[str]] = field(default_factory=dict)  # user -> stack of view ids
    homes: dict[str, str] = field(default_factory=dict)  # user -> view id of their Home tab
    triggers: dict[str, str] = field(default_factory=dict)  # trigger_id -> the user's id
    responders: dict[str, dict[str, Any]] = field(default_factory=dict)  # response_url tokens
    version: int = 0
    changed: threading.Condition = field(default_factory=threading.Condition)
    _ts: Any = field(default_factory=lambda: itertools.count(1))
    lock: threading.RLock = field(default_factory=threading.RLock)  # held while changing
    base_url: str = ""
    socket_url: str = ""  # what apps.connections.open answers: ws://… of a SocketStub

    # -- faults and what was called ----------------------------------------------------------

    def fail(self, method: str, error: str, times: int = 1) -> None:
        """The next `times` calls of `method` answer ``{"ok": false, "error": error}``."""
        self.failures.setdefault(method, []).extend([error] * times)

    def http_error(self, method: str, status: int, times: int = 1) -> None:
        """The next `times` calls of `method` get HTTP `status` (500, 503 …) with no JSON."""
        self.http_errors.setdefault(method, []).extend([status] * times)

    def rate_limit(self, method: str, times: int = 1) -> None:
        """The next `times` calls of `method` get HTTP 429 with Retry-After: 0."""
        self.limited[method] = self.limited.get(method, 0) + times

    def record(self, method: str, args: dict[str, Any]) -> Call:
        """A call made of this workspace, kept in ``calls``."""
        call = Call(method, args)
        self.calls.append(call)
        return call

    def called(self, method: str, *, ok_only: bool = False) -> list[dict[str, Any]]:
        return [c.args for c in self.calls if c.method == method and (c.ok or not ok_only)]

    def methods(self) -> list[str]:
        return [c.method for c in self.calls]

    def clear(self) -> None:
        self.calls.clear()

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/"

    def response_url(self, name: str = "r1") -> str:
        return f"{self.base_url}/respond/{name}"

    # -- the workspace ---------------------------------------------------------------------

    def next_ts(self) -> str:
        with self.lock:
            return f"1700000000.{next(self._ts):06d}"

    def skip_to(self, n: int) -> None:
        """Timestamps from here on count from `n` (a restored workspace keeps its own)."""
        with self.lock:
            self._ts = itertools.count(n)

    def touch(self) -> None:
        """Something changed: wake whoever waits for the next version."""
        with self.changed:
            self.version += 1
            self.changed.notify_all()

    def wait_for_change(self, seen: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.version != seen, timeout)
            return self.version

    def dm_channel(self, user: str) -> str:
        return "D" + user[1:]

    def add_message(self, channel: str, message: dict[str, Any]) -> dict[str, Any]:
        """A message in `channel` (from the bot or a person): stored, in order, with its ts."""
        stored = self._keep(channel, message)
        self.touch()
        return stored

    def add_ephemeral(self, user: str, channel: str | None, message: dict[str, Any]) -> None:
        self._keep_ephemeral(user, channel, message)
        self.touch()

    def _keep(self, channel: str, message: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            ts = self.next_ts()
            stored = {"ts": ts, "reactions": {}, **addressed(message, ts)}
            self.messages[(channel, stored["ts"])] = stored
            self.posted.append((channel, stored["ts"]))
        return stored

    def keep_from_bot(self, channel: str, content: dict[str, Any]) -> dict[str, Any]:
        return self._keep(channel, from_bot(content))

    def _keep_ephemeral(self, user: str, channel: str | None, message: dict) -> dict[str, Any]:
        """A message only `user` sees, in `channel`."""
        with self.lock:
            ts = self.next_ts()
            shown = {"user": user, "channel": channel, "ts": ts, **addressed(message, ts)}
            self.ephemeral.append(shown)
        return shown

    def issue_trigger(self, user: str) -> str:
        trigger_id = f"{self.next_ts().replace('.', '')}.{user}"
        self.triggers[trigger_id] = user
        return trigger_id

    def open_modal(self, user: str, view: dict[str, Any], *, push: bool = False) -> dict:
        with self.lock:
            stored = self._store_view(view, user)
            stack = self.modals.setdefault(user, []) if push else []
            stack.append(stored["id"])
            self.modals[user] = stack
        return stored

    def close_modals(self, user: str, *, all_of_them: bool = False) -> None:
        with self.lock:
            stack = self.modals.get(user, [])
            del stack[0 if all_of_them else -1 :]
        self.touch()

    def top_modal(self, user: str) -> dict[str, Any] | None:
        stack = self.modals.get(user) or []
        return self.views.get(stack[-1]) if stack else None

    def replace_view(self, view_id: str, view: dict[str, Any]) -> dict[str, Any] | None:
        with self.lock:
            old = self.views.get(view_id)
            if old is None:
                return None
            kept = {**view, "id": view_id, "user": old["user"], "hash": _hash()}
            self.views[view_id] = addressed(kept, f"{view_id}/{kept['hash']}")
            return self.views[view_id]

    def _store_view(self, view: dict[str, Any], user: str) -> dict[str, Any]:
        view_id = "V" + self.next_ts().replace(".", "")
        kept = {**view, "id": view_id, "user": user, "hash": _hash()}
        self.views[view_id] = addressed(kept, f"{view_id}/{kept['hash']}")
        return self.views[view_id]

    # -- answers -----------------------------------------------------------------------------

    def answer(self, method: str, args: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if self.delay or self.delays.get(method):
            time.sleep(self.delays.get(method, self.delay))
        with self.lock:
            call = self.record(method, args)
            if self.http_errors.get(method):
                call.ok = False
                return self.http_errors[method].pop(0), {"ok": False}
            if self.limited.get(method):
                self.limited[method] -= 1
                call.ok = False
                return 429, {"ok": False, "error": "ratelimited"}
            if self.failures.get(method):
                call.ok = False
                return 200, {"ok": False, "error": self.failures[method].pop(0)}
            handler = getattr(self, "_" + method.replace(".", "_"), None)
            answer = handler(args) if handler else {}
        if method not in READS:
            self.touch()
        if "error" in answer:
            call.ok = False
            return 200, {"ok": False, **answer}
        return 200, {"ok": True, **answer}

    def _auth_test(self, args):
        return {"user_id": BOT, "bot_id": BOT_ID, "team_id": "T1", "user": "peer-review"}

    def _apps_connections_open(self, args):
        return {"url": self.socket_url}

    def _chat_postMessage(self, args):
        channel = str(args.get("channel", ""))
        if channel.startswith("U"):  # a DM to a user lands in their app DM channel
            channel = self.dm_channel(channel)
        content = {
            "text": args.get("text"),
            "blocks": _json(args.get("blocks")),
            "thread_ts": args.get("thread_ts"),
            "metadata": _json(args.get("metadata")),
        }
        stored = self.keep_from_bot(channel, content)
        message = {k: v for k, v in stored.items() if k != "reactions"}
        return {"channel": channel, "ts": stored["ts"], "message": message}

    def _chat_update(self, args):
        key = (args.get("channel"), args.get("ts"))
        content = {"text": args.get("text"), "blocks": _json(args.get("blocks"))}
        self.messages[key] = {
            **self.messages.get(key, {}),
            "ts": args.get("ts"),
            **addressed(content, str(args.get("ts"))),
            "edited": True,
        }
        return {"channel": args.get("channel"), "ts": args.get("ts")}

    def _chat_getPermalink(self, args):
        channel, ts = str(args.get("channel", "")), str(args.get("message_ts", ""))
        if (channel, ts) not in self.messages:
            return {"error": "message_not_found"}
        link = f"https://school.slack.com/archives/{channel}/p{ts.replace('.', '')}"
        return {"channel": channel, "permalink": link}

    def _chat_postEphemeral(self, args):
        content = {"text": args.get("text"), "blocks": _json(args.get("blocks"))}
        content["thread_ts"] = args.get("thread_ts")
        shown = self._keep_ephemeral(args.get("user"), args.get("channel"), content)
        return {"message_ts": shown["ts"]}

    def _views_open(self, args, push: bool = False):
        user = self.triggers.get(str(args.get("trigger_id", "")), "")
        return {"view": self.open_modal(user, _json(args.get("view")) or {}, push=push)}

    def _views_push(self, args):
        return self._views_open(args, push=True)

    def _views_update(self, args):
        view = _json(args.get("view")) or {}
        view_id = str(args.get("view_id") or "")
        if not view_id and args.get("external_id"):
            found = [v for v in self.views.values() if v.get("external_id") == args["external_id"]]
            view_id = found[-1]["id"] if found else ""
        updated = self.replace_view(view_id, view) if view_id in self.views else None
        if updated is None and view_id:
            return {"error": "not_found"}
        return {"view": updated or {**view, "id": "V0", "hash": _hash()}}

    def _views_publish(self, args):
        user = str(args.get("user_id", ""))
        view = _json(args.get("view")) or {}
        with self.lock:  # one Home view a person, updated in place as Slack keeps it
            stored = self.replace_view(self.homes.get(user, ""), view)
            if stored is None:
                stored = self._store_view(view, user)
                self.homes[user] = stored["id"]
        return {"view": stored}

    def _reactions_add(self, args):
        found = self.messages.get((args.get("channel"), args.get("timestamp")))
        if found is None:  # a message sent as an event only (the tests'): nothing to show
            return {}
        who = found.setdefault("reactions", {}).setdefault(str(args.get("name")), [])
        if BOT in who:
            return {"error": "already_reacted"}
        who.append(BOT)
        return {}

    def _conversations_open(self, args):
        return {"channel": {"id": self.dm_channel(str(args.get("users", "")))}}

    def _conversations_info(self, args):
        channel = str(args.get("channel", ""))
        found = self.channels.get(channel, {})
        return {
            "channel": {
                "id": channel,
                "name": found.get("name", channel.lower()),
                "is_private": found.get("is_private", True),
            }
        }

    def _conversations_members(self, args):
        found = self.channels.get(str(args.get("channel", "")), {})
        return {"members": list(found.get("members", [])), "response_metadata": {"next_cursor": ""}}

    def _conversations_join(self, args):
        found = self.channels.get(str(args.get("channel", "")))
        if found is not None and BOT not in found.setdefault("members", []):
            found["members"].append(BOT)
        return {"channel": {"id": args.get("channel")}}

    def _conversations_history(self, args):
        channel = args.get("channel")
        found = [
            m for (c, _), m in self.messages.items() if c == channel and not m.get("thread_ts")
        ]
        return {"messages": _listed(sorted(found, key=lambda m: m["ts"], reverse=True), args)}

    def _conversations_replies(self, args):
        channel, ts = args.get("channel"), args.get("ts")
        found = [
            m
            for (c, t), m in self.messages.items()
            if c == channel and (t == ts or m.get("thread_ts") == ts)
        ]
        return {"messages": _listed(sorted(found, key=lambda m: m["ts"]), args)}

    def _users_info(self, args):
        user = str(args.get("user"))
        return {"user": {"id": user, "real_name": self.people.get(user, f"Person {user}")}}


def from_bot(content: dict[str, Any]) -> dict[str, Any]:
    """A message's author fields when the bot posted it."""
    return {"user": BOT, "bot_id": BOT_ID, **content}


def _listed(messages: list[dict[str, Any]], args: dict[str, Any]) -> list[dict[str, Any]]:
    """Messages as conversations.history/replies list them: metadata only when asked for."""
    if args.get("include_all_metadata") in (True, "true", "1", 1):
        return messages
    return [{k: v for k, v in m.items() if k != "metadata"} for m in messages]


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


_hashes = itertools.count(1)


def _hash() -> str:
    return f"h{next(_hashes)}"
