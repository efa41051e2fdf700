"""Migrations for the people the bot works with and the days their schools are closed.

Part of the one ordered list in :mod:`storage.migrations`; kept here so that file stays
readable.
"""

from __future__ import annotations

from sqlite_utils import Database

from storage.db import run_script


def m013_names_and_closed_days(db: Database) -> None:
    """``people``: the name Slack gives each person the bot has met (``users.info``, kept up to
    date by ``user_change`` events), for what people read outside Slack's own rendering of
    ``<@U…>``: the workbook, the CSV, the PDF, the command line. ``closed_days``: days a
    school marks as closed (holidays, INSET days), when no reminder is sent to it."""
    run_script(
        db,
        """
        CREATE TABLE people (
            user_id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE closed_days (
            id INTEGER PRIMARY KEY,
            school_id INTEGER NOT NULL REFERENCES schools(id),
            first_day TEXT NOT NULL,
            last_day TEXT NOT NULL CHECK (last_day >= first_day),
            added_by TEXT NOT NULL,
            added_at TEXT NOT NULL
        );
        CREATE INDEX closed_days_school ON closed_days(school_id, last_day);
        """,
    )
