"""The scale benchmark's in-process half: SQL statements per request, the Home tab, the
reminder sweep and the partner search, on a copy of each cached database.

The bot is built as ``serve`` builds it (``bot.app.create_bot`` with the outbox in a process
of its own, here never started: nothing is delivered, and opening the Home tab writes
nothing, as in ``serve``; modals are not opened). Each request goes through ``Bot.dispatch``
as the HTTP transport hands it over. Every SQL statement the store's connections run on the
dispatching thread is counted with sqlite3's trace callback, set where the store opens its
connections (``storage.store.open_database``, swapped here for the run), so the bot's code
is not touched. Each is counted as SQLite reports it, the start of a trigger's program too
(a judgement's 14 or 15 include two for the trigger that keeps ``cycles.progress_at``).
"""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from slack_bolt.request import BoltRequest

import storage.store
from bench.scale_data import Requests
from bench.standin import HarnessError
from bot.app import Bot, create_bot
from bot.blocks.alliance_view import lead_section
from bot.blocks.home import build_home
from bot.reminders import check
from bot.settings import Settings
from bot.transport.http import parse_body
from core import publishing, schools
from core.reminders import due_reminders
from tests import scale
from tests.slack_stub import running_stub

LEAD = "ULEADBENCH"  # leads the 80-school alliance made on each copy


class Counter:
    """Statements run on one thread (the one dispatching), from `start()` on."""

    def __init__(self) -> None:
        self.n, self.thread = 0, threading.get_ident()

    def __call__(self, sql: str) -> None:
        if threading.get_ident() == self.thread:
            self.n += 1

    def start(self) -> None:
        self.n = 0


@contextmanager
def counted(counter: Counter) -> Iterator[None]:
    """Every connection the store opens meanwhile reports its statements to `counter`."""
    original = storage.store.open_database

    def traced(path: Any) -> Any:
        db = original(path)
        db.conn.set_trace_callback(counter)
        return db

    storage.store.open_database = traced
    try:
        yield
    finally:
        storage.store.open_database = original


class Dropped(Executor):
    """Modals are not opened: there is no Slack here."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        return None


@dataclass
class Figures:
    """Per kind: SQL statements per request (every request's count) and milliseconds."""

    statements: dict[str, list[int]] = field(default_factory=dict)
    ms: dict[str, list[float]] = field(default_factory=dict)
    due: int = 0  # reminders due at scale.NOW
    sent_ms: float = 0.0  # the hourly check: find them and queue each, in its transaction

    def add(self, kind: str, statements: int, seconds: float) -> None:
        self.statements.setdefault(kind, []).append(statements)
        self.ms.setdefault(kind, []).append(seconds * 1000)

    def p50(self, kind: str) -> float:
        return statistics.median(self.ms[kind])

    def count(self, kind: str) -> str:
        low, high = min(self.statements[kind]), max(self.statements[kind])
        return str(low) if low == high else f"{low}-{high}"


def build_bot(path: Path, framework: Any, api_url: str) -> Bot:
    settings = Settings(
        slack_bot_token=SecretStr("xoxb-bench"),
        slack_api_url=api_url,
        db_path=path,
        reminder_days=scale.DAYS,
        reminder_weekdays="Mon-Sun",  # the seeded present (scale.NOW) is a Sunday morning
    )
    store = storage.store.Store(path)
    return create_bot(
        settings,
        store,
        framework,
        token_verification_enabled=False,
        modal_executor=Dropped(),
        outbox_process=True,
        payloads_checked=True,
    )


def measure(copies: dict[int, Path], framework: Any, n: int) -> dict[int, Figures]:
    """Each kind `n` times at each size (the databases at `copies`, which change), one
    request at a time, the sizes taking turns so that none gains from when it ran."""
    counter, found = Counter(), {size: Figures() for size in copies}
    for path in copies.values():  # the first 80 schools of each make an alliance, led by LEAD
        db = storage.open_database(path)
        try:
            scale.alliance_of_all(db, "Bench alliance", LEAD, list(range(1, 81)))
        finally:
            db.close()
    with counted(counter), running_stub() as slack:  # Bolt asks it auth.test, once
        bots = {size: build_bot(path, framework, slack.api_url) for size, path in copies.items()}
        requests = {size: Requests(size, framework, slack.base_url) for size in copies}
        for size, bot in bots.items():
            _warm(bot, requests[size])
        for kind in Requests.KINDS:
            made = {size: requests[size].make(kind, n) for size in copies}
            for k in range(n):
                for size, bot in bots.items():
                    body = parse_body(*made[size][k])
                    counter.start()
                    start = time.perf_counter()
                    response = bot.dispatch(BoltRequest(body=body, mode="socket_mode"))
                    found[size].add(kind, counter.n, time.perf_counter() - start)
                    if response.status != 200:
                        raise HarnessError(f"{kind} at {size} schools: {response.status}")
        for k in range(n):
            for size, bot in bots.items():
                with bot.services.store.connect() as db:
                    _reads(db, framework, counter, found[size], requests[size], k)
        for size, bot in bots.items():
            bot.stop()
            counter.start()
            start = time.perf_counter()
            sent = check(bot.services, now=scale.NOW)
            found[size].sent_ms = (time.perf_counter() - start) * 1000
            if sent != found[size].due:
                raise HarnessError(f"the check sent {sent} reminders, {found[size].due} were due")
    return found


def _warm(bot: Bot, requests: Requests) -> None:
    """One request of each kind first: Bolt's auth.test, imports, SQLite's caches."""
    for kind in Requests.KINDS:
        for raw, content_type in requests.make(kind, 1):
            bot.dispatch(BoltRequest(body=parse_body(raw, content_type), mode="socket_mode"))


def _reads(db, framework, counter: Counter, found: Figures, requests: Requests, k: int) -> None:
    """What serving a request leaves to others: the Home tab the outbox builds, the partner
    search on its own, and the hourly reminder sweep (finding who is due at scale.NOW)."""

    def timed(kind: str, work: Callable[[], Any]) -> Any:
        counter.start()
        start = time.perf_counter()
        result = work()
        found.add(kind, counter.n, time.perf_counter() - start)
        return result

    user = scale.member(requests.schools[k % len(requests.schools)])

    def tab() -> dict:
        view = publishing.dashboard(db, framework, user)
        return build_home(framework, school=view.school, standing=view.standing, trio=view.trio)

    timed("home tab", tab)

    def lead_tab() -> dict:  # an 80-school alliance's lead: every school's progress, a page
        view = publishing.dashboard(db, framework, LEAD)
        assert view.alliance is not None
        section = lead_section(framework, view.alliance)
        return build_home(framework, school=view.school, alliance=section)

    timed("lead's home", lead_tab)
    typed = requests.fragment(k)
    timed("search", lambda: schools.partner_candidates(db, user, typed))
    if k % 5 == 0:
        found.due = len(timed("sweep", lambda: due_reminders(db, framework, scale.NOW, scale.DAYS)))
