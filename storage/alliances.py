"""Alliances, their leads, schools and invitations. SQL only: who may do what is the core's
question (the access policy), as is what an alliance's lead may see of a school."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlite_utils import Database

from storage import validate
from storage.db import now, transaction
from storage.errors import ConflictError, NotFoundError

AllianceInvitationState = Literal["waiting", "accepted", "declined", "withdrawn"]


@dataclass(frozen=True)
class Alliance:
    id: int
    name: str
    created_by: str
    created_at: str


@dataclass(frozen=True)
class AllianceInvitation:
    id: int
    alliance_id: int
    school_id: int
    invited_by: str
    state: AllianceInvitationState
    created_at: str
    answered_by: str | None = None
    answered_at: str | None = None


_INVITATION_COLUMNS = (
    "id, alliance_id, school_id, invited_by, state, created_at, answered_by, answered_at"
)


def create_alliance(db: Database, name: str, created_by: str) -> Alliance:
    """A new alliance; the person who made it is its first lead."""
    name = " ".join(validate.text(name, "The alliance's name", required=True, limit=80).split())
    with transaction(db):
        if find_alliance(db, name) is not None:
            raise ConflictError(f"There is already an alliance called {name}.")
        alliance_id = db.execute(
            "INSERT INTO alliances (name, created_by, created_at) VALUES (?, ?, ?) RETURNING id",
            [name, created_by, now()],
        ).fetchone()[0]
        add_lead(db, alliance_id, created_by, added_by=created_by)
    return get_alliance(db, alliance_id)


def _alliances(db: Database, where: str, params: list[object]) -> list[Alliance]:
    rows = db.execute(
        "SELECT a.id, a.name, a.created_by, a.created_at FROM alliances a"  # noqa: S608
        f" {where} ORDER BY a.name",
        params,
    ).fetchall()
    return [Alliance(*row) for row in rows]


def get_alliance(db: Database, alliance_id: int) -> Alliance:
    found = _alliances(db, "WHERE a.id = ?", [alliance_id])
    if not found:
        raise NotFoundError(f"There is no alliance #{alliance_id}.")
    return found[0]


def find_alliance(db: Database, name: str) -> Alliance | None:
    found = _alliances(db, "WHERE a.name = ?", [" ".join(name.split())])
    return found[0] if found else None


# -- leads --------------------------------------------------------------------------------


def add_lead(db: Database, alliance_id: int, user_id: str, *, added_by: str) -> bool:
    """Make a person a lead of the alliance; False if they were one already."""
    user_id = validate.text(user_id, "The lead's Slack user id", required=True, limit=64)
    with transaction(db):
        cursor = db.execute(
            "INSERT OR IGNORE INTO alliance_leads (alliance_id, user_id, added_by, added_at)"
            " VALUES (?, ?, ?, ?)",
            [alliance_id, user_id, added_by, now()],
        )
    return cursor.rowcount == 1


def leads_of(db: Database, alliance_id: int) -> list[str]:
    rows = db.execute(
        "SELECT user_id FROM alliance_leads WHERE alliance_id = ? ORDER BY added_at, user_id",
        [alliance_id],
    ).fetchall()
    return [row[0] for row in rows]


def alliances_led_by(db: Database, user_id: str) -> list[Alliance]:
    join = "JOIN alliance_leads l ON l.alliance_id = a.id WHERE l.user_id = ?"
    return _alliances(db, join, [user_id])


# -- schools ------------------------------------------------------------------------------


def alliance_of(db: Database, school_id: int) -> Alliance | None:
    """The alliance a school belongs to, if any (at most one)."""
    join = "JOIN alliance_schools s ON s.alliance_id = a.id WHERE s.school_id = ?"
    found = _alliances(db, join, [school_id])
    return found[0] if found else None


def schools_in(db: Database, alliance_id: int) -> list[int]:
    """The ids of the alliance's schools, in the order they joined."""
    rows = db.execute(
        "SELECT school_id FROM alliance_schools WHERE alliance_id = ?"
        " ORDER BY joined_at, school_id",
        [alliance_id],
    ).fetchall()
    return [row[0] for row in rows]


def shares_evidence(db: Database, school_id: int) -> bool:
    """Whether the school lets its alliance's leads read its evidence (off by default)."""
    row = db.execute(
        "SELECT shares_evidence FROM alliance_schools WHERE school_id = ?", [school_id]
    ).fetchone()
    return bool(row and row[0])


def set_evidence_sharing(db: Database, school_id: int, shared: bool) -> None:
    with transaction(db):
        cursor = db.execute(
            "UPDATE alliance_schools SET shares_evidence = ? WHERE school_id = ?",
            [int(shared), school_id],
        )
        if cursor.rowcount != 1:
            raise NotFoundError("That school is not in an alliance.")


def leave_alliance(db: Database, school_id: int) -> bool:
    with transaction(db):
        cursor = db.execute("DELETE FROM alliance_schools WHERE school_id = ?", [school_id])
    return cursor.rowcount == 1


# -- invitations --------------------------------------------------------------------------


def invite_to_alliance(
    db: Database, alliance_id: int, school_id: int, invited_by: str
) -> AllianceInvitation:
    """Ask a school to join; the invitation already waiting is returned as it is."""
    with transaction(db):
        if alliance_of(db, school_id) is not None:
            raise ConflictError("That school is already in an alliance.")
        db.execute(
            "INSERT OR IGNORE INTO alliance_invitations"
            " (alliance_id, school_id, invited_by, created_at) VALUES (?, ?, ?, ?)",
            [alliance_id, school_id, invited_by, now()],
        )
        row = db.execute(
            f"SELECT {_INVITATION_COLUMNS} FROM alliance_invitations"  # noqa: S608
            " WHERE alliance_id = ? AND school_id = ? AND state = 'waiting'",
            [alliance_id, school_id],
        ).fetchone()
    return AllianceInvitation(*row)


def get_alliance_invitation(db: Database, invitation_id: int) -> AllianceInvitation:
    row = db.execute(
        f"SELECT {_INVITATION_COLUMNS} FROM alliance_invitations WHERE id = ?",  # noqa: S608
        [invitation_id],
    ).fetchone()
    if row is None:
        raise NotFoundError(f"There is no alliance invitation #{invitation_id}.")
    return AllianceInvitation(*row)


def answer_alliance_invitation(
    db: Database, invitation_id: int, state: AllianceInvitationState, answered_by: str
) -> AllianceInvitation:
    """Accept, decline or withdraw a waiting invitation; accepting puts the school in the
    alliance (refused if it joined another meanwhile)."""
    if state == "waiting":
        raise ValueError("An answer is accepted, declined or withdrawn.")
    with transaction(db):
        invitation = get_alliance_invitation(db, invitation_id)
        if invitation.state != "waiting":
            raise ConflictError(f"That invitation was {invitation.state} already.")
        if state == "accepted":
            if alliance_of(db, invitation.school_id) is not None:
                raise ConflictError("That school is already in an alliance.")
            db.execute(
                "INSERT INTO alliance_schools (school_id, alliance_id, accepted_by, joined_at)"
                " VALUES (?, ?, ?, ?)",
                [invitation.school_id, invitation.alliance_id, answered_by, now()],
            )
        db.execute(
            "UPDATE alliance_invitations SET state = ?, answered_by = ?, answered_at = ?"
            " WHERE id = ?",
            [state, answered_by, now(), invitation_id],
        )
    return get_alliance_invitation(db, invitation_id)


def _waiting(db: Database, column: str, key: int) -> list[AllianceInvitation]:
    rows = db.execute(
        f"SELECT {_INVITATION_COLUMNS} FROM alliance_invitations"  # noqa: S608
        f" WHERE {column} = ? AND state = 'waiting' ORDER BY id",
        [key],
    ).fetchall()
    return [AllianceInvitation(*row) for row in rows]


def invitations_waiting(db: Database, school_id: int) -> list[AllianceInvitation]:
    """The school's invitations to alliances still waiting for an answer."""
    return _waiting(db, "school_id", school_id)


def invitations_of_alliance(db: Database, alliance_id: int) -> list[AllianceInvitation]:
    """The alliance's invitations still waiting for an answer, oldest first."""
    return _waiting(db, "alliance_id", alliance_id)


def is_lead_of_school(db: Database, user_id: str, school_id: int) -> tuple[bool, bool]:
    """(whether the person leads the school's alliance, whether the school shares its
    evidence with its leads), in one query."""
    row = db.execute(
        "SELECT s.shares_evidence FROM alliance_schools s JOIN alliance_leads l"
        " ON l.alliance_id = s.alliance_id WHERE s.school_id = ? AND l.user_id = ?",
        [school_id, user_id],
    ).fetchone()
    return (row is not None, bool(row and row[0]))


def list_alliances(db: Database) -> list[Alliance]:
    """Every alliance, by name."""
    return _alliances(db, "", [])
