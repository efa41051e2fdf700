"""Migrations for the conversations with schools: re-filed thread replies, and whether the
bot is in the channels it posts in.

Part of the one ordered list in :mod:`storage.migrations`; kept here so that file stays
readable.
"""

from __future__ import annotations

from sqlite_utils import Database

from storage.db import run_script


def m015_filings_and_bot_channels(db: Database) -> None:
    """Two small tables.

    ``challenge_filings``: a reply in a summary's thread that its author re-filed: under
    another area (the challenge's ``area_id`` changes; this row says who did it and when),
    or set aside as not a challenge (``set_aside``), which hides it from the counts and the
    files without erasing it. It goes with its challenge.

    ``bot_channels``: what the bot knows of its own place in a channel it will post in:
    ``joined``, or ``invite_needed`` with what Slack said (a private channel, an archived
    one...). A channel it has never tried has no row.
    """
    run_script(
        db,
        """
        CREATE TABLE challenge_filings (
            challenge_id INTEGER PRIMARY KEY REFERENCES challenges(id) ON DELETE CASCADE,
            set_aside INTEGER NOT NULL DEFAULT 0,
            refiled_by TEXT NOT NULL,
            refiled_at TEXT NOT NULL
        );
        CREATE TABLE bot_channels (
            channel_id TEXT PRIMARY KEY,
            state TEXT NOT NULL CHECK (state IN ('joined', 'invite_needed')),
            code TEXT,
            changed_at TEXT NOT NULL
        );
        """,
    )
