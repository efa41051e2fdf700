"""What Slack said about a channel someone picked in setup: who can read it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from storage.db import now, transaction


@dataclass(frozen=True)
class ChannelCheck:
    channel_id: str
    user_id: str
    name: str
    is_private: bool
    outsiders: int
    checked_at: str


def record_check(
    db: Database, channel_id: str, user_id: str, *, name: str, is_private: bool, outsiders: int
) -> ChannelCheck:
    with transaction(db):
        db.execute(
            "INSERT INTO channel_checks (channel_id, user_id, name, is_private, outsiders,"
            " checked_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (channel_id, user_id) DO UPDATE"
            " SET name = excluded.name, is_private = excluded.is_private,"
            " outsiders = excluded.outsiders, checked_at = excluded.checked_at",
            [channel_id, user_id, name, int(is_private), outsiders, now()],
        )
    found = last_check(db, channel_id, user_id, since="")
    assert found is not None
    return found


def last_check(db: Database, channel_id: str, user_id: str, *, since: str) -> ChannelCheck | None:
    """The person's latest check of the channel, if made at or after the ISO time `since`."""
    row = db.execute(
        "SELECT channel_id, user_id, name, is_private, outsiders, checked_at FROM channel_checks"
        " WHERE channel_id = ? AND user_id = ? AND checked_at >= ?",
        [channel_id, user_id, since],
    ).fetchone()
    if row is None:
        return None
    return ChannelCheck(row[0], row[1], row[2], bool(row[3]), row[4], row[5])


def latest_check(db: Database, channel_id: str) -> ChannelCheck | None:
    """Anyone's latest check of the channel (whether it is public does not depend on who
    asked)."""
    row = db.execute(
        "SELECT channel_id, user_id, name, is_private, outsiders, checked_at FROM channel_checks"
        " WHERE channel_id = ? ORDER BY checked_at DESC LIMIT 1",
        [channel_id],
    ).fetchone()
    return ChannelCheck(*row[:3], bool(row[3]), *row[4:]) if row else None


def forget_checks_before(db: Database, iso_time: str) -> int:
    with transaction(db):
        return db.execute("DELETE FROM channel_checks WHERE checked_at < ?", [iso_time]).rowcount
