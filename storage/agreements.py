"""Agreed outcomes, as proposed by the reviewed school and agreed (or returned with a note)
by a member of a partner school. SQL only: who may agree is the access policy's question."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlite_utils import Database

from storage.db import now, transaction
from storage.errors import NotFoundError

AgreementState = Literal["proposed", "agreed", "returned"]


@dataclass(frozen=True)
class Agreement:
    cycle_id: int
    state: AgreementState
    proposed_by: str
    proposed_at: str
    answered_by: str | None = None
    answered_school_id: int | None = None  # the partner school of whoever answered
    answered_at: str | None = None
    note: str = ""  # the change a partner proposed, when returned
    answered_school: str | None = None  # that school's name


_COLUMNS = (
    "a.cycle_id, a.state, a.proposed_by, a.proposed_at, a.answered_by, a.answered_school_id,"
    " a.answered_at, a.note, s.name"
)


def agreement_for(db: Database, cycle_id: int) -> Agreement | None:
    row = db.execute(
        f"SELECT {_COLUMNS} FROM outcome_agreements a"  # noqa: S608
        " LEFT JOIN schools s ON s.id = a.answered_school_id WHERE a.cycle_id = ?",
        [cycle_id],
    ).fetchone()
    return Agreement(*row) if row else None


def propose(db: Database, cycle_id: int, proposed_by: str) -> Agreement:
    """The school proposes its outcomes (again): whatever was agreed or returned before now
    waits for a partner once more."""
    with transaction(db):
        db.execute(
            "INSERT INTO outcome_agreements (cycle_id, state, proposed_by, proposed_at)"
            " VALUES (?, 'proposed', ?, ?) ON CONFLICT (cycle_id) DO UPDATE SET"
            " state = 'proposed', proposed_by = excluded.proposed_by,"
            " proposed_at = excluded.proposed_at, answered_by = NULL,"
            " answered_school_id = NULL, answered_at = NULL, note = ''",
            [cycle_id, proposed_by, now()],
        )
    return _found(db, cycle_id)


def answer(
    db: Database,
    cycle_id: int,
    state: Literal["agreed", "returned"],
    *,
    by: str,
    school_id: int | None,
    note: str = "",
) -> Agreement:
    """A partner agrees the proposed outcomes, or returns them with `note`."""
    with transaction(db):
        cursor = db.execute(
            "UPDATE outcome_agreements SET state = ?, answered_by = ?, answered_school_id = ?,"
            " answered_at = ?, note = ? WHERE cycle_id = ? AND state = 'proposed'",
            [state, by, school_id, now(), note, cycle_id],
        )
        if cursor.rowcount != 1:
            raise NotFoundError("Those outcomes are not waiting for agreement.")
    return _found(db, cycle_id)


def _found(db: Database, cycle_id: int) -> Agreement:
    found = agreement_for(db, cycle_id)
    if found is None:
        raise NotFoundError(f"Cycle {cycle_id} has no proposed outcomes.")
    return found
