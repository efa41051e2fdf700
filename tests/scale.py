"""Many schools at once: a database of thousands of schools, built in seconds.

The storage functions write one school at a time, each change in its own checks and
transaction: right for the bot, far too slow to make 20,000 schools. Here the rows are made
in Python and written with ``executemany`` into the project's own migrated schema, in one
transaction, as the storage functions would have left them: every school with a member
(every third with two), in trios of three that formed by invitation, with its review
cycles (all but the last closed with every area judged, a summary in the trio channel,
challenges, responses and agreed outcomes; the last in progress with 0 to 4 areas judged).

Times are set around :data:`NOW`, as if the bot's hourly reminder check had run every hour
until then: a review stalled for a week was reminded then and every week after, so only
those whose reminder fell due in the last hour are due at ``NOW``. A few schools have
reminders off. Used by the tests' 20,000-school fixture and the scale benchmark's cached
databases (bench/scale_data.py); the same `size` and `seed` always give the same rows.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlite_utils import Database

import storage
from rubric.models import Framework

NOW = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)  # the seeded data's present
DAYS = 7  # the default PEER_REVIEW_REMINDER_DAYS
WEEK, HOUR = timedelta(days=7), timedelta(hours=1)

_WORDS = (  # the first and second halves of place names: "Hill" + "mead"
    "Ash Beech Brook Cedar Clay Elm Fern Glen Hazel Hill Holly Kings Lark Lime Maple Mill Moor"
    " Oak Park Queens River Rose Stone Thorn Willow",
    "bank bridge brook bury combe croft dale field ford gate hall ham hurst lands lea mead moor"
    " ridge side stead ton vale well wick wood",
)
_STARTS, _ENDS = (tuple(words.split(" ")) for words in _WORDS)
_KINDS = (
    "Primary School",
    "Academy",
    "C of E Primary School",
    "Junior School",
    "Infant School",
    "High School",
    "Community College",
    "Catholic Primary School",
    "Free School",
    "Teaching School Alliance",
)
_TOWNS = (
    "Derby",
    "Leicester",
    "Lincoln",
    "Nottingham",
    "Northampton",
    "Loughborough",
    "Mansfield",
    "Grantham",
)
_NAMES = len(_STARTS) * len(_ENDS) * len(_KINDS) * len(_TOWNS)  # 50,000 distinct names
_STRIDE = 7919  # a prime: school i's name is far in the alphabet from school i + 1's


def school_name(i: int) -> str:
    """The i-th school's name, e.g. "Hillmead Primary School, Derby" (unique for every i)."""
    j = (i * _STRIDE) % _NAMES
    place = _STARTS[j % 25] + _ENDS[(j // 25) % 25]
    name = f"{place} {_KINDS[(j // 625) % 10]}, {_TOWNS[j // 6250]}"
    return name if i < _NAMES else f"{name} {i // _NAMES + 1}"


def member(i: int) -> str:
    """The Slack id of the i-th school's first member (who set it up)."""
    return f"U{i:07d}"


def second_member(i: int) -> str | None:
    return f"W{i:07d}" if i % 3 == 0 else None


def trio_channel(i: int) -> str:
    """The channel of the i-th school's trio (schools 3t, 3t+1 and 3t+2 meet in trio t)."""
    return f"C{i // 3:08d}"


def trio_of(i: int, size: int) -> list[int]:
    return [j for j in range(i - i % 3, i - i % 3 + 3) if j < size]


Rows = dict[str, list[tuple]]  # each table's rows to insert, by the names in _SQL


def _iso(when: datetime) -> str:
    return when.isoformat(timespec="seconds")


_SQL = {
    "schools": "INSERT INTO schools (id, name, team_id, channel_id, created_by, created_at,"
    " reminders_enabled) VALUES (?, ?, 'T1', NULL, ?, ?, ?)",
    "members": "INSERT INTO members (school_id, user_id, added_by, added_at) VALUES (?, ?, ?, ?)",
    "changes": "INSERT INTO membership_changes (school_id, user_id, change, changed_by,"
    " changed_at) VALUES (?, ?, 'added', ?, ?)",
    "trios": "INSERT INTO trios (id, channel_id, name, created_by, created_at)"
    " VALUES (?, ?, NULL, ?, ?)",
    "trio_schools": "INSERT INTO trio_schools (trio_id, school_id) VALUES (?, ?)",
    "invitations": "INSERT INTO trio_invitations (trio_id, school_id, from_school_id, invited_by,"
    " state, created_at, answered_by, answered_at) VALUES (?, ?, ?, ?, 'accepted', ?, ?, ?)",
    "cycles": "INSERT INTO cycles (id, school_id, number, framework_id, framework_version,"
    " status, started_by, started_at, completed_at, closed_at, summary_channel, summary_ts,"
    " last_reminded_at, progress_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "judgements": "INSERT INTO judgements (cycle_id, area_id, level, evidence, key_actions,"
    " evidence_sources, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    "history": "INSERT INTO judgement_history (cycle_id, area_id, level, previous_level,"
    " evidence, key_actions, evidence_sources, changed_by, changed_at, kind, reason)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "summaries": "INSERT INTO summary_messages (channel_id, ts, cycle_id, posted_at)"
    " VALUES (?, ?, ?, ?)",
    "challenges": "INSERT INTO challenges (cycle_id, area_id, author_id, author_school_id, kind,"
    " text, view, suggested_level, status, channel_id, ts, thread_ts, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "area_outcomes": "INSERT INTO area_outcomes (cycle_id, area_id, decision, level, reason,"
    " recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    "cycle_outcomes": "INSERT INTO cycle_outcomes (cycle_id, successes, improvements,"
    " recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?)",
}


def build(path: Path, size: int, framework: Framework, *, cycles: int = 3, seed: int = 1) -> Path:
    """A new database file at `path` with `size` schools, each with `cycles` review cycles."""
    path.unlink(missing_ok=True)
    db = storage.open_database(path)
    try:
        db.conn.execute("PRAGMA journal_mode = WAL")
        db.conn.execute("PRAGMA synchronous = OFF")  # a benchmark's file: rebuilt if torn
        storage.migrate(db)
        rows: Rows = {table: [] for table in _SQL}  # as the storage functions would write them
        rng = random.Random(seed)
        for i in range(size):
            _school(rows, rng, i, size, framework, cycles)
        with storage.transaction(db):
            for table, sql in _SQL.items():
                db.conn.executemany(sql, rows[table])
    finally:
        db.close()
    return path


def _school(rows: Rows, rng: random.Random, i: int, size: int, fw: Framework, cycles: int):
    school_id, user, joined = i + 1, member(i), NOW - timedelta(days=800 + rng.randrange(200))
    rows["schools"].append(
        (school_id, school_name(i), user, _iso(joined), int(rng.random() > 0.05))
    )
    for person in filter(None, (user, second_member(i))):
        rows["members"].append((school_id, person, user, _iso(joined)))
        rows["changes"].append((school_id, person, user, _iso(joined)))
    trio = trio_of(i, size)
    if i == trio[0]:  # the first school started the trio and invited the others
        rows["trios"].append((i // 3 + 1, trio_channel(i), user, _iso(joined + HOUR)))
    rows["trio_schools"].append((i // 3 + 1, school_id))
    if i != trio[0]:
        asked = joined + 2 * HOUR
        rows["invitations"].append(
            (
                i // 3 + 1,
                school_id,
                trio[0] + 1,
                member(trio[0]),
                _iso(asked),
                user,
                _iso(asked + HOUR),
            )
        )
    partners = [j for j in trio if j != i]
    start = joined + timedelta(days=30)
    for number in range(1, cycles + 1):
        cycle_id = i * cycles + number
        if number < cycles:
            _finished(rows, rng, i, cycle_id, number, start, partners, fw)
            start += timedelta(days=330 + rng.randrange(30))
        else:
            start = NOW - timedelta(days=rng.uniform(0, 75))
            _in_progress(rows, rng, i, cycle_id, number, start, fw)


def _judge(rows: Rows, rng, cycle_id: int, area: str, user: str, at: datetime, n: int) -> int:
    level = 1 + rng.randrange(4)
    evidence = (
        f"{area}: governors' committee meets termly; {n} schools share the vision; "
        "termly impact reviews with partners; mentor training in every school."
    )
    actions = "Share the offer with every partner; evaluate impact at 3 and 12 months."
    row = (cycle_id, area, level, evidence, actions, "[0, 1]", user, _iso(at))
    rows["judgements"].append(row)
    rows["history"].append(
        (
            cycle_id,
            area,
            level,
            None,
            evidence,
            actions,
            "[0, 1]",
            user,
            _iso(at),
            "self_evaluation",
            None,
        )
    )
    return level


def _finished(rows: Rows, rng, i, cycle_id, number, start, partners, fw: Framework) -> None:
    user, channel = member(i), trio_channel(i)
    at, levels = start, {}
    for area in fw.area_ids:
        at += timedelta(days=rng.uniform(1, 6))
        levels[area] = _judge(rows, rng, cycle_id, area, user, at, number + i % 9)
    done, ts = at, f"{int(at.timestamp())}.{i % 1000000:06d}"
    closed = done + timedelta(days=300)
    _cycle(rows, fw, i, number, "closed", id=cycle_id, started=start, done=done, closed=closed,
           summary=(channel, ts), moved=done)  # fmt: skip
    rows["summaries"].append((channel, ts, cycle_id, _iso(done)))
    for n, area in enumerate(rng.sample(fw.area_ids, 2 + rng.randrange(3))):
        author = partners[n % len(partners)] if partners else i
        when = done + timedelta(days=1 + n)
        mark = f"{int(when.timestamp())}.{n:02d}{i % 10000:04d}"
        text = f"{area}: is the evidence enough for this level? Which schools took part?"
        view = rng.choice(("above", "in_line", "below"))
        _comment(rows, cycle_id, area, author, "challenge", text, view, "resolved", mark, ts, when)
        if rng.random() < 0.6:
            reply = f"{int(when.timestamp()) + 3600}.{n + 50:02d}{i % 10000:04d}"
            text = f"{area}: all of them, termly."
            _comment(
                rows, cycle_id, area, i, "response", text, None, "open", reply, ts, when + HOUR
            )
        rows["area_outcomes"].append(
            (cycle_id, area, "stands", levels[area], "", user, _iso(when + 2 * HOUR))
        )
    rows["cycle_outcomes"].append(
        (
            cycle_id,
            "Mentoring across the trio.",
            "Evaluate CPD impact.",
            user,
            _iso(done + timedelta(days=10)),
        )
    )


def _comment(rows: Rows, cycle_id: int, area: str, by: int, kind: str, text: str, *rest) -> None:
    """A challenge or a response in the thread of a summary, by the `by`-th school; `rest`:
    its view, status, ts, the summary's ts and when it was made."""
    view, status, ts, thread_ts, at = rest
    row = (cycle_id, area, member(by), by + 1, kind, text, view, None, status, trio_channel(by))
    rows["challenges"].append((*row, ts, thread_ts, _iso(at)))


def _in_progress(rows: Rows, rng, i, cycle_id, number, start: datetime, fw: Framework) -> None:
    """Some areas judged since `start`; reminded as the hourly check would have by NOW."""
    user = member(i)
    times = sorted(start + (NOW - start) * rng.random() for _ in range(rng.randrange(5)))
    for area, at in zip(fw.area_ids, times, strict=False):
        _judge(rows, rng, cycle_id, area, user, at, number)
    progress = times[-1] if times else start
    reminded, due_at = None, progress + timedelta(days=DAYS)
    if due_at <= NOW:  # stalled: reminded within the hour after it fell due, then weekly
        weeks, since = divmod(NOW - due_at, WEEK)
        if since >= HOUR:
            reminded = due_at + weeks * WEEK + HOUR * rng.random()
        elif weeks:  # fell due again in the last hour: the check has not run since
            reminded = due_at + (weeks - 1) * WEEK + HOUR * rng.random()
    elif times and rng.random() < 0.5:  # a reminder before it moved again
        reminded = progress - timedelta(days=rng.uniform(0, 3))
    _cycle(rows, fw, i, number, "in_progress", id=cycle_id, started=start, reminded=reminded,
           moved=progress)  # fmt: skip


def _cycle(rows: Rows, fw: Framework, i: int, number: int, status: str, **at: Any) -> None:
    """The i-th school's `number`-th cycle (its id: `at["id"]`), started by its first member;
    `at`: its times (started, done, closed, reminded, moved: datetimes or None) and summary
    (channel, ts)."""
    when = [_iso(at[k]) if at.get(k) else None for k in ("started", "done", "closed")]
    summary = at.get("summary", (None, None))
    row = (at["id"], i + 1, number, fw.id, fw.version, status, member(i), *when, *summary)
    rows["cycles"].append((*row, at.get("reminded") and _iso(at["reminded"]), _iso(at["moved"])))


def copy_of(path: Path, folder: Path) -> Path:
    """A copy of the database at `path` in `folder`, for a test or a run that writes."""
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / path.name
    shutil.copyfile(path, copy)
    return copy


def read(db: Database, work: Callable[[], Any]) -> tuple[Any, set[str]]:
    """What `work()` returns, and the tables its queries read from end to end (a ``SCAN``
    in SQLite's plan of each statement it ran on `db`), as SQLite plans them."""
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        result = work()
    finally:
        db.conn.set_trace_callback(None)
    scanned = set()
    for sql in statements:
        if sql.lstrip().upper().startswith("SELECT"):
            for *_, detail in db.conn.execute(f"EXPLAIN QUERY PLAN {sql}"):
                if detail.startswith("SCAN "):
                    scanned.add(detail.split()[1])
    return result, scanned


def alliance_of_all(db: Database, name: str, lead: str, school_ids: list[int]) -> int:
    """An alliance led by `lead` that each of `school_ids` joined on its first member's
    acceptance (through the storage functions, one school at a time); returns its id."""
    from storage import alliances

    made = alliances.create_alliance(db, name, lead)
    for school_id in school_ids:
        asked = alliances.invite_to_alliance(db, made.id, school_id, lead)
        alliances.answer_alliance_invitation(db, asked.id, "accepted", member(school_id - 1))
    return made.id
