"""What the reminder rule needs to know, in one query; and recording that a reminder was sent.

The rule itself (who is due a reminder, and when) is the core's: ``core.reminders``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlite_utils import Database

from storage.db import dicts, transaction
from storage.records import Cycle, School, from_row
from storage.reviews import _CYCLE_COLUMNS
from storage.schools import _SCHOOL_COLUMNS


@dataclass(frozen=True)
class Unfinished:
    """A cycle still in progress at a school whose reminders are on."""

    school: School
    cycle: Cycle
    last_progress_at: str  # ISO: the cycle's start or its latest judgement
    judged: frozenset[str]  # area ids with a judgement


def unfinished_cycles(
    db: Database,
    framework_id: str,
    *,
    progress_before: str | None = None,
    reminded_before: str | None = None,
) -> list[Unfinished]:
    """Every cycle in progress (of `framework_id`) at a school with reminders on, the longest
    stalled first; only those without progress since the ISO time `progress_before` and not
    reminded since `reminded_before`, when given (the database does the sifting, reading
    only the stalled cycles however many schools there are: ``cycles.progress_at`` and its
    index, m012)."""
    school_cols = ", ".join(f"s.{c.strip()} AS s_{c.strip()}" for c in _SCHOOL_COLUMNS.split(","))
    cycle_cols = ", ".join(f"c.{c.strip()} AS c_{c.strip()}" for c in _CYCLE_COLUMNS.split(","))
    where, params = "", [framework_id]
    if progress_before is not None:  # through the index cycles_stalled: only these are read
        where += " AND c.progress_at <= ?"
        params.append(progress_before)
    if reminded_before is not None:
        where += " AND (c.last_reminded_at IS NULL OR c.last_reminded_at <= ?)"
        params.append(reminded_before)
    rows = dicts(
        db,
        f"SELECT {school_cols}, {cycle_cols}, c.progress_at AS progress,"  # noqa: S608
        " (SELECT json_group_array(area_id) FROM judgements j WHERE j.cycle_id = c.id) AS judged"
        " FROM cycles c JOIN schools s ON s.id = c.school_id"
        " WHERE c.status = 'in_progress' AND s.reminders_enabled = 1 AND c.framework_id = ?"
        f"{where} ORDER BY c.progress_at, c.id",  # in the index's order: no other plan tempts
        params,
    )
    found = []
    for row in rows:
        school = from_row(School, {k[2:]: v for k, v in row.items() if k.startswith("s_")})
        cycle = from_row(Cycle, {k[2:]: v for k, v in row.items() if k.startswith("c_")})
        found.append(
            Unfinished(
                school=school,
                cycle=cycle,
                last_progress_at=row["progress"] or cycle.started_at,
                judged=frozenset(json.loads(row["judged"] or "[]")),
            )
        )
    return found


def mark_reminded(db: Database, cycle_id: int, at: str) -> None:
    """Record that the cycle's reminder was sent at the ISO time `at`."""
    with transaction(db):
        db.execute("UPDATE cycles SET last_reminded_at = ? WHERE id = ?", [at, cycle_id])
