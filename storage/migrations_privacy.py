"""Migrations for trust and privacy: trios by consent, membership changes, erasure.

Part of the one ordered list in :mod:`storage.migrations`; kept here so that file stays
readable.
"""

from __future__ import annotations

from sqlite_utils import Database

from storage.db import run_script


def m008_trio_invitations(db: Database) -> None:
    """Trios by consent: a school is asked before it joins another school's trio.

    An invitation names the trio, the school invited, the school and person inviting, and
    what became of it. At most one invitation waits per trio and school. Trios formed before
    this version stay as they are; any of their schools can leave.
    """
    run_script(
        db,
        """
        CREATE TABLE trio_invitations (
            id INTEGER PRIMARY KEY,
            trio_id INTEGER NOT NULL REFERENCES trios(id) ON DELETE CASCADE,
            school_id INTEGER NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
            from_school_id INTEGER NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
            invited_by TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'accepted', 'declined', 'withdrawn')),
            created_at TEXT NOT NULL,
            answered_by TEXT,
            answered_at TEXT
        );
        CREATE UNIQUE INDEX trio_invitations_waiting
            ON trio_invitations(trio_id, school_id) WHERE state = 'pending';
        CREATE INDEX trio_invitations_by_school ON trio_invitations(school_id, state);
        """,
    )


def m009_membership_changes(db: Database) -> None:
    """Who was added to or removed from which school, by whom and when (storage.membership)."""
    run_script(
        db,
        """
        CREATE TABLE membership_changes (
            id INTEGER PRIMARY KEY,
            school_id INTEGER NOT NULL,
            user_id TEXT NOT NULL,
            change TEXT NOT NULL CHECK (change IN ('added', 'removed')),
            changed_by TEXT NOT NULL,
            changed_at TEXT NOT NULL
        );
        CREATE INDEX membership_changes_by_school ON membership_changes(school_id, id);
        """,
    )


def m010_erasures(db: Database) -> None:
    """``erasures``: school #id erased by whom, when (no name). ``erasing``: empty but inside
    the transaction that erases a school, whose history alone the delete trigger then lets
    go (``storage.erasure``); the update trigger is unchanged."""
    run_script(
        db,
        """
        CREATE TABLE erasures (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            school_id INTEGER NOT NULL,
            erased_by TEXT NOT NULL,
            erased_at TEXT NOT NULL
        );
        CREATE TABLE erasing (school_id INTEGER PRIMARY KEY);
        DROP TRIGGER judgement_history_append_only_delete;
        CREATE TRIGGER judgement_history_append_only_delete
            BEFORE DELETE ON judgement_history
            WHEN NOT EXISTS (
                SELECT 1 FROM erasing e JOIN cycles c ON c.school_id = e.school_id
                WHERE c.id = OLD.cycle_id
            )
            BEGIN SELECT RAISE(ABORT, 'judgement history is append-only'); END;
        """,
    )


def m011_channel_checks(db: Database) -> None:
    """Who can read a channel a person picked in setup, as Slack said when they picked it:
    public or private, and how many of its members are outside their trio's schools."""
    run_script(
        db,
        """
        CREATE TABLE channel_checks (
            channel_id TEXT NOT NULL,
            user_id TEXT NOT NULL,
            name TEXT NOT NULL,
            is_private INTEGER NOT NULL,
            outsiders INTEGER NOT NULL,
            checked_at TEXT NOT NULL,
            PRIMARY KEY (channel_id, user_id)
        );
        """,
    )
