"""Where the bot's own messages are: each area's live message, and the summary's charts."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from storage.db import now, transaction


@dataclass(frozen=True)
class AreaMessage:
    """The live message of one area of a cycle: where it is and how it is shown."""

    cycle_id: int
    area_id: str
    channel_id: str
    ts: str
    expanded: bool  # the descriptors shown in full, not the one recorded line
    sent_to: str | None = None  # the person whose DM it is in (None: a channel, or unknown)


def _area_message(db: Database, where: str, params: list[object]) -> AreaMessage | None:
    row = db.execute(
        "SELECT cycle_id, area_id, channel_id, ts, expanded, sent_to FROM area_messages"  # noqa: S608
        f" WHERE {where}",
        params,
    ).fetchone()
    return None if row is None else AreaMessage(*row[:4], bool(row[4]), row[5])


def area_message(db: Database, cycle_id: int, area_id: str) -> AreaMessage | None:
    """The area's live message, if the bot has recorded posting one."""
    return _area_message(db, "cycle_id = ? AND area_id = ?", [cycle_id, area_id])


def area_at(db: Database, channel_id: str, ts: str) -> AreaMessage | None:
    """The area whose live message is at (channel, ts), if any."""
    return _area_message(db, "channel_id = ? AND ts = ?", [channel_id, ts])


def area_posted(
    db: Database, cycle_id: int, area_id: str, channel_id: str, ts: str, sent_to: str | None = None
) -> AreaMessage | None:
    """The area's message at (channel, ts) is now its live one (`sent_to`: the person, when
    it went by DM); returns the one it replaces (None when there was none, or it is the same
    message)."""
    with transaction(db):
        before = area_message(db, cycle_id, area_id)
        db.execute(
            "INSERT INTO area_messages (cycle_id, area_id, channel_id, ts, posted_at, sent_to)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (cycle_id, area_id) DO UPDATE SET"
            " channel_id = excluded.channel_id, ts = excluded.ts, expanded = 0,"
            " posted_at = excluded.posted_at, sent_to = excluded.sent_to"
            " WHERE channel_id != excluded.channel_id OR ts != excluded.ts",
            [cycle_id, area_id, channel_id, ts, now(), sent_to],
        )
    if before is None or (before.channel_id, before.ts) == (channel_id, ts):
        return None
    return before


def set_expanded(
    db: Database,
    cycle_id: int,
    area_id: str,
    channel_id: str,
    ts: str,
    expanded: bool,
    *,
    adopt: bool = False,
) -> bool:
    """Show the descriptors of the area's live message in full (or not); False when (channel,
    ts) is not the live message. With `adopt` (the caller knows the message is where the
    bot sends the area), a message posted before the bot kept this record becomes the live
    one if the area has none."""
    with transaction(db):
        if adopt:
            db.execute(
                "INSERT OR IGNORE INTO area_messages (cycle_id, area_id, channel_id, ts, posted_at)"
                " VALUES (?, ?, ?, ?, ?)",
                [cycle_id, area_id, channel_id, ts, now()],
            )
        changed = db.execute(
            "UPDATE area_messages SET expanded = ?"
            " WHERE cycle_id = ? AND area_id = ? AND channel_id = ? AND ts = ?",
            [int(expanded), cycle_id, area_id, channel_id, ts],
        ).rowcount
    return changed == 1


def chart_uploaded(db: Database, cycle_id: int, file_id: str, effect_id: int | None) -> None:
    """The bot uploaded `file_id`, the cycle's current chart, in the outbox effect named."""
    with transaction(db):
        db.execute(
            "INSERT OR IGNORE INTO chart_files (cycle_id, file_id, effect_id, uploaded_at)"
            " VALUES (?, ?, ?, ?)",
            [cycle_id, file_id, effect_id, now()],
        )


def chart_of_effect(db: Database, effect_id: int) -> str | None:
    """The chart an outbox effect already uploaded, if it did."""
    row = db.execute(
        "SELECT file_id FROM chart_files WHERE effect_id = ? ORDER BY id DESC LIMIT 1",
        [effect_id],
    ).fetchone()
    return row[0] if row else None


def charts_replaced(db: Database, cycle_id: int, current: str) -> list[str]:
    """The cycle's charts still in Slack other than `current`, oldest first."""
    rows = db.execute(
        "SELECT file_id FROM chart_files WHERE cycle_id = ? AND file_id != ? ORDER BY id",
        [cycle_id, current],
    ).fetchall()
    return [row[0] for row in rows]


def chart_deleted(db: Database, file_id: str) -> None:
    """The chart is no longer in Slack (the bot deleted it, or someone had)."""
    with transaction(db):
        db.execute("DELETE FROM chart_files WHERE file_id = ?", [file_id])
