"""Joining and leaving trios, and the invitations that come first. SQL only: who may do
what, and how many schools a trio may have, are the core's rules."""

from __future__ import annotations

from collections.abc import Sequence

from sqlite_utils import Database

from storage import validate
from storage.db import dicts, now, transaction
from storage.errors import ConflictError, NotFoundError
from storage.records import Invitation, InvitationState, Trio
from storage.schools import trio_by_id, trio_for_channel, trio_of

_COLUMNS = (
    "id, trio_id, school_id, from_school_id, invited_by, state, created_at, answered_by,"
    " answered_at"
)


def get_trio(db: Database, trio_id: int) -> Trio:
    trio = trio_by_id(db, trio_id)
    if trio is None:
        raise NotFoundError(f"There is no trio #{trio_id}.")
    return trio


def start_trio(db: Database, channel_id: str, school_id: int, created_by: str) -> Trio:
    """A trio of one school, meeting in `channel_id`, for the others to be invited to."""
    channel_id = validate.text(channel_id, "The trio channel", required=True, limit=64)
    with transaction(db):
        if trio_for_channel(db, channel_id) is not None:
            raise ConflictError("That channel is already a trio's channel.")
        if trio_of(db, school_id) is not None:
            raise ConflictError("That school is already in a trio.")
        trio_id = db.execute(
            "INSERT INTO trios (channel_id, created_by, created_at) VALUES (?, ?, ?) RETURNING id",
            [channel_id, created_by, now()],
        ).fetchone()[0]
        db.execute(
            "INSERT INTO trio_schools (trio_id, school_id) VALUES (?, ?)", [trio_id, school_id]
        )
    return get_trio(db, trio_id)


def move_trio(db: Database, trio_id: int, channel_id: str) -> Trio:
    """The trio meets in another channel from now on."""
    channel_id = validate.text(channel_id, "The trio channel", required=True, limit=64)
    with transaction(db):
        other = trio_for_channel(db, channel_id)
        if other is not None and other.id != trio_id:
            raise ConflictError("That channel is already a trio's channel.")
        db.execute("UPDATE trios SET channel_id = ? WHERE id = ?", [channel_id, trio_id])
    return get_trio(db, trio_id)


def join_trio(db: Database, trio_id: int, school_id: int) -> Trio:
    """Add a school to a trio (it must be in none)."""
    with transaction(db):
        if trio_of(db, school_id) is not None:
            raise ConflictError("That school is already in a trio.")
        db.execute(
            "INSERT INTO trio_schools (trio_id, school_id) VALUES (?, ?)", [trio_id, school_id]
        )
    return get_trio(db, trio_id)


def remove_from_trio(db: Database, school_id: int) -> Trio | None:
    """Take a school out of its trio; the trio as it is after (None: it had no other school
    and is gone, with its invitations)."""
    current = trio_of(db, school_id)
    if current is None:
        return None
    with transaction(db):
        db.execute("DELETE FROM trio_schools WHERE school_id = ?", [school_id])
        if len(current.school_ids) == 1:
            db.execute("DELETE FROM trios WHERE id = ?", [current.id])
            return None
    return get_trio(db, current.id)


# -- invitations --------------------------------------------------------------------------


def invite(
    db: Database, trio_id: int, school_id: int, from_school_id: int, invited_by: str
) -> Invitation:
    """Ask a school to join the trio; the one already waiting if it was asked before."""
    with transaction(db):
        waiting = _one(
            db, "trio_id = ? AND school_id = ? AND state = 'pending'", [trio_id, school_id]
        )
        if waiting is not None:
            return waiting
        new_id = db.execute(
            "INSERT INTO trio_invitations (trio_id, school_id, from_school_id, invited_by,"
            " created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
            [trio_id, school_id, from_school_id, invited_by, now()],
        ).fetchone()[0]
    return get_invitation(db, new_id)


def get_invitation(db: Database, invitation_id: int) -> Invitation:
    found = _one(db, "id = ?", [invitation_id])
    if found is None:
        raise NotFoundError(f"There is no invitation #{invitation_id}.")
    return found


def answer_invitation(
    db: Database, invitation_id: int, state: InvitationState, answered_by: str
) -> Invitation:
    """Mark a waiting invitation accepted, declined or withdrawn."""
    with transaction(db):
        cursor = db.execute(
            "UPDATE trio_invitations SET state = ?, answered_by = ?, answered_at = ?"
            " WHERE id = ? AND state = 'pending'",
            [state, answered_by, now(), invitation_id],
        )
        if cursor.rowcount != 1:
            raise ConflictError("That invitation has been answered already.")
    return get_invitation(db, invitation_id)


def invitations_to(db: Database, school_id: int) -> list[Invitation]:
    """The invitations waiting for this school's answer, oldest first."""
    return _many(db, "school_id = ? AND state = 'pending'", [school_id])


def invitations_from_trio(db: Database, trio_id: int) -> list[Invitation]:
    """The invitations this trio's schools have sent that wait for an answer."""
    return _many(db, "trio_id = ? AND state = 'pending'", [trio_id])


def invitations_from(db: Database, school_id: int) -> list[Invitation]:
    """The invitations this school sent that wait for an answer."""
    return _many(db, "from_school_id = ? AND state = 'pending'", [school_id])


def _one(db: Database, where: str, params: Sequence[object]) -> Invitation | None:
    rows = _many(db, where, params)
    return rows[0] if rows else None


def _many(db: Database, where: str, params: Sequence[object]) -> list[Invitation]:
    sql = f"SELECT {_COLUMNS} FROM trio_invitations WHERE {where} ORDER BY id"  # noqa: S608
    return [Invitation(**row) for row in dicts(db, sql, params)]
