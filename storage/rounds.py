"""Review rounds of an alliance: due dates, the cycle each school reviews in the round, and
when each person was last reminded about it. SQL only: the core decides who is next."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from storage.db import now, transaction
from storage.errors import ConflictError, InvalidError, NotFoundError


@dataclass(frozen=True)
class Round:
    """A review round: three due dates (ISO dates, the schools' own calendar)."""

    id: int
    alliance_id: int
    number: int
    self_due: str
    challenge_due: str
    outcomes_due: str
    opened_by: str
    opened_at: str
    closed_at: str | None = None


_COLUMNS = (
    "id, alliance_id, number, self_due, challenge_due, outcomes_due, opened_by, opened_at,"
    " closed_at"
)


def _rounds(db: Database, where: str, params: Sequence[object]) -> list[Round]:
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM rounds WHERE {where} ORDER BY alliance_id, number",  # noqa: S608
        params,
    ).fetchall()
    return [Round(*row) for row in rows]


def open_round(
    db: Database,
    alliance_id: int,
    *,
    self_due: str,
    challenge_due: str,
    outcomes_due: str,
    opened_by: str,
) -> Round:
    """The alliance's next round; the round still open, if any, is closed first."""
    if not self_due <= challenge_due <= outcomes_due:
        raise InvalidError(
            "The dates must follow the process: self-evaluation, then challenge, then outcomes."
        )
    with transaction(db):
        at = now()
        db.execute(
            "UPDATE rounds SET closed_at = ? WHERE alliance_id = ? AND closed_at IS NULL",
            [at, alliance_id],
        )
        number = db.execute(
            "SELECT COALESCE(MAX(number), 0) + 1 FROM rounds WHERE alliance_id = ?",
            [alliance_id],
        ).fetchone()[0]
        round_id = db.execute(
            "INSERT INTO rounds (alliance_id, number, self_due, challenge_due, outcomes_due,"
            " opened_by, opened_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [alliance_id, number, self_due, challenge_due, outcomes_due, opened_by, at],
        ).fetchone()[0]
    return get_round(db, round_id)


def get_round(db: Database, round_id: int) -> Round:
    found = _rounds(db, "id = ?", [round_id])
    if not found:
        raise NotFoundError(f"There is no review round #{round_id}.")
    return found[0]


def open_round_of(db: Database, alliance_id: int) -> Round | None:
    """The alliance's round that is open now, if any."""
    found = _rounds(db, "alliance_id = ? AND closed_at IS NULL", [alliance_id])
    return found[0] if found else None


def rounds_of(db: Database, alliance_id: int) -> list[Round]:
    """Every round of the alliance, oldest first."""
    return _rounds(db, "alliance_id = ?", [alliance_id])


def open_rounds(db: Database) -> list[Round]:
    """Every round open now, in every alliance."""
    return _rounds(db, "closed_at IS NULL", [])


def add_cycle(db: Database, round_id: int, school_id: int, cycle_id: int) -> None:
    """The cycle the school reviews in the round."""
    with transaction(db):
        taken = db.execute(
            "SELECT round_id FROM round_cycles WHERE cycle_id = ?", [cycle_id]
        ).fetchone()
        if taken is not None and taken[0] != round_id:
            raise ConflictError("That review cycle belongs to another round already.")
        db.execute(
            "INSERT OR IGNORE INTO round_cycles (cycle_id, round_id, school_id) VALUES (?, ?, ?)",
            [cycle_id, round_id, school_id],
        )


def cycles_in(db: Database, round_id: int) -> dict[int, int]:
    """{school id: the cycle it reviews in the round}."""
    rows = db.execute(
        "SELECT school_id, cycle_id FROM round_cycles WHERE round_id = ? ORDER BY school_id",
        [round_id],
    ).fetchall()
    return {row[0]: row[1] for row in rows}


def round_of_cycle(db: Database, cycle_id: int) -> Round | None:
    """The round a cycle is reviewed in, if any."""
    found = _rounds(db, "id = (SELECT round_id FROM round_cycles WHERE cycle_id = ?)", [cycle_id])
    return found[0] if found else None


def last_reminded(db: Database, round_id: int, user_id: str) -> str | None:
    row = db.execute(
        "SELECT reminded_at FROM round_reminders WHERE round_id = ? AND user_id = ?",
        [round_id, user_id],
    ).fetchone()
    return row[0] if row else None


def mark_reminded(db: Database, round_id: int, user_id: str, at: str) -> None:
    with transaction(db):
        db.execute(
            "INSERT INTO round_reminders (round_id, user_id, reminded_at) VALUES (?, ?, ?)"
            " ON CONFLICT (round_id, user_id) DO UPDATE SET reminded_at = excluded.reminded_at",
            [round_id, user_id, at],
        )


def in_open_round(db: Database, cycle_id: int) -> bool:
    """Whether the cycle is reviewed in a round still open, by a school still in its
    alliance (the round's reminders are its, not the everyday ones)."""
    row = db.execute(
        "SELECT 1 FROM round_cycles rc JOIN rounds r ON r.id = rc.round_id"
        " JOIN alliance_schools s ON s.school_id = rc.school_id AND s.alliance_id = r.alliance_id"
        " WHERE rc.cycle_id = ? AND r.closed_at IS NULL",
        [cycle_id],
    ).fetchone()
    return row is not None
