"""Erasing a school: every row about it goes, and one row says that it went.

SQL only; who may erase is the core's question (``core.erasure``).

``judgement_history`` is append-only: its triggers refuse every UPDATE, and every DELETE
except of the history of a school named in the ``erasing`` table (``m010_erasures``).
:func:`erase_school_rows` puts the school there at the start of its transaction and takes
it out again before the transaction ends, so no other connection ever sees the row and,
outside an erasure, the history of every school is as protected as before. The triggers are
never dropped, so a crash or a bug half-way cannot leave history unprotected: the whole
transaction rolls back. A second guard: even inside an erasure, another school's history
cannot be deleted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlite_utils import Database

from storage.db import now, transaction
from storage.errors import NotFoundError
from storage.people import forget_unreferenced_names

# What goes, in the order foreign keys need (a child before its parent). Each statement
# takes the school id; `_CYCLES` and `_CHALLENGES` name the school's rows.
_CYCLES = "SELECT id FROM cycles WHERE school_id = :school"
_CHALLENGES = (
    f"SELECT id FROM challenges WHERE cycle_id IN ({_CYCLES}) OR author_school_id = :school"  # noqa: S608
)
_INVITATIONS = (
    "SELECT id FROM trio_invitations WHERE school_id = :school OR from_school_id = :school"
)
_ALLIANCE_INVITATIONS = "SELECT id FROM alliance_invitations WHERE school_id = :school"
_UNANSWER = (
    "UPDATE outcome_agreements SET state = 'proposed', answered_by = NULL,"
    " answered_school_id = NULL, answered_at = NULL, note = '' WHERE answered_school_id = :school"
)
_STEPS: tuple[tuple[str, str], ...] = (
    ("challenge_edits", f"DELETE FROM challenge_edits WHERE challenge_id IN ({_CHALLENGES})"),  # noqa: S608
    ("challenges", f"DELETE FROM challenges WHERE id IN ({_CHALLENGES})"),  # noqa: S608
    ("area_outcomes", f"DELETE FROM area_outcomes WHERE cycle_id IN ({_CYCLES})"),  # noqa: S608
    ("cycle_outcomes", f"DELETE FROM cycle_outcomes WHERE cycle_id IN ({_CYCLES})"),  # noqa: S608
    ("summary_messages", f"DELETE FROM summary_messages WHERE cycle_id IN ({_CYCLES})"),  # noqa: S608
    ("area_messages", f"DELETE FROM area_messages WHERE cycle_id IN ({_CYCLES})"),  # noqa: S608
    ("chart_files", f"DELETE FROM chart_files WHERE cycle_id IN ({_CYCLES})"),  # noqa: S608
    ("judgement_history", f"DELETE FROM judgement_history WHERE cycle_id IN ({_CYCLES})"),  # noqa: S608
    ("judgements", f"DELETE FROM judgements WHERE cycle_id IN ({_CYCLES})"),  # noqa: S608
    ("outcome_agreements", f"DELETE FROM outcome_agreements WHERE cycle_id IN ({_CYCLES})"),  # noqa: S608
    # outcomes its members agreed (or returned) on a partner's review wait for agreement again
    ("outcome_answers", _UNANSWER),
    ("round_cycles", "DELETE FROM round_cycles WHERE school_id = :school"),
    ("unfiled_replies", f"DELETE FROM unfiled_replies WHERE cycle_id IN ({_CYCLES})"),  # noqa: S608
    ("cycles", "DELETE FROM cycles WHERE school_id = :school"),
    ("closed_days", "DELETE FROM closed_days WHERE school_id = :school"),
    ("alliance_invitations", "DELETE FROM alliance_invitations WHERE school_id = :school"),
    ("alliance_schools", "DELETE FROM alliance_schools WHERE school_id = :school"),
    ("external_challengers", "DELETE FROM external_challengers WHERE school_id = :school"),
    ("members", "DELETE FROM members WHERE school_id = :school"),
    ("membership_changes", "DELETE FROM membership_changes WHERE school_id = :school"),
    ("trio_invitations", f"DELETE FROM trio_invitations WHERE id IN ({_INVITATIONS})"),  # noqa: S608
    ("trio_schools", "DELETE FROM trio_schools WHERE school_id = :school"),
    ("schools", "DELETE FROM schools WHERE id = :school"),
)

# Effects about the school: in its lane, naming it, its cycles, its challenges or its
# invitations, to a trio or to an alliance (each numbered in its own table, so an id is
# matched only by the kinds that name that table's). A challenge its members wrote on a
# partner's cycle is posted in the partner's lane.
_OUTBOX = f"""
DELETE FROM outbox WHERE lane = 'school:' || :school
    OR json_extract(payload, '$.school') = :school
    OR EXISTS (SELECT 1 FROM json_each(payload, '$.schools') WHERE value = :school)
    OR json_extract(payload, '$.cycle') IN ({_CYCLES})
    OR json_extract(payload, '$.challenge') IN ({_CHALLENGES})
    OR (kind NOT IN ('alliance_invitation', 'alliance_news')
        AND json_extract(payload, '$.invitation') IN ({_INVITATIONS}))
    OR (kind IN ('alliance_invitation', 'alliance_news')
        AND json_extract(payload, '$.invitation') IN ({_ALLIANCE_INVITATIONS}))
    OR (kind IN ('message', 'respond') AND (instr(payload, :named) OR instr(payload, :shown)))
    OR (kind = 'react' AND EXISTS (
        SELECT 1 FROM challenges c WHERE c.id IN ({_CHALLENGES})
        AND c.channel_id = json_extract(payload, '$.channel')
        AND c.ts = json_extract(payload, '$.ts')))
"""  # noqa: S608


@dataclass(frozen=True)
class ErasedRows:
    """How many rows went from each table; and the partner cycles that lost challenges."""

    counts: dict[str, int]
    partner_cycles: tuple[tuple[int, int], ...]  # (school id, cycle id), summaries to redo


def erase_school_rows(db: Database, school_id: int, erased_by: str) -> ErasedRows:
    """Delete every row about the school and record that it was erased, in one transaction.

    A trio the school leaves empty goes too; its partners stay in theirs.
    """
    with transaction(db):
        row = db.execute("SELECT name FROM schools WHERE id = ?", [school_id]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no school with id {school_id}.")
        params = {"school": school_id, **_worded(row[0])}
        partner_cycles = _partner_cycles_challenged(db, school_id)
        trio = db.execute(
            "SELECT trio_id FROM trio_schools WHERE school_id = ?", [school_id]
        ).fetchone()
        db.execute("INSERT INTO erasing (school_id) VALUES (?)", [school_id])
        counts = {"outbox": db.execute(_OUTBOX, params).rowcount}
        for table, sql in _STEPS:
            counts[table] = db.execute(sql, params).rowcount
        counts["trios"] = 0
        if trio is not None:
            counts["trios"] = db.execute(
                "DELETE FROM trios WHERE id = ? AND NOT EXISTS"
                " (SELECT 1 FROM trio_schools WHERE trio_id = ?)",
                [trio[0], trio[0]],
            ).rowcount
        counts["people"] = forget_unreferenced_names(db)
        db.execute("DELETE FROM erasing WHERE school_id = ?", [school_id])
        db.execute(
            "INSERT INTO erasures (school_id, erased_by, erased_at) VALUES (?, ?, ?)",
            [school_id, erased_by, now()],
        )
    return ErasedRows(counts=counts, partner_cycles=partner_cycles)


def _worded(name: str) -> dict[str, str]:
    """The school's name as it stands in the JSON of an already-worded message: as typed,
    and as it is shown in Slack's markup (&, < and > escaped)."""
    shown = name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return {"named": json.dumps(name)[1:-1], "shown": json.dumps(shown)[1:-1]}


def _partner_cycles_challenged(db: Database, school_id: int) -> tuple[tuple[int, int], ...]:
    rows = db.execute(
        "SELECT DISTINCT c.school_id, c.id FROM challenges ch JOIN cycles c ON c.id = ch.cycle_id"
        " WHERE ch.author_school_id = ? AND c.school_id != ? ORDER BY c.id",
        [school_id, school_id],
    ).fetchall()
    return tuple((row[0], row[1]) for row in rows)


def erasures(db: Database) -> list[tuple[int, str, str]]:
    """Every erasure: (school id, by whom, when), oldest first."""
    rows = db.execute("SELECT school_id, erased_by, erased_at FROM erasures ORDER BY id").fetchall()
    return [(row[0], row[1], row[2]) for row in rows]
