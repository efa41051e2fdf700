"""The playground's page: a Slack-like workspace drawn from the local Slack's state.

``GET /`` is the page; ``GET /static/…`` its script and styles; ``GET /state`` what the
chosen person sees (waiting up to 20 s for a change after the version the page has);
``POST /do`` one thing the person does, handed to the :class:`~playground.sender.Sender`;
``POST /options`` a partner picker's options. Everything shown is rendered by
:mod:`playground.render` from the bot's real Block Kit, escaped.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from importlib import resources
from typing import Any

from playground.mrkdwn_html import EMOJI
from playground.render import Directory, Unsupported, message_html, view_html
from playground.sender import Refused, Reply, Sender
from playground.slack import BOT, LocalSlack

STATIC = {"app.js": "text/javascript", "app.css": "text/css"}
STATIC |= {"blocks.js": "text/javascript", "blocks.css": "text/css"}
MAX_REQUEST = 200_000
SECURITY = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


class Page:
    def __init__(self, slack: LocalSlack, sender: Sender) -> None:
        self.slack, self.sender = slack, sender

    def __call__(self, method: str, path: str, query: dict[str, Any], raw: bytes) -> Any:
        if method == "GET" and path == "/":
            return 200, "text/html; charset=utf-8", _file("index.html"), SECURITY
        if method == "GET" and path == "/favicon.ico":
            return 204, "image/x-icon", b"", {}
        if method == "GET" and path.startswith("/static/") and path[8:] in STATIC:
            return 200, STATIC[path[8:]] + "; charset=utf-8", _file(path[8:]), {}
        if method == "GET" and path == "/state":
            seen = int(query.get("since") or -1)
            if seen == self.slack.version:
                self.slack.wait_for_change(seen, timeout=20)
            return _json(self.state(str(query.get("as") or ""), query))
        if method == "POST" and path in ("/do", "/options") and len(raw) <= MAX_REQUEST:
            try:
                asked = json.loads(raw)
            except ValueError:
                return _json({"error": "That request was not understood."}, 400)
            return _json(self.do(asked) if path == "/do" else self.options(asked))
        return None

    # -- what a person sees ----------------------------------------------------------------

    def directory(self) -> Directory:
        channels = {c: str(info.get("name") or c) for c, info in self.slack.channels.items()}
        return Directory(people={**self.slack.people, BOT: "peer-review"}, channels=channels)

    def visible(self, user: str) -> list[dict[str, Any]]:
        """The sidebar: the channels this person is in, their DM with the bot, the Home tab."""
        rooms = [
            {"id": c, "name": "# " + str(info.get("name")), "kind": "channel"}
            for c, info in sorted(self.slack.channels.items(), key=lambda i: str(i[1].get("name")))
            if user in info.get("members", []) or not info.get("is_private", True)
        ]
        dm = {"id": self.slack.dm_channel(user), "name": "peer-review", "kind": "dm"}
        return [{"id": "home", "name": "peer-review · Home", "kind": "home"}, dm, *rooms]

    def state(self, user: str, query: dict[str, Any]) -> dict[str, Any]:
        version = self.slack.version
        rooms = self.visible(user) if user in self.slack.people else []
        at = str(query.get("at") or "")
        if at not in {r["id"] for r in rooms}:
            at = rooms[1]["id"] if rooms else ""
        directory = self.directory()
        out: dict[str, Any] = {
            "version": version,
            "people": [{"id": u, "name": n} for u, n in self.slack.people.items()],
            "rooms": rooms,
            "at": at,
            "title": next((r["name"] for r in rooms if r["id"] == at), ""),
        }
        if at == "home":
            home = self.slack.views.get(self.slack.homes.get(user, ""))
            out["main"] = self._view(home, directory) if home else _note("Opening the Home tab…")
        elif at:
            out["main"] = self.history(user, at, None, directory)
        thread = str(query.get("thread") or "")
        if thread and at.startswith(("C", "D")):
            out["thread"] = self.history(user, at, thread, directory)
        modal = self.slack.top_modal(user)
        if modal is not None:
            out["modal"] = {"id": modal["id"], "html": self._view(modal, directory)}
        return out

    def history(self, user: str, channel: str, thread: str | None, directory: Directory) -> str:
        """A channel's messages (or one thread), with this person's ephemeral ones."""
        here = [(ts, m) for (c, ts), m in list(self.slack.messages.items()) if c == channel]
        replies = Counter(m["thread_ts"] for ts, m in here if m.get("thread_ts") not in (None, ts))
        shown: list[tuple[str, str]] = []
        for ts, message in here:
            parent = message.get("thread_ts")
            if thread is None and parent and parent != ts:
                continue
            if thread is not None and ts != thread and parent != thread:
                continue
            count = replies[ts] if thread is None else 0  # in a thread, no link to itself
            shown.append((ts, self._message(channel, message, directory, replies=count)))
        for message in list(self.slack.ephemeral):  # one meant for a thread, only in it
            mine = message["user"] == user and message.get("channel") == channel
            if mine and (message.get("thread_ts") or None) == thread:
                shown.append(
                    (message["ts"], self._message(channel, message, directory, ephemeral=True))
                )
        shown.sort(key=lambda pair: pair[0])
        return "".join(part for _, part in shown) or _note("No messages yet.")

    def _message(
        self,
        channel: str,
        message: dict[str, Any],
        directory: Directory,
        *,
        replies: int = 0,
        ephemeral: bool = False,
    ) -> str:
        author = BOT if ephemeral else str(message.get("user") or BOT)
        name = html.escape(directory.people.get(author, author))
        is_app = author == BOT or message.get("bot_id")
        try:
            content = {k: message[k] for k in ("text", "blocks") if message.get(k) is not None}
            body = message_html(content, directory) if content else ""
        except Unsupported as error:
            body = _note(f"This message can't be shown here: {error}")
        parts = [
            f'<article class="msg{" ephemeral" if ephemeral else ""}" '
            f'data-channel="{html.escape(channel)}" '
            f'data-ts="{html.escape(str(message["ts"]))}">',
            f"<header><b>{name}</b>{' <span class=app>APP</span>' if is_app else ''}"
            f"{' <i>(edited)</i>' if message.get('edited') else ''}</header>",
            body,
            _files(message.get("files") or []),
            _reactions(message.get("reactions") or {}),
        ]
        if ephemeral:
            parts.append('<p class="only-you">Only visible to you</p>')
        if replies:
            parts.append(
                f'<button class="thread-link" data-thread="{html.escape(str(message["ts"]))}">'
                f"{replies} {'reply' if replies == 1 else 'replies'}</button>"
            )
        return "".join(parts) + "</article>"

    def _view(self, view: dict[str, Any], directory: Directory) -> str:
        try:
            return view_html({k: v for k, v in view.items() if k != "user"}, directory)
        except Unsupported as error:
            return _note(f"This view can't be shown here: {error}")

    # -- what a person does ----------------------------------------------------------------

    def do(self, asked: dict[str, Any]) -> dict[str, Any]:
        user = str(asked.get("as") or "")
        if user not in self.slack.people:
            return {"error": "Choose who you are first."}
        kind = asked.get("kind")
        try:
            reply = self._do(user, str(kind), asked)
        except Refused as refused:
            return {"error": str(refused)}
        if reply is None:
            return {"error": "The playground doesn't know how to do that."}
        if reply.status != 200:
            return {"error": f"The bot answered {reply.status}: {reply.body.get('text', '')}"}
        return {"ok": True, "errors": reply.errors}

    def _do(self, user: str, kind: str, asked: dict[str, Any]) -> Reply | None:
        text = str(asked.get("text") or "")[:40_000]
        channel = str(asked.get("channel") or "")
        if kind == "command":
            return self.sender.command(user, text, channel)
        if kind == "post":
            self._may_post(user, channel)
            self.sender.post(user, channel, text, str(asked.get("thread") or "") or None)
            return Reply()
        if kind == "click":
            action = asked.get("action") or {}
            return self.sender.click(
                user,
                asked.get("where") or {},
                str(action.get("block_id", "")),
                str(action.get("action_id", "")),
                action,
            )
        if kind == "submit":
            return self.sender.submit(user, str(asked.get("view_id")), asked.get("values") or {})
        if kind == "close":
            return self.sender.close(user, str(asked.get("view_id")))
        if kind == "home":
            self.sender.open_home(user)
            return Reply()
        return None

    def _may_post(self, user: str, channel: str) -> None:
        if channel == self.slack.dm_channel(user):
            return
        info = self.slack.channels.get(channel)
        if info is None or user not in info.get("members", []):
            raise Refused("Only the channel's members can post in it.")

    def options(self, asked: dict[str, Any]) -> dict[str, Any]:
        user = str(asked.get("as") or "")
        try:
            found = self.sender.options(
                user,
                str(asked.get("view_id")),
                str(asked.get("block_id")),
                str(asked.get("action_id")),
                str(asked.get("query") or ""),
            )
        except Refused as refused:
            return {"error": str(refused), "options": []}
        return {"options": [{"text": o["text"]["text"], "value": o["value"]} for o in found]}


def _files(files: list[dict[str, Any]]) -> str:
    parts = []
    for f in files:
        url = html.escape(f"/files/{f['id']}")
        title = html.escape(str(f.get("title") or f.get("name") or "file"))
        if str(f.get("name") or "").lower().endswith(".png"):
            parts.append(f'<figure class="file"><img src="{url}" alt="{title}"></figure>')
        else:
            parts.append(f'<a class="file" href="{url}" download>{title}</a>')
    return "".join(parts)


def _reactions(reactions: dict[str, list[str]]) -> str:
    """Each reaction as its emoji (its :name: when the page has none) and how many gave it;
    the name is the tooltip, as in Slack."""
    shown = "".join(
        f'<span class="reaction" title=":{html.escape(name)}:">'
        f"{html.escape(EMOJI.get(name, f':{name}:'))} {len(who)}</span>"
        for name, who in reactions.items()
        if who
    )
    return f'<div class="reactions">{shown}</div>' if shown else ""


def _note(text: str) -> str:
    return f'<p class="note">{html.escape(text)}</p>'


def _file(name: str) -> bytes:
    return (resources.files("playground") / "static" / name).read_bytes()


def _json(value: Any, status: int = 200) -> tuple[int, str, bytes, dict[str, str]]:
    return status, "application/json", json.dumps(value).encode(), {"Cache-Control": "no-store"}
