"""Reads over many schools at once, for an alliance's overview: each school's trio and the
levels of many cycles, one query each. SQL only."""

from __future__ import annotations

from collections.abc import Sequence

from sqlite_utils import Database


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" for _ in values)


def trios_of(db: Database, school_ids: Sequence[int]) -> dict[int, int]:
    """{school id: its trio's id}, for the schools that are in a trio."""
    if not school_ids:
        return {}
    rows = db.execute(
        "SELECT school_id, trio_id FROM trio_schools"  # noqa: S608 - placeholders only
        f" WHERE school_id IN ({_marks(school_ids)})",
        list(school_ids),
    ).fetchall()
    return {row[0]: row[1] for row in rows}


def levels_of(db: Database, cycle_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """{cycle id: {area id: level}} for the cycles' judgements."""
    if not cycle_ids:
        return {}
    rows = db.execute(
        "SELECT cycle_id, area_id, level FROM judgements"  # noqa: S608 - placeholders only
        f" WHERE cycle_id IN ({_marks(cycle_ids)})",
        list(cycle_ids),
    ).fetchall()
    found: dict[int, dict[str, int]] = {}
    for cycle_id, area_id, level in rows:
        found.setdefault(cycle_id, {})[area_id] = level
    return found
