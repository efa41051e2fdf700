"""Migrations after review: thread replies too long to file, and whom a DM copy went to.

Part of the one ordered list in :mod:`storage.migrations`; kept here so that file stays
readable.
"""

from __future__ import annotations

from sqlite_utils import Database

from storage.db import run_script


def m016_unfiled_replies_and_area_recipients(db: Database) -> None:
    """``unfiled_replies``: a reply in a summary's thread that was too long to file, by its
    message (channel, ts) only: an edit of that message that shortens it files it, and no
    other edit files anything (a question to the bot, a link Slack unfurled). It goes with
    its cycle, and once the reply is filed.

    ``area_messages.sent_to``: the person an area's live message was sent to by direct
    message (NULL in a channel, and for messages posted before this), so an older copy can
    say whose DM the live one is in.
    """
    run_script(
        db,
        """
        CREATE TABLE unfiled_replies (
            channel_id TEXT NOT NULL,
            ts TEXT NOT NULL,
            cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
            refused_at TEXT NOT NULL,
            PRIMARY KEY (channel_id, ts)
        );
        CREATE INDEX unfiled_replies_by_cycle ON unfiled_replies(cycle_id);
        ALTER TABLE area_messages ADD COLUMN sent_to TEXT;
        """,
    )


def m017_area_messages_by_message(db: Database) -> None:
    """An index of the areas' live messages by where they are: a click names a message, and
    whether that message is some other area's copy is asked of every Show descriptors."""
    run_script(db, "CREATE INDEX area_messages_at ON area_messages(channel_id, ts);")
