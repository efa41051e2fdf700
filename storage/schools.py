"""Schools, their members (Slack users) and trios (a Slack channel with its three schools)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlite_utils import Database

from storage import validate
from storage.db import dicts, now, transaction
from storage.errors import ConflictError, InvalidError, found
from storage.membership import record_change
from storage.records import MAX_NAME_CHARS, School, Trio, from_row

_SCHOOL_COLUMNS = "id, name, created_by, created_at, team_id, channel_id, reminders_enabled"


def _school(db: Database, where: str, params: Sequence[object]) -> School | None:
    row = dicts(db, f"SELECT {_SCHOOL_COLUMNS} FROM schools WHERE {where}", params)  # noqa: S608
    return from_row(School, row[0]) if row else None


def create_school(
    db: Database,
    name: str,
    created_by: str,
    *,
    team_id: str | None = None,
    channel_id: str | None = None,
) -> School:
    """A new school; the person creating it becomes its first member."""
    name = validate.text(name, "The school's name", required=True, limit=MAX_NAME_CHARS)
    with transaction(db):
        if find_school(db, name) is not None:
            raise ConflictError(f"There is already a school called {name!r}.")
        school_id = (
            db["schools"]
            .insert(
                {
                    "name": name,
                    "created_by": created_by,
                    "created_at": now(),
                    "team_id": team_id,
                    "channel_id": channel_id,
                }
            )
            .last_pk
        )
        add_member(db, school_id, created_by, added_by=created_by)
    return get_school(db, school_id)


def update_school(
    db: Database, school_id: int, *, name: str | None = None, channel_id: str | None = None
) -> School:
    school = get_school(db, school_id)
    changes: dict[str, object] = {}
    if name is not None:
        name = validate.text(name, "The school's name", required=True, limit=MAX_NAME_CHARS)
        other = find_school(db, name)
        if other is not None and other.id != school.id:
            raise ConflictError(f"There is already a school called {name!r}.")
        changes["name"] = name
    if channel_id is not None:
        changes["channel_id"] = channel_id or None
    if changes:
        with transaction(db):
            db["schools"].update(school.id, changes)
    return get_school(db, school.id)


def set_reminders(db: Database, school_id: int, enabled: bool) -> School:
    """Turn the school's reminders on or off."""
    school = get_school(db, school_id)
    with transaction(db):
        db["schools"].update(school.id, {"reminders_enabled": int(enabled)})
    return get_school(db, school.id)


def get_school(db: Database, school_id: int) -> School:
    return found(_school(db, "id = ?", [school_id]), f"There is no school with id {school_id}.")


def find_school(db: Database, name: str) -> School | None:
    """The school with exactly this name, ignoring case and surrounding space."""
    return _school(db, "name = ? COLLATE NOCASE", [" ".join(name.split())])


def school_names(db: Database) -> list[str]:
    """Every school's name, alphabetically."""
    rows = db.execute("SELECT name FROM schools ORDER BY name COLLATE NOCASE").fetchall()
    return [row[0] for row in rows]


def list_schools(db: Database) -> list[School]:
    rows = dicts(
        db,
        f"SELECT {_SCHOOL_COLUMNS} FROM schools ORDER BY name COLLATE NOCASE",  # noqa: S608
    )
    return [from_row(School, row) for row in rows]


def other_schools_exist(db: Database, school_id: int | None) -> bool:
    row = db.execute("SELECT 1 FROM schools WHERE id IS NOT ? LIMIT 1", [school_id]).fetchone()
    return row is not None


def search_schools(
    db: Database, typed: str, *, most: int, excluding: int | None = None
) -> list[School]:
    """Schools whose name contains `typed` (any case), those starting with it first."""
    typed = typed.strip()[:MAX_NAME_CHARS]
    if not typed:
        return []
    pattern = typed.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = dicts(
        db,
        f"SELECT {_SCHOOL_COLUMNS} FROM schools"  # noqa: S608
        " WHERE name LIKE ? ESCAPE '\\' AND id IS NOT ?"
        " ORDER BY name NOT LIKE ? ESCAPE '\\', name COLLATE NOCASE LIMIT ?",
        [f"%{pattern}%", excluding, f"{pattern}%", most],
    )
    return [from_row(School, row) for row in rows]


# -- members ------------------------------------------------------------------------------


def add_member(db: Database, school_id: int, user_id: str, added_by: str) -> bool:
    """Add a Slack user to a school; False if they already belong to it."""
    get_school(db, school_id)
    user_id = validate.text(user_id, "The member's Slack user id", required=True, limit=64)
    with transaction(db):
        cursor = db.execute(
            "INSERT OR IGNORE INTO members (school_id, user_id, added_by, added_at)"
            " VALUES (?, ?, ?, ?)",
            [school_id, user_id, added_by, now()],
        )
        if cursor.rowcount != 1:
            return False
        record_change(db, school_id, user_id, "added", added_by)
        return True


def remove_member(db: Database, school_id: int, user_id: str, removed_by: str) -> bool:
    """Remove a member; refused for the last one, so a school is never left without anyone."""
    members = members_of(db, school_id)
    if user_id not in members:
        return False
    if len(members) == 1:
        raise InvalidError("A school needs at least one member; add someone else first.")
    with transaction(db):
        db.execute("DELETE FROM members WHERE school_id = ? AND user_id = ?", [school_id, user_id])
        record_change(db, school_id, user_id, "removed", removed_by)
    return True


def members_of(db: Database, school_id: int) -> list[str]:
    rows = db.execute(
        "SELECT user_id FROM members WHERE school_id = ? ORDER BY added_at, user_id", [school_id]
    ).fetchall()
    return [row[0] for row in rows]


def schools_of(db: Database, user_id: str) -> list[School]:
    """The schools a Slack user belongs to (usually one)."""
    rows = dicts(
        db,
        "SELECT s.id, s.name, s.created_by, s.created_at, s.team_id, s.channel_id,"
        " s.reminders_enabled"
        " FROM schools s JOIN members m ON m.school_id = s.id"
        " WHERE m.user_id = ? ORDER BY s.name COLLATE NOCASE",
        [user_id],
    )
    return [from_row(School, row) for row in rows]


def is_member(db: Database, school_id: int, user_id: str) -> bool:
    row = db.execute(
        "SELECT 1 FROM members WHERE school_id = ? AND user_id = ?", [school_id, user_id]
    ).fetchone()
    return row is not None


# -- trios --------------------------------------------------------------------------------


def set_trio(
    db: Database,
    channel_id: str,
    school_ids: Sequence[int],
    created_by: str,
    *,
    name: str | None = None,
) -> Trio:
    """Make (or remake) the trio that meets in `channel_id` with exactly these schools.

    A school belongs to one trio at a time, so a school already in another channel's trio
    is refused. How many schools a trio may have is the core's rule, not this layer's.
    """
    channel_id = validate.text(channel_id, "The trio channel", required=True, limit=64)
    ids = list(dict.fromkeys(school_ids))
    if not ids:
        raise InvalidError("A trio needs at least one school.")
    schools = [get_school(db, school_id) for school_id in ids]
    with transaction(db):
        existing = trio_for_channel(db, channel_id)
        for school in schools:
            current = trio_of(db, school.id)
            if current is not None and current.channel_id != channel_id:
                raise ConflictError(
                    f"{school.name} is already in another trio. Remove it there first."
                )
        if existing is None:
            trio_id = (
                db["trios"]
                .insert(
                    {
                        "channel_id": channel_id,
                        "name": name,
                        "created_by": created_by,
                        "created_at": now(),
                    }
                )
                .last_pk
            )
        else:
            trio_id = existing.id
            if name is not None:
                db["trios"].update(trio_id, {"name": name})
            db.execute("DELETE FROM trio_schools WHERE trio_id = ?", [trio_id])
        db["trio_schools"].insert_all(
            [{"trio_id": trio_id, "school_id": school.id} for school in schools]
        )
    trio = trio_for_channel(db, channel_id)
    assert trio is not None
    return trio


def _trio(db: Database, where: str, params: Sequence[object]) -> Trio | None:
    row = db.execute(f"SELECT id, channel_id, name FROM trios WHERE {where}", params).fetchone()  # noqa: S608
    if row is None:
        return None
    ids = db.execute(
        "SELECT school_id FROM trio_schools WHERE trio_id = ? ORDER BY rowid", [row[0]]
    ).fetchall()
    return Trio(id=row[0], channel_id=row[1], name=row[2], school_ids=tuple(i[0] for i in ids))


def trio_by_id(db: Database, trio_id: int) -> Trio | None:
    return _trio(db, "id = ?", [trio_id])


def trio_for_channel(db: Database, channel_id: str) -> Trio | None:
    return _trio(db, "channel_id = ?", [channel_id])


def trio_of(db: Database, school_id: int) -> Trio | None:
    return _trio(db, "id = (SELECT trio_id FROM trio_schools WHERE school_id = ?)", [school_id])


def partners_of(db: Database, school_id: int) -> list[School]:
    """The other schools of this school's trio."""
    trio = trio_of(db, school_id)
    if trio is None:
        return []
    return [get_school(db, other) for other in trio.school_ids if other != school_id]
