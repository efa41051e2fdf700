"""Days a school marks as closed (holidays, training days): no reminder goes to it then.
SQL only; days are ISO dates (2026-12-21) in the UK."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from storage.db import now, transaction


@dataclass(frozen=True)
class ClosedDays:
    first_day: str
    last_day: str


def add_closed_days(
    db: Database,
    school_id: int,
    first_day: str,
    last_day: str,
    by: str,
    *,
    before: str | None = None,
    after: str | None = None,
) -> ClosedDays:
    """Mark the days closed, joined with any closure they overlap, or that ends on the day
    `before` them or starts on the day `after`; returns the closure as kept."""
    with transaction(db):
        rows = db.execute(
            "SELECT id, first_day, last_day FROM closed_days WHERE school_id = ?"
            " AND first_day <= ? AND last_day >= ?",
            [school_id, after or last_day, before or first_day],
        ).fetchall()
        first = min([first_day, *(r[1] for r in rows)])
        last = max([last_day, *(r[2] for r in rows)])
        db.execute(
            f"DELETE FROM closed_days WHERE id IN ({', '.join('?' * len(rows))})",  # noqa: S608
            [r[0] for r in rows],
        )
        db.execute(
            "INSERT INTO closed_days (school_id, first_day, last_day, added_by, added_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [school_id, first, last, by, now()],
        )
    return ClosedDays(first, last)


def closed_days_of(db: Database, school_id: int, from_day: str) -> list[ClosedDays]:
    """The school's closures that end on or after `from_day`, soonest first."""
    rows = db.execute(
        "SELECT first_day, last_day FROM closed_days WHERE school_id = ? AND last_day >= ?"
        " ORDER BY first_day, last_day",
        [school_id, from_day],
    ).fetchall()
    return [ClosedDays(*row) for row in rows]


def clear_closed_days(db: Database, school_id: int, from_day: str) -> int:
    """Forget the school's closures that end on or after `from_day`; how many."""
    with transaction(db):
        cursor = db.execute(
            "DELETE FROM closed_days WHERE school_id = ? AND last_day >= ?", [school_id, from_day]
        )
    return cursor.rowcount


def closed_on(db: Database, day: str) -> set[int]:
    """The schools closed on `day`."""
    rows = db.execute(
        "SELECT DISTINCT school_id FROM closed_days WHERE first_day <= ? AND last_day >= ?",
        [day, day],
    ).fetchall()
    return {row[0] for row in rows}
