"""External challengers: people from no school asked to challenge one school's review (a
school improvement partner, a consultant, a lead reviewer). SQL only."""

from __future__ import annotations

from sqlite_utils import Database

from storage import validate
from storage.db import now, transaction


def add_external(db: Database, school_id: int, user_id: str, *, invited_by: str) -> bool:
    """Ask a person to challenge the school's review; False if they were asked already."""
    user_id = validate.text(user_id, "The challenger's Slack user id", required=True, limit=64)
    with transaction(db):
        cursor = db.execute(
            "INSERT OR IGNORE INTO external_challengers"
            " (school_id, user_id, invited_by, invited_at) VALUES (?, ?, ?, ?)",
            [school_id, user_id, invited_by, now()],
        )
    return cursor.rowcount == 1


def remove_external(db: Database, school_id: int, user_id: str) -> bool:
    with transaction(db):
        cursor = db.execute(
            "DELETE FROM external_challengers WHERE school_id = ? AND user_id = ?",
            [school_id, user_id],
        )
    return cursor.rowcount == 1


def is_external(db: Database, school_id: int, user_id: str) -> bool:
    row = db.execute(
        "SELECT 1 FROM external_challengers WHERE school_id = ? AND user_id = ?",
        [school_id, user_id],
    ).fetchone()
    return row is not None


def externals_of(db: Database, school_id: int) -> list[str]:
    """The school's external challengers, in the order they were asked."""
    rows = db.execute(
        "SELECT user_id FROM external_challengers WHERE school_id = ? ORDER BY invited_at, user_id",
        [school_id],
    ).fetchall()
    return [row[0] for row in rows]


def challenged_by_external(db: Database, user_id: str) -> list[int]:
    """The ids of the schools the person challenges as an external challenger."""
    rows = db.execute(
        "SELECT school_id FROM external_challengers WHERE user_id = ? ORDER BY invited_at",
        [user_id],
    ).fetchall()
    return [row[0] for row in rows]
