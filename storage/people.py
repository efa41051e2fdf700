"""People's names as Slack gives them, kept for what is read outside Slack (files, the
command line), where ``<@U…>`` is not turned into a name. SQL only."""

from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database

from storage import validate
from storage.db import now, transaction

# The people a file may name: members, and whoever recorded a judgement (or changed one)
# or wrote a challenge or response still kept. A name is kept only for them.
_NAMED = (
    "SELECT user_id FROM members UNION SELECT recorded_by FROM judgements"
    " UNION SELECT changed_by FROM judgement_history UNION SELECT author_id FROM challenges"
)


def is_named_anywhere(db: Database, user_id: str) -> bool:
    """Whether the records refer to this person (so their name may be kept)."""
    query = f"SELECT 1 FROM ({_NAMED}) WHERE user_id = ? LIMIT 1"  # noqa: S608
    return db.execute(query, [user_id]).fetchone() is not None


def forget_unreferenced_names(db: Database) -> int:
    """Forget the names of people the records no longer refer to (after an erasure, or a
    member removed who recorded nothing); how many."""
    with transaction(db):
        cursor = db.execute(f"DELETE FROM people WHERE user_id NOT IN ({_NAMED})")  # noqa: S608
    return cursor.rowcount


def remember_name(db: Database, user_id: str, name: str) -> None:
    """Keep (or update) the name of a person."""
    user_id = validate.text(user_id, "The person's Slack user id", required=True, limit=64)
    name = validate.text(name, "The person's name", required=True, limit=200)
    with transaction(db):
        db.execute(
            "INSERT INTO people (user_id, name, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET name = excluded.name,"
            " updated_at = excluded.updated_at",
            [user_id, name, now()],
        )


def names_of(db: Database, user_ids: Iterable[str]) -> dict[str, str]:
    """The names known of these people (those unknown are left out)."""
    wanted = sorted(set(user_ids))
    found: dict[str, str] = {}
    for start in range(0, len(wanted), 500):  # within SQLite's limit on parameters
        part = wanted[start : start + 500]
        marks = ", ".join("?" * len(part))
        rows = db.execute(
            f"SELECT user_id, name FROM people WHERE user_id IN ({marks})",  # noqa: S608
            part,
        ).fetchall()
        found.update(dict(rows))
    return found


def unnamed(db: Database, user_ids: Iterable[str]) -> list[str]:
    """Of these people, those whose name the bot does not know yet, in order."""
    ids = list(dict.fromkeys(user_ids))
    known = names_of(db, ids)
    return [u for u in ids if u not in known]
