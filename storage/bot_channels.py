"""Whether the bot is in a channel it will post in: joined, or waiting to be invited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlite_utils import Database

from storage.db import now, transaction

Presence = Literal["joined", "invite_needed"]


@dataclass(frozen=True)
class BotChannel:
    channel_id: str
    state: Presence
    code: str | None  # what Slack said when it would not let the bot in
    changed_at: str


def set_presence(db: Database, channel_id: str, state: Presence, code: str | None = None) -> None:
    with transaction(db):
        db.execute(
            "INSERT INTO bot_channels (channel_id, state, code, changed_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (channel_id) DO UPDATE SET state = excluded.state,"
            " code = excluded.code, changed_at = excluded.changed_at",
            [channel_id, state, code, now()],
        )


def presence(db: Database, channel_id: str) -> BotChannel | None:
    """What the bot knows of its place in the channel; None when it never tried."""
    row = db.execute(
        "SELECT channel_id, state, code, changed_at FROM bot_channels WHERE channel_id = ?",
        [channel_id],
    ).fetchone()
    return BotChannel(*row) if row else None


def schools_meeting_in(db: Database, channel_id: str) -> list[int]:
    """The ids of the schools whose own channel this is."""
    rows = db.execute("SELECT id FROM schools WHERE channel_id = ? ORDER BY id", [channel_id])
    return [row[0] for row in rows.fetchall()]
