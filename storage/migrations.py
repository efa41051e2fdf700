"""Ordered, named schema migrations.

Each migration is a function that takes a :class:`Database` and changes the schema (and,
where needed, the data) from the version before it. ``migrate()`` applies the ones not yet
recorded in ``schema_migrations``, each in its own transaction together with its record, so
a failed upgrade leaves the database at the last good version with every row intact.

Never edit a released migration: add a new one at the end.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

from sqlite_utils import Database

from storage.db import now, run_script, transaction
from storage.migrations_alliances import m018_alliances
from storage.migrations_followups import (
    m016_unfiled_replies_and_area_recipients,
    m017_area_messages_by_message,
)
from storage.migrations_messages import m014_area_messages_and_charts
from storage.migrations_people import m013_names_and_closed_days
from storage.migrations_privacy import (
    m008_trio_invitations,
    m009_membership_changes,
    m010_erasures,
    m011_channel_checks,
)
from storage.migrations_scale import m012_cycle_progress
from storage.migrations_talk import m015_filings_and_bot_channels


class SchemaTooNewError(RuntimeError):
    """The database was written by a newer version of peer-review."""


def m001_initial(db: Database) -> None:
    run_script(
        db,
        """
        CREATE TABLE schools (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            team_id TEXT,
            channel_id TEXT,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE members (
            school_id INTEGER NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
            user_id TEXT NOT NULL,
            added_by TEXT NOT NULL,
            added_at TEXT NOT NULL,
            PRIMARY KEY (school_id, user_id)
        );
        CREATE INDEX members_by_user ON members(user_id);
        CREATE TABLE trios (
            id INTEGER PRIMARY KEY,
            channel_id TEXT NOT NULL UNIQUE,
            name TEXT,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE trio_schools (
            trio_id INTEGER NOT NULL REFERENCES trios(id) ON DELETE CASCADE,
            school_id INTEGER NOT NULL UNIQUE REFERENCES schools(id) ON DELETE CASCADE,
            PRIMARY KEY (trio_id, school_id)
        );
        CREATE TABLE cycles (
            id INTEGER PRIMARY KEY,
            school_id INTEGER NOT NULL REFERENCES schools(id),
            number INTEGER NOT NULL CHECK (number >= 1),
            framework_id TEXT NOT NULL,
            framework_version TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'in_progress'
                CHECK (status IN ('in_progress', 'judged', 'closed')),
            started_by TEXT NOT NULL,
            started_at TEXT NOT NULL,
            completed_at TEXT,
            closed_at TEXT,
            summary_channel TEXT,
            summary_ts TEXT,
            UNIQUE (school_id, number)
        );
        CREATE UNIQUE INDEX one_current_cycle_per_school
            ON cycles(school_id) WHERE status != 'closed';
        CREATE TABLE judgements (
            cycle_id INTEGER NOT NULL REFERENCES cycles(id),
            area_id TEXT NOT NULL,
            level INTEGER NOT NULL CHECK (level >= 1),
            evidence TEXT NOT NULL,
            key_actions TEXT NOT NULL DEFAULT '',
            recorded_by TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            PRIMARY KEY (cycle_id, area_id)
        );
        CREATE TABLE judgement_history (
            id INTEGER PRIMARY KEY,
            cycle_id INTEGER NOT NULL REFERENCES cycles(id),
            area_id TEXT NOT NULL,
            level INTEGER NOT NULL,
            previous_level INTEGER,
            evidence TEXT NOT NULL,
            key_actions TEXT NOT NULL,
            changed_by TEXT NOT NULL,
            changed_at TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'self_evaluation'
                CHECK (kind IN ('self_evaluation', 'after_challenge')),
            reason TEXT
        );
        CREATE INDEX judgement_history_by_area ON judgement_history(cycle_id, area_id);
        CREATE TRIGGER judgement_history_append_only_update
            BEFORE UPDATE ON judgement_history
            BEGIN SELECT RAISE(ABORT, 'judgement history is append-only'); END;
        CREATE TRIGGER judgement_history_append_only_delete
            BEFORE DELETE ON judgement_history
            BEGIN SELECT RAISE(ABORT, 'judgement history is append-only'); END;
        """,
    )


def m002_peer_challenge(db: Database) -> None:
    run_script(
        db,
        """
        CREATE TABLE challenges (
            id INTEGER PRIMARY KEY,
            cycle_id INTEGER NOT NULL REFERENCES cycles(id),
            area_id TEXT,
            author_id TEXT NOT NULL,
            author_school_id INTEGER REFERENCES schools(id),
            kind TEXT NOT NULL CHECK (kind IN ('challenge', 'response')),
            text TEXT NOT NULL,
            view TEXT CHECK (view IN ('above', 'in_line', 'below')),
            suggested_level INTEGER,
            status TEXT NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'answered', 'resolved')),
            channel_id TEXT NOT NULL,
            ts TEXT NOT NULL,
            thread_ts TEXT,
            created_at TEXT NOT NULL,
            edited_at TEXT,
            deleted_at TEXT,
            UNIQUE (channel_id, ts)
        );
        CREATE INDEX challenges_by_cycle ON challenges(cycle_id, area_id);
        CREATE TABLE challenge_edits (
            id INTEGER PRIMARY KEY,
            challenge_id INTEGER NOT NULL REFERENCES challenges(id),
            old_text TEXT NOT NULL,
            edited_at TEXT NOT NULL
        );
        CREATE TABLE area_outcomes (
            cycle_id INTEGER NOT NULL REFERENCES cycles(id),
            area_id TEXT NOT NULL,
            decision TEXT NOT NULL CHECK (decision IN ('stands', 'revised')),
            level INTEGER NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            recorded_by TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            PRIMARY KEY (cycle_id, area_id)
        );
        CREATE TABLE cycle_outcomes (
            cycle_id INTEGER PRIMARY KEY REFERENCES cycles(id),
            successes TEXT NOT NULL DEFAULT '',
            improvements TEXT NOT NULL DEFAULT '',
            recorded_by TEXT NOT NULL,
            recorded_at TEXT NOT NULL
        );
        """,
    )


def m003_slack_event_ids(db: Database) -> None:
    run_script(
        db,
        """
        CREATE TABLE processed_events (
            event_id TEXT PRIMARY KEY,
            received_at TEXT NOT NULL
        );
        """,
    )


def m004_evidence_sources_and_links(db: Database) -> None:
    """Which of the area's possible sources of evidence a school has, and links to them."""
    for table in ("judgements", "judgement_history"):
        db[table].add_column("evidence_sources", str, not_null_default="[]")
        db[table].add_column("evidence_links", str, not_null_default="[]")


def m005_actions_done(db: Database) -> None:
    """Which of the previous cycle's key actions were done, recorded with a new judgement."""
    for table in ("judgements", "judgement_history"):
        db[table].add_column("actions_done", str, not_null_default="[]")


def m006_reminders(db: Database) -> None:
    """A per-school switch for reminders, and when each cycle was last reminded."""
    db["schools"].add_column("reminders_enabled", int, not_null_default=1)
    db["cycles"].add_column("last_reminded_at", str)


def m007_outbox(db: Database) -> None:
    """The outbox of Slack effects; every summary message a cycle had; unposted challenges.

    - ``outbox``: each Slack effect that follows a change, written in the same transaction
      as the change and delivered by the bot's worker. Effects in one ``lane`` are delivered
      in order. ``once_key`` makes an effect happen at most once ever; ``latest_key`` lets a
      pending effect stand for any number of later requests of the same kind (cleared when
      the worker takes it). Ids are never reused (AUTOINCREMENT): a message's metadata names
      its effect for ever, even after delivered effects are pruned.
    - ``summary_messages``: where each summary of a cycle was posted, so a reply in the
      thread of an earlier summary message is still filed against its cycle.
    - ``challenges.ts`` may be empty: a challenge made with the form is stored at once and
      gets its ts when the bot has posted it in the thread.
    """
    run_script(
        db,
        """
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            lane TEXT NOT NULL,
            payload TEXT NOT NULL,
            requested_by TEXT,
            once_key TEXT UNIQUE,
            latest_key TEXT UNIQUE,
            state TEXT NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'sending', 'done', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            interrupted INTEGER NOT NULL DEFAULT 0,
            due_at REAL NOT NULL,
            created_at TEXT NOT NULL,
            finished_at TEXT,
            last_error TEXT,
            result TEXT
        );
        CREATE INDEX outbox_waiting ON outbox(lane, id) WHERE state IN ('pending', 'sending');
        CREATE INDEX outbox_finished ON outbox(finished_at) WHERE finished_at IS NOT NULL;
        CREATE TABLE summary_messages (
            channel_id TEXT NOT NULL,
            ts TEXT NOT NULL,
            cycle_id INTEGER NOT NULL REFERENCES cycles(id),
            posted_at TEXT NOT NULL,
            PRIMARY KEY (channel_id, ts)
        );
        CREATE INDEX summary_messages_by_cycle ON summary_messages(cycle_id);
        INSERT INTO summary_messages (channel_id, ts, cycle_id, posted_at)
            SELECT summary_channel, summary_ts, id, COALESCE(completed_at, started_at)
            FROM cycles WHERE summary_channel IS NOT NULL AND summary_ts IS NOT NULL;
        CREATE TABLE challenges_new (
            id INTEGER PRIMARY KEY,
            cycle_id INTEGER NOT NULL REFERENCES cycles(id),
            area_id TEXT,
            author_id TEXT NOT NULL,
            author_school_id INTEGER REFERENCES schools(id),
            kind TEXT NOT NULL CHECK (kind IN ('challenge', 'response')),
            text TEXT NOT NULL,
            view TEXT CHECK (view IN ('above', 'in_line', 'below')),
            suggested_level INTEGER,
            status TEXT NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'answered', 'resolved')),
            channel_id TEXT NOT NULL,
            ts TEXT,
            thread_ts TEXT,
            created_at TEXT NOT NULL,
            edited_at TEXT,
            deleted_at TEXT,
            UNIQUE (channel_id, ts)
        );
        INSERT INTO challenges_new SELECT
            id, cycle_id, area_id, author_id, author_school_id, kind, text, view,
            suggested_level, status, channel_id, ts, thread_ts, created_at, edited_at, deleted_at
            FROM challenges;
        DROP TABLE challenges;
        ALTER TABLE challenges_new RENAME TO challenges;
        CREATE INDEX challenges_by_cycle ON challenges(cycle_id, area_id);
        """,
    )


m007_outbox.rebuilds_tables = True  # type: ignore[attr-defined]


MIGRATIONS: tuple[Callable[[Database], None], ...] = (
    m001_initial,
    m002_peer_challenge,
    m003_slack_event_ids,
    m004_evidence_sources_and_links,
    m005_actions_done,
    m006_reminders,
    m007_outbox,
    m008_trio_invitations,
    m009_membership_changes,
    m010_erasures,
    m011_channel_checks,
    m012_cycle_progress,
    m013_names_and_closed_days,
    m014_area_messages_and_charts,
    m015_filings_and_bot_channels,
    m016_unfiled_replies_and_area_recipients,
    m017_area_messages_by_message,
    m018_alliances,
)
LATEST = len(MIGRATIONS)


def schema_version(db: Database) -> int:
    if "schema_migrations" not in db.table_names():
        return 0
    row = db.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
    return row[0] or 0


def migrate(
    db: Database,
    target: int | None = None,
    migrations: Sequence[Callable[[Database], None]] = MIGRATIONS,
) -> list[str]:
    """Bring the database up to `target` (default: the latest); returns what was applied."""
    target = len(migrations) if target is None else target
    db.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    current = schema_version(db)
    if current > len(migrations):
        raise SchemaTooNewError(
            f"the database is at schema version {current}, but this peer-review knows only "
            f"up to {len(migrations)}; upgrade peer-review before using this database"
        )
    applied = []
    for version, step in enumerate(migrations[:target], start=1):
        if version <= current:
            continue
        rebuilds = getattr(step, "rebuilds_tables", False)
        if rebuilds:
            # SQLite's recipe for rebuilding a table: foreign keys off outside the
            # transaction, then checked before it commits.
            db.execute("PRAGMA foreign_keys = OFF")
        try:
            with transaction(db):
                step(db)
                if rebuilds and db.execute("PRAGMA foreign_key_check").fetchall():
                    raise sqlite3.IntegrityError(f"{step.__name__} broke a foreign key")
                db["schema_migrations"].insert(
                    {
                        "version": version,
                        "name": step.__name__,
                        "applied_at": now(),
                    }
                )
        finally:
            if rebuilds:
                db.execute("PRAGMA foreign_keys = ON")
        applied.append(step.__name__)
    return applied
