"""People's names for what is read outside Slack (the workbook, the CSV, the PDF, the
command line), where a ``<@U…>`` mention would show as a bare member ID.

The bot learns a name from Slack (``users.info``, through the outbox) when someone becomes a
member of a school, fills any gap before it builds an export, and keeps names current from
Slack's ``user_change`` events. Only people the bot works with are kept.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database

import storage
from core import effects


def learn(db: Database, user_ids: Iterable[str]) -> None:
    """Ask Slack for the names the bot does not know yet (in the caller's transaction)."""
    for user_id in storage.unnamed(db, user_ids):
        effects.learn_name(db, user_id)


def renamed(db: Database, user_id: str, name: str) -> bool:
    """Slack says this person is called `name` now; kept only for someone the bot knows
    (a member of a school, or someone whose name it has). True if kept."""
    known = storage.names_of(db, [user_id]) or storage.is_named_anywhere(db, user_id)
    if not known or not name.strip():
        return False
    storage.remember_name(db, user_id, name)
    return True


def learned(db: Database, user_id: str, name: str) -> bool:
    """The name Slack gave, asked for by :func:`learn` or for an export; kept only while the
    records refer to the person (an answer arriving after their school was erased is not).
    True if kept."""
    if not name.strip() or not storage.is_named_anywhere(db, user_id):
        return False
    storage.remember_name(db, user_id, name)
    return True


def forget_unreferenced(db: Database) -> int:
    """Forget the names the records no longer need (a member removed who recorded nothing)."""
    return storage.forget_unreferenced_names(db)


def unknown(db: Database, user_ids: Iterable[str]) -> list[str]:
    return storage.unnamed(db, user_ids)


def names(db: Database, user_ids: Iterable[str]) -> dict[str, str]:
    return storage.names_of(db, user_ids)
