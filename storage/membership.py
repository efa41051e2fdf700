"""The record of membership changes: who was added to or removed from a school, by whom."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlite_utils import Database

from storage.db import now

Change = Literal["added", "removed"]


@dataclass(frozen=True)
class MembershipChange:
    school_id: int
    user_id: str
    change: Change
    changed_by: str
    changed_at: str


def record_change(db: Database, school_id: int, user_id: str, change: Change, by: str) -> None:
    """Note a change; call it inside the transaction that makes the change."""
    db.execute(
        "INSERT INTO membership_changes (school_id, user_id, change, changed_by, changed_at)"
        " VALUES (?, ?, ?, ?, ?)",
        [school_id, user_id, change, by, now()],
    )


def membership_changes(db: Database, school_id: int) -> list[MembershipChange]:
    """A school's membership changes, oldest first."""
    rows = db.execute(
        "SELECT school_id, user_id, change, changed_by, changed_at FROM membership_changes"
        " WHERE school_id = ? ORDER BY id",
        [school_id],
    ).fetchall()
    return [MembershipChange(*row) for row in rows]
