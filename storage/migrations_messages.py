"""Migrations for shorter messages: where each area's message is, and the charts to replace.

Part of the one ordered list in :mod:`storage.migrations`; kept here so that file stays
readable.
"""

from __future__ import annotations

from sqlite_utils import Database

from storage.db import run_script


def m014_area_messages_and_charts(db: Database) -> None:
    """``area_messages``: where the live message of each area of a cycle is (the one the bot
    posted last; an older copy is shown as moved, without buttons), and whether it shows the
    area's descriptors in full. ``chart_files``: the radar charts the bot uploaded into a
    summary's thread and has not deleted yet; the newest is the current one, the others go
    once the next is in (``effect_id``: the outbox effect that uploaded it, so that effect,
    tried again, does not upload it twice)."""
    run_script(
        db,
        """
        CREATE TABLE area_messages (
            cycle_id INTEGER NOT NULL REFERENCES cycles(id),
            area_id TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            ts TEXT NOT NULL,
            expanded INTEGER NOT NULL DEFAULT 0,
            posted_at TEXT NOT NULL,
            PRIMARY KEY (cycle_id, area_id)
        );
        CREATE TABLE chart_files (
            id INTEGER PRIMARY KEY,
            cycle_id INTEGER NOT NULL REFERENCES cycles(id),
            file_id TEXT NOT NULL UNIQUE,
            effect_id INTEGER,
            uploaded_at TEXT NOT NULL
        );
        CREATE INDEX chart_files_by_cycle ON chart_files(cycle_id);
        CREATE INDEX chart_files_by_effect ON chart_files(effect_id);
        """,
    )
