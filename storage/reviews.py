"""Review cycles and judgements, with an append-only history of every change."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from rubric.models import Framework
from storage import validate
from storage.db import dicts, now, transaction
from storage.errors import ConflictError, InvalidError, found
from storage.records import (
    Cycle,
    HistoryEntry,
    Judgement,
    JudgementKind,
    from_row,
)
from storage.schools import get_school

_CYCLE_COLUMNS = (
    "id, school_id, number, framework_id, framework_version, status, started_by, started_at,"
    " completed_at, closed_at, summary_channel, summary_ts, last_reminded_at"
)
_JUDGEMENT_COLUMNS = (
    "cycle_id, area_id, level, evidence, key_actions, evidence_sources, evidence_links,"
    " actions_done, recorded_by, recorded_at"
)


@dataclass(frozen=True)
class Recorded:
    """What record_judgement did: the judgement now stored, whether anything changed, what
    was stored before (None when the area had no judgement yet), and every judgement of the
    cycle now."""

    judgement: Judgement
    changed: bool
    cycle: Cycle
    previous: Judgement | None
    judgements: dict[str, Judgement]


def _cycle(db: Database, where: str, params: Sequence[object]) -> Cycle | None:
    rows = dicts(
        db,
        f"SELECT {_CYCLE_COLUMNS} FROM cycles WHERE {where}",  # noqa: S608
        params,
    )
    return from_row(Cycle, rows[0]) if rows else None


def get_cycle(db: Database, cycle_id: int) -> Cycle:
    return found(_cycle(db, "id = ?", [cycle_id]), f"There is no review cycle with id {cycle_id}.")


def current_cycle(db: Database, school_id: int) -> Cycle | None:
    """The school's cycle that is not closed (in progress or judged), if any."""
    return _cycle(db, "school_id = ? AND status != 'closed'", [school_id])


def cycles_of(db: Database, school_id: int) -> list[Cycle]:
    """Every cycle of the school, oldest first."""
    rows = dicts(
        db,
        f"SELECT {_CYCLE_COLUMNS} FROM cycles WHERE school_id = ? ORDER BY number",  # noqa: S608
        [school_id],
    )
    return [from_row(Cycle, row) for row in rows]


def start_cycle(db: Database, school_id: int, framework: Framework, started_by: str) -> Cycle:
    """Begin the school's next review cycle; refused while one is still open."""
    school = get_school(db, school_id)
    with transaction(db):
        open_cycle = current_cycle(db, school.id)
        if open_cycle is not None:
            raise ConflictError(
                f"{school.name} already has review cycle {open_cycle.number} open. "
                "Finish it, or close it before starting the next."
            )
        row = db.execute(
            "SELECT COALESCE(MAX(number), 0) + 1 FROM cycles WHERE school_id = ?", [school.id]
        ).fetchone()
        cycle_id = (
            db["cycles"]
            .insert(
                {
                    "school_id": school.id,
                    "number": row[0],
                    "framework_id": framework.id,
                    "framework_version": framework.version,
                    "status": "in_progress",
                    "started_by": started_by,
                    "started_at": now(),
                }
            )
            .last_pk
        )
    return get_cycle(db, cycle_id)


def new_cycle(db: Database, school_id: int, framework: Framework, started_by: str) -> Cycle:
    """Close the school's current cycle and start the next, in one transaction."""
    with transaction(db):
        current = current_cycle(db, school_id)
        if current is not None:
            close_cycle(db, current.id)
        return start_cycle(db, school_id, framework, started_by)


def close_cycle(db: Database, cycle_id: int) -> Cycle:
    cycle = get_cycle(db, cycle_id)
    if cycle.status == "closed":
        return cycle
    with transaction(db):
        db["cycles"].update(cycle.id, {"status": "closed", "closed_at": now()})
    return get_cycle(db, cycle.id)


def set_summary_message(db: Database, cycle_id: int, channel_id: str, ts: str) -> Cycle:
    """Remember where the cycle's summary was posted, so it can be updated in place.

    Every summary message a cycle ever had is kept, so replies in the thread of an earlier
    one are still filed against the cycle.
    """
    cycle = get_cycle(db, cycle_id)
    with transaction(db):
        db["cycles"].update(cycle.id, {"summary_channel": channel_id, "summary_ts": ts})
        db.execute(
            "INSERT OR IGNORE INTO summary_messages (channel_id, ts, cycle_id, posted_at)"
            " VALUES (?, ?, ?, ?)",
            [channel_id, ts, cycle.id, now()],
        )
    return get_cycle(db, cycle.id)


def cycle_for_summary(db: Database, channel_id: str, ts: str) -> Cycle | None:
    """The cycle whose summary message (current or earlier) is at (channel, ts)."""
    return _cycle(
        db,
        "id = (SELECT cycle_id FROM summary_messages WHERE channel_id = ? AND ts = ?)",
        [channel_id, ts],
    )


def mark_judged(db: Database, cycle_id: int, at: str | None = None) -> Cycle:
    """Every area of the cycle has a judgement: it is complete (still open to change)."""
    with transaction(db):
        db.execute(
            "UPDATE cycles SET status = 'judged', completed_at = ?"
            " WHERE id = ? AND status = 'in_progress'",
            [at or now(), cycle_id],
        )
    return get_cycle(db, cycle_id)


def _check_framework(cycle: Cycle, framework: Framework) -> None:
    if framework.id != cycle.framework_id:
        raise InvalidError(
            f"Review cycle {cycle.number} uses the framework {cycle.framework_id!r}, "
            f"not {framework.id!r}."
        )


def record_judgement(
    db: Database,
    cycle_id: int,
    area_id: str,
    level: int,
    *,
    evidence: str,
    key_actions: str = "",
    recorded_by: str,
    framework: Framework,
    evidence_sources: Iterable[str] = (),
    evidence_links: Iterable[str] = (),
    actions_done: Iterable[str] = (),
    kind: JudgementKind = "self_evaluation",
    reason: str | None = None,
    cycle: Cycle | None = None,
) -> Recorded:
    """Store a best-fit judgement for one area of a cycle, with its evidence and actions.

    Every change is appended to the judgement history in the same transaction. Recording
    exactly what is already stored changes nothing (a double click records once). `cycle`:
    the cycle as just read in the caller's transaction, to spare reading it again.
    """
    if cycle is None or cycle.id != cycle_id:
        cycle = get_cycle(db, cycle_id)
    _check_framework(cycle, framework)
    area = validate.area(framework, area_id)
    level = validate.level(framework, level)
    evidence = validate.text(evidence, "Evidence to support the judgement", required=True)
    key_actions = validate.text(key_actions, "Key actions", required=False)
    sources = validate.evidence_sources(area, evidence_sources)
    links = validate.links(evidence_links)
    done = validate.links(actions_done)  # the same rule: distinct, non-empty, 3,000 in all
    if kind == "after_challenge":
        reason = validate.text(reason, "The reason for revising", required=True)
    elif reason is not None:
        reason = validate.text(reason, "The reason", required=False) or None
    if cycle.status == "closed":
        raise ConflictError(
            f"Review cycle {cycle.number} is closed; judgements can only be recorded "
            "in the current cycle."
        )
    with transaction(db):
        judgements = judgements_for(db, cycle.id)
        previous = judgements.get(area.id)
        values = {
            "level": level,
            "evidence": evidence,
            "key_actions": key_actions,
            "evidence_sources": json.dumps(list(sources)),
            "evidence_links": json.dumps(list(links)),
            "actions_done": json.dumps(list(done)),
        }
        if previous is not None and _same(previous, values):
            return Recorded(previous, False, cycle, previous, judgements)
        at = now()
        row = {"cycle_id": cycle.id, "area_id": area.id, **values}
        db.execute(
            f"INSERT INTO judgements ({_JUDGEMENT_COLUMNS})"  # noqa: S608 - fixed columns
            " VALUES (:cycle_id, :area_id, :level, :evidence, :key_actions,"
            " :evidence_sources, :evidence_links, :actions_done, :recorded_by, :recorded_at)"
            " ON CONFLICT (cycle_id, area_id) DO UPDATE SET level = excluded.level,"
            " evidence = excluded.evidence, key_actions = excluded.key_actions,"
            " evidence_sources = excluded.evidence_sources,"
            " evidence_links = excluded.evidence_links, actions_done = excluded.actions_done,"
            " recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at",
            {**row, "recorded_by": recorded_by, "recorded_at": at},
        )
        db.execute(
            "INSERT INTO judgement_history (cycle_id, area_id, level, previous_level, evidence,"
            " key_actions, evidence_sources, evidence_links, actions_done, changed_by,"
            " changed_at, kind, reason) VALUES (:cycle_id, :area_id, :level, :previous_level,"
            " :evidence, :key_actions, :evidence_sources, :evidence_links, :actions_done,"
            " :changed_by, :changed_at, :kind, :reason)",
            {
                **row,
                "previous_level": previous.level if previous else None,
                "changed_by": recorded_by,
                "changed_at": at,
                "kind": kind,
                "reason": reason,
            },
        )
        stored = from_row(Judgement, {**row, "recorded_by": recorded_by, "recorded_at": at})
        judgements[area.id] = stored
    return Recorded(stored, True, cycle, previous, judgements)


def _same(previous: Judgement, values: dict[str, object]) -> bool:
    """Would recording `values` change nothing?"""
    stored = {
        "level": previous.level,
        "evidence": previous.evidence,
        "key_actions": previous.key_actions,
        "evidence_sources": json.dumps(list(previous.evidence_sources)),
        "evidence_links": json.dumps(list(previous.evidence_links)),
        "actions_done": json.dumps(list(previous.actions_done)),
    }
    return stored == values


def judgements_for(db: Database, cycle_id: int) -> dict[str, Judgement]:
    rows = dicts(
        db,
        f"SELECT {_JUDGEMENT_COLUMNS} FROM judgements WHERE cycle_id = ?",  # noqa: S608
        [cycle_id],
    )
    return {row["area_id"]: from_row(Judgement, row) for row in rows}


def history_for(db: Database, cycle_id: int, area_id: str | None = None) -> list[HistoryEntry]:
    """Every judgement change of a cycle (or one area), oldest first."""
    sql = (
        "SELECT id, cycle_id, area_id, level, previous_level, evidence, key_actions,"
        " evidence_sources, evidence_links, actions_done, changed_by, changed_at, kind, reason"
        " FROM judgement_history WHERE cycle_id = ?"
    )
    params: list[object] = [cycle_id]
    if area_id is not None:
        sql += " AND area_id = ?"
        params.append(area_id)
    rows = dicts(db, sql + " ORDER BY id", params)
    return [from_row(HistoryEntry, row) for row in rows]


def scores_for(db: Database, cycle_id: int) -> dict[str, int]:
    return {area_id: j.level for area_id, j in judgements_for(db, cycle_id).items()}


def previous_cycle(db: Database, cycle: Cycle) -> Cycle | None:
    return _cycle(
        db,
        "school_id = ? AND number < ? ORDER BY number DESC LIMIT 1",
        [cycle.school_id, cycle.number],
    )
