"""Slack event ids already handled, so a retried delivery is processed once."""

from __future__ import annotations

from sqlite_utils import Database

from storage.db import now, transaction


def claim_event(db: Database, event_id: str) -> bool:
    """Record `event_id` as handled; False if it was handled before (a retry or duplicate)."""
    with transaction(db):
        cursor = db.execute(
            "INSERT OR IGNORE INTO processed_events (event_id, received_at) VALUES (?, ?)",
            [event_id, now()],
        )
    return cursor.rowcount == 1


def forget_events_before(db: Database, iso_time: str) -> int:
    """Drop ids older than `iso_time` (Slack stops retrying after minutes)."""
    with transaction(db):
        cursor = db.execute("DELETE FROM processed_events WHERE received_at < ?", [iso_time])
    return cursor.rowcount
