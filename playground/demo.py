"""``peer-review demo``: the real bot, a local Slack and the page, on this machine only.

The bot is the one ``serve`` builds (the same App, listeners, core, outbox and SQLite code);
its requests come signed from the :class:`~playground.sender.Sender` through the HTTP
transport's own checks, and its Web API calls go to the local Slack on 127.0.0.1. The demo
keeps its own database (``peer-review-demo.db`` unless told otherwise: never the real
``PEER_REVIEW_DB``) and the workspace beside it (``….slack.json``); ``--reset`` rebuilds both.
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import os
import secrets
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from bot.app import Bot, create_bot
from bot.settings import Settings
from bot.transport.http import PATH, SlackEvents
from playground import alliance
from playground.sender import Sender
from playground.server import running
from playground.slack import LocalSlack, addressed
from playground.web import Page
from rubric.loader import load_builtin
from storage import find_school
from storage.store import Store

log = logging.getLogger("peer-review.demo")
KEPT = ("messages", "posted", "ephemeral", "channels", "people", "views", "modals", "homes")
KEPT += ("files", "responders")


def workspace_file(db_path: Path) -> Path:
    return db_path.with_suffix(".slack.json")


def is_fresh(db_path: Path) -> bool:
    """Whether the demo is built anew: its database or its workspace is missing."""
    return not db_path.exists() or not workspace_file(db_path).exists()


@contextlib.contextmanager
def playground(db_path: Path, *, port: int = 0, empty: bool = False) -> Iterator[Any]:
    """The demo running (bot, local Slack, page) while in the block; yields its base URL."""
    slack = LocalSlack()
    fresh = is_fresh(db_path)
    if fresh:
        for stale in (db_path, workspace_file(db_path)):
            stale.unlink(missing_ok=True)
        for suffix in ("-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        alliance.workspace(slack)
    else:
        restore(slack, workspace_file(db_path))
    secret = secrets.token_hex(16)
    page: Page | None = None

    def site(method: str, path: str, query: dict[str, Any], raw: bytes) -> Any:
        return page(method, path, query, raw) if page else None

    with running(slack, site, port=port):
        bot = build(slack, db_path)
        events = SlackEvents(bot.answer, secret)

        def deliver(raw: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
            status, _, body = events.answer("POST", PATH, headers, raw)
            return int(status.split()[0]), body

        sender = Sender(slack, deliver, secret)
        if fresh and not empty:
            assert bot.worker is not None
            alliance.story(sender, lambda name: school_id(bot, name), settle=bot.worker.drain)
        save(slack, workspace_file(db_path))
        page = Page(slack, sender)
        bot.start()
        saver = Saver(slack, workspace_file(db_path))
        try:
            yield slack.base_url
        finally:
            saver.stop()
            bot.stop()


def build(slack: LocalSlack, db_path: Path) -> Bot:
    settings = Settings(
        slack_bot_token=SecretStr("xoxb-playground"),
        slack_api_url=slack.api_url,
        db_path=db_path,
    )
    return create_bot(settings, Store(db_path), load_builtin(), payloads_checked=True)


def school_id(bot: Bot, name: str) -> int:
    with bot.services.store.connect() as db:
        found = find_school(db, name)
    if found is None:
        raise RuntimeError(f"the demo's school {name!r} was not set up")
    return found.id


def save(slack: LocalSlack, path: Path) -> None:
    with slack.lock:  # nothing changes while it is written down
        state = {name: getattr(slack, name) for name in KEPT}
        state["uploads"] = {k: base64.b64encode(v).decode() for k, v in slack.uploads.items()}
        state["messages"] = [[c, ts, m] for (c, ts), m in slack.messages.items()]
        text = json.dumps(state)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def restore(slack: LocalSlack, path: Path) -> None:
    state = json.loads(path.read_text(encoding="utf-8"))
    for name in KEPT:
        if name != "messages":
            setattr(slack, name, state.get(name, getattr(slack, name)))
    # Ids on every block, for a workspace kept before the local Slack gave them as Slack does.
    slack.messages = {(c, ts): addressed(m, ts) for c, ts, m in state.get("messages", [])}
    slack.ephemeral = [addressed(e, e["ts"]) for e in slack.ephemeral]
    slack.views = {v: addressed(view, v) for v, view in slack.views.items()}
    slack.posted = [tuple(p) for p in slack.posted]
    slack.uploads = {k: base64.b64decode(v) for k, v in state.get("uploads", {}).items()}
    latest = max((int(ts.split(".")[1]) for _, ts in slack.messages), default=0)
    slack.skip_to(latest + 1000)


class Saver:
    """Writes the workspace to its file a moment after each change, and at the end."""

    def __init__(self, slack: LocalSlack, path: Path) -> None:
        self.slack, self.path = slack, path
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="demo-saver", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        seen = self.slack.version
        while not self._stop.is_set():
            now = self.slack.wait_for_change(seen, timeout=1.0)
            if now != seen:
                self._stop.wait(0.3)
                seen = self.slack.version
                save(self.slack, self.path)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        save(self.slack, self.path)
