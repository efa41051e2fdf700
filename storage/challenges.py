"""Peer challenge comments, the school's responses, and the outcomes agreed after challenge."""

from __future__ import annotations

from collections.abc import Sequence

from sqlite_utils import Database

from rubric.models import Framework
from storage import validate
from storage.db import now, transaction
from storage.errors import InvalidError, found
from storage.records import (
    AreaOutcome,
    Challenge,
    ChallengeKind,
    ChallengeStatus,
    ChallengeView,
    CycleOutcome,
    from_row,
)
from storage.reviews import get_cycle, judgements_for, record_judgement

_COLUMNS = (
    "id, cycle_id, area_id, author_id, author_school_id, kind, text, view, suggested_level,"
    " status, channel_id, ts, thread_ts, created_at, edited_at, deleted_at"
)
VIEWS: tuple[ChallengeView, ...] = ("above", "in_line", "below")


def _challenges(db: Database, where: str, params: Sequence[object]) -> list[Challenge]:
    rows = db.execute_returning_dicts(
        f"SELECT {_COLUMNS} FROM challenges WHERE {where} ORDER BY id",  # noqa: S608
        params,
    )
    return [from_row(Challenge, row) for row in rows]


def challenge_at(db: Database, channel_id: str, ts: str) -> Challenge | None:
    rows = _challenges(db, "channel_id = ? AND ts = ?", [channel_id, ts])
    return rows[0] if rows else None


def add_challenge(
    db: Database,
    cycle_id: int,
    *,
    author_id: str,
    text: str,
    channel_id: str,
    ts: str,
    framework: Framework,
    kind: ChallengeKind = "challenge",
    area_id: str | None = None,
    author_school_id: int | None = None,
    view: ChallengeView | None = None,
    suggested_level: int | None = None,
    thread_ts: str | None = None,
) -> tuple[Challenge, bool]:
    """Store a comment posted at (channel, ts). Returns it and whether it is new.

    The Slack message identifies the comment, so a retried delivery stores it once.
    """
    cycle = get_cycle(db, cycle_id)
    if area_id is not None:
        validate.area(framework, area_id)
    if suggested_level is not None:
        validate.level(framework, suggested_level)
    if view is not None and view not in VIEWS:
        raise InvalidError(f"{view!r} is not a view of a judgement; choose {', '.join(VIEWS)}.")
    text = validate.text(text, "The comment", required=True)
    with transaction(db):
        existing = challenge_at(db, channel_id, ts)
        if existing is not None:
            return existing, False
        db["challenges"].insert(
            {
                "cycle_id": cycle.id,
                "area_id": area_id,
                "author_id": author_id,
                "author_school_id": author_school_id,
                "kind": kind,
                "text": text,
                "view": view,
                "suggested_level": suggested_level,
                "status": "open",
                "channel_id": channel_id,
                "ts": ts,
                "thread_ts": thread_ts,
                "created_at": now(),
            }
        )
        if kind == "response":
            # The school has replied: its open challenges on that area are answered.
            _set_status(db, cycle.id, area_id, "answered", only_from="open")
    stored = challenge_at(db, channel_id, ts)
    assert stored is not None
    return stored, True


def edit_challenge(db: Database, channel_id: str, ts: str, new_text: str) -> Challenge | None:
    """Replace a comment's text, keeping the old text in challenge_edits."""
    new_text = validate.text(new_text, "The comment", required=True)
    existing = challenge_at(db, channel_id, ts)
    if existing is None:
        return None
    if existing.text == new_text:
        return existing
    with transaction(db):
        at = now()
        db["challenge_edits"].insert(
            {"challenge_id": existing.id, "old_text": existing.text, "edited_at": at}
        )
        db["challenges"].update(existing.id, {"text": new_text, "edited_at": at})
    return challenge_at(db, channel_id, ts)


def delete_challenge(db: Database, channel_id: str, ts: str) -> Challenge | None:
    """Mark a comment deleted; the row and its text are kept."""
    existing = challenge_at(db, channel_id, ts)
    if existing is None or existing.deleted_at is not None:
        return existing
    with transaction(db):
        db["challenges"].update(existing.id, {"deleted_at": now()})
    return challenge_at(db, channel_id, ts)


def edits_of(db: Database, challenge_id: int) -> list[str]:
    """Earlier texts of a comment, oldest first."""
    rows = db.execute(
        "SELECT old_text FROM challenge_edits WHERE challenge_id = ? ORDER BY id", [challenge_id]
    ).fetchall()
    return [row[0] for row in rows]


def challenges_for(
    db: Database, cycle_id: int, *, include_deleted: bool = False
) -> list[Challenge]:
    where = "cycle_id = ?" + ("" if include_deleted else " AND deleted_at IS NULL")
    return _challenges(db, where, [cycle_id])


def _set_status(
    db: Database,
    cycle_id: int,
    area_id: str | None,
    status: ChallengeStatus,
    *,
    only_from: ChallengeStatus | None = None,
) -> None:
    sql = "UPDATE challenges SET status = ? WHERE cycle_id = ? AND kind = 'challenge'"
    params: list[object] = [status, cycle_id]
    sql += " AND area_id IS ?"
    params.append(area_id)
    if only_from is not None:
        sql += " AND status = ?"
        params.append(only_from)
    db.execute(sql, params)


# -- agreed outcomes ----------------------------------------------------------------------


def record_area_outcome(
    db: Database,
    cycle_id: int,
    area_id: str,
    *,
    stands: bool,
    recorded_by: str,
    framework: Framework,
    new_level: int | None = None,
    reason: str = "",
) -> AreaOutcome:
    """After challenge: the judgement stands, or is revised to `new_level` with a reason.

    A revision is recorded as a judgement change (history kind ``after_challenge``), and the
    area's challenges become resolved.
    """
    cycle = get_cycle(db, cycle_id)
    area = validate.area(framework, area_id)
    current = judgements_for(db, cycle.id).get(area.id)
    if current is None:
        raise InvalidError(f"{area.title} has no judgement yet, so there is nothing to agree.")
    reason = validate.text(reason, "The reason", required=not stands)
    if stands:
        level = current.level
    else:
        level = validate.level(framework, new_level)
        if level == current.level:
            raise InvalidError(
                f"{area.title} is already {framework.level_text(level)}; "
                "choose 'stands' or a different level."
            )
    with transaction(db):
        if not stands:
            record_judgement(
                db,
                cycle.id,
                area.id,
                level,
                evidence=current.evidence,
                key_actions=current.key_actions,
                evidence_sources=current.evidence_sources,
                evidence_links=current.evidence_links,
                actions_done=current.actions_done,
                recorded_by=recorded_by,
                framework=framework,
                kind="after_challenge",
                reason=reason,
            )
        db["area_outcomes"].upsert(
            {
                "cycle_id": cycle.id,
                "area_id": area.id,
                "decision": "stands" if stands else "revised",
                "level": level,
                "reason": reason,
                "recorded_by": recorded_by,
                "recorded_at": now(),
            },
            pk=("cycle_id", "area_id"),
        )
        _set_status(db, cycle.id, area.id, "resolved")
    return area_outcomes_for(db, cycle.id)[area.id]


def area_outcomes_for(db: Database, cycle_id: int) -> dict[str, AreaOutcome]:
    rows = db.execute_returning_dicts(
        "SELECT cycle_id, area_id, decision, level, reason, recorded_by, recorded_at"
        " FROM area_outcomes WHERE cycle_id = ?",
        [cycle_id],
    )
    return {row["area_id"]: from_row(AreaOutcome, row) for row in rows}


def record_cycle_outcome(
    db: Database, cycle_id: int, *, successes: str, improvements: str, recorded_by: str
) -> CycleOutcome:
    """The successes identified and improvement areas agreed for the cycle."""
    cycle = get_cycle(db, cycle_id)
    successes = validate.text(successes, "Successes", required=False)
    improvements = validate.text(improvements, "Improvement areas", required=False)
    if not successes and not improvements:
        raise InvalidError("Write at least one success or one improvement area.")
    with transaction(db):
        db["cycle_outcomes"].upsert(
            {
                "cycle_id": cycle.id,
                "successes": successes,
                "improvements": improvements,
                "recorded_by": recorded_by,
                "recorded_at": now(),
            },
            pk="cycle_id",
        )
    outcome = cycle_outcome_for(db, cycle.id)
    assert outcome is not None
    return outcome


def cycle_outcome_for(db: Database, cycle_id: int) -> CycleOutcome | None:
    rows = db.execute_returning_dicts(
        "SELECT cycle_id, successes, improvements, recorded_by, recorded_at"
        " FROM cycle_outcomes WHERE cycle_id = ?",
        [cycle_id],
    )
    return from_row(CycleOutcome, rows[0]) if rows else None


def peer_challenge_fields(db: Database, cycle_id: int) -> tuple[list[str], str | None]:
    """The workbook's "Peer challenged by" (author ids) and "Date of peer challenge"."""
    challenges = [c for c in challenges_for(db, cycle_id) if c.kind == "challenge"]
    if not challenges:
        return [], None
    authors = list(dict.fromkeys(c.author_id for c in challenges))
    return authors, min(c.created_at for c in challenges)[:10]


def get_challenge(db: Database, challenge_id: int) -> Challenge:
    rows = _challenges(db, "id = ?", [challenge_id])
    return found(rows[0] if rows else None, f"There is no challenge with id {challenge_id}.")
