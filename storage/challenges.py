"""Peer challenge comments, the school's responses, and the outcomes agreed after challenge."""

from __future__ import annotations

from collections.abc import Sequence

from sqlite_utils import Database

from rubric.models import Framework
from storage import validate
from storage.db import dicts, now, transaction
from storage.errors import InvalidError, found
from storage.records import (
    MAX_TEXT_CHARS,
    AreaOutcome,
    Challenge,
    ChallengeKind,
    ChallengeStatus,
    ChallengeView,
    CycleOutcome,
    from_row,
)
from storage.reviews import get_cycle

_COLUMNS = (
    "id, cycle_id, area_id, author_id, author_school_id, kind, text, view, suggested_level,"
    " status, channel_id, ts, thread_ts, created_at, edited_at, deleted_at"
)
VIEWS: tuple[ChallengeView, ...] = ("above", "in_line", "below")
# A reply in the thread may be as long as a Slack message; a form's comment is shorter.
MAX_THREAD_CHARS = 40_000
_SET_ASIDE = (  # by the filing's key, one look-up per comment
    "SELECT 1 FROM challenge_filings f WHERE f.challenge_id = challenges.id AND f.set_aside = 1"
)


def _challenges(db: Database, where: str, params: Sequence[object]) -> list[Challenge]:
    rows = dicts(
        db,
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
    ts: str | None,
    framework: Framework,
    kind: ChallengeKind = "challenge",
    area_id: str | None = None,
    author_school_id: int | None = None,
    view: ChallengeView | None = None,
    suggested_level: int | None = None,
    thread_ts: str | None = None,
    limit: int = MAX_TEXT_CHARS,
) -> tuple[Challenge, bool]:
    """Store a comment posted at (channel, ts). Returns it and whether it is new.

    The Slack message identifies the comment, so a retried delivery stores it once. A
    comment not yet posted (made with the form) has no ts until :func:`set_posted`.
    `limit`: the longest text taken (a reply in the thread: :data:`MAX_THREAD_CHARS`).
    """
    cycle = get_cycle(db, cycle_id)
    if area_id is not None:
        validate.area(framework, area_id)
    if suggested_level is not None:
        validate.level(framework, suggested_level)
    if view is not None and view not in VIEWS:
        raise InvalidError(f"{view!r} is not a view of a judgement; choose {', '.join(VIEWS)}.")
    text = validate.text(text, "The comment", required=True, limit=limit)
    with transaction(db):
        existing = challenge_at(db, channel_id, ts) if ts is not None else None
        if existing is not None:
            return existing, False
        challenge_id = (
            db["challenges"]
            .insert(
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
            .last_pk
        )
    return get_challenge(db, challenge_id), True


def set_posted(db: Database, challenge_id: int, ts: str) -> Challenge:
    """The bot has posted a comment made with the form: it now has its message ts."""
    with transaction(db):
        db.execute("UPDATE challenges SET ts = ? WHERE id = ?", [ts, challenge_id])
    return get_challenge(db, challenge_id)


def edit_challenge(
    db: Database, channel_id: str, ts: str, new_text: str, *, limit: int = MAX_TEXT_CHARS
) -> Challenge | None:
    """Replace a comment's text, keeping the old text in challenge_edits."""
    new_text = validate.text(new_text, "The comment", required=True, limit=limit)
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


def note_unfiled(db: Database, cycle_id: int, channel_id: str, ts: str) -> None:
    """The reply at (channel, ts) was too long to file: an edit that shortens it files it."""
    with transaction(db):
        db.execute(
            "INSERT OR IGNORE INTO unfiled_replies (channel_id, ts, cycle_id, refused_at)"
            " VALUES (?, ?, ?, ?)",
            [channel_id, ts, cycle_id, now()],
        )


def was_unfiled(db: Database, channel_id: str, ts: str) -> bool:
    """Was the reply at (channel, ts) refused as too long to file, and not filed since?"""
    row = db.execute(
        "SELECT 1 FROM unfiled_replies WHERE channel_id = ? AND ts = ?", [channel_id, ts]
    ).fetchone()
    return row is not None


def forget_unfiled(db: Database, channel_id: str, ts: str) -> None:
    """The reply at (channel, ts) is filed now (or was never refused)."""
    with transaction(db):
        db.execute("DELETE FROM unfiled_replies WHERE channel_id = ? AND ts = ?", [channel_id, ts])


def edits_of(db: Database, challenge_id: int) -> list[str]:
    """Earlier texts of a comment, oldest first."""
    rows = db.execute(
        "SELECT old_text FROM challenge_edits WHERE challenge_id = ? ORDER BY id", [challenge_id]
    ).fetchall()
    return [row[0] for row in rows]


def challenges_for(
    db: Database, cycle_id: int, *, include_deleted: bool = False
) -> list[Challenge]:
    """A cycle's comments; those deleted in Slack only with `include_deleted`, and never
    those their author set aside as not a challenge."""
    where = f"cycle_id = ? AND NOT EXISTS ({_SET_ASIDE})"
    where += "" if include_deleted else " AND deleted_at IS NULL"
    return _challenges(db, where, [cycle_id])


def refile_challenge(
    db: Database, challenge_id: int, area_id: str | None, *, framework: Framework, by: str
) -> Challenge:
    """File a comment under another area (None: the review in general), noting who did it;
    one set aside as not a challenge counts again."""
    if area_id is not None:
        validate.area(framework, area_id)
    with transaction(db):
        db.execute("UPDATE challenges SET area_id = ? WHERE id = ?", [area_id, challenge_id])
        _note_filing(db, challenge_id, set_aside=False, by=by)
    return get_challenge(db, challenge_id)


def set_aside(db: Database, challenge_id: int, *, by: str) -> Challenge:
    """Its author says a comment is not a challenge: it no longer counts anywhere, and is
    kept (filed again, it counts again)."""
    with transaction(db):
        _note_filing(db, challenge_id, set_aside=True, by=by)
    return get_challenge(db, challenge_id)


def is_set_aside(db: Database, challenge_id: int) -> bool:
    row = db.execute(
        "SELECT set_aside FROM challenge_filings WHERE challenge_id = ?", [challenge_id]
    ).fetchone()
    return bool(row and row[0])


def _note_filing(db: Database, challenge_id: int, *, set_aside: bool, by: str) -> None:
    db.execute(
        "INSERT INTO challenge_filings (challenge_id, set_aside, refiled_by, refiled_at)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (challenge_id) DO UPDATE SET"
        " set_aside = excluded.set_aside, refiled_by = excluded.refiled_by,"
        " refiled_at = excluded.refiled_at",
        [challenge_id, int(set_aside), by, now()],
    )


def set_status(
    db: Database,
    cycle_id: int,
    area_id: str | None,
    status: ChallengeStatus,
    *,
    only_from: Sequence[ChallengeStatus] = (),
) -> int:
    """Set the status of a cycle's challenges on one area (None: general); how many changed."""
    sql = "UPDATE challenges SET status = ? WHERE cycle_id = ? AND kind = 'challenge'"
    params: list[object] = [status, cycle_id]
    sql += " AND area_id IS ?"
    params.append(area_id)
    if only_from:
        sql += f" AND status IN ({', '.join('?' for _ in only_from)})"
        params += list(only_from)
    with transaction(db):
        return db.execute(sql, params).rowcount


def restate(db: Database, cycle_id: int, area_id: str | None) -> None:
    """Work out afresh the status of a cycle's challenges on one area (None: general), after
    a comment was filed into or out of it: *resolved* if the area's outcome was agreed after
    the challenge was made, else *answered* if the school responded on the area after it
    (a response deleted or set aside does not count), else *open* (as the changes one at a
    time would have left them)."""
    with transaction(db):
        db.execute(
            "UPDATE challenges SET status = CASE"
            " WHEN EXISTS (SELECT 1 FROM area_outcomes o WHERE o.cycle_id = challenges.cycle_id"
            "  AND o.area_id IS challenges.area_id AND o.recorded_at >= challenges.created_at)"
            "  THEN 'resolved'"
            " WHEN EXISTS (SELECT 1 FROM challenges r WHERE r.cycle_id = challenges.cycle_id"
            "  AND r.kind = 'response' AND r.area_id IS challenges.area_id"
            "  AND r.id > challenges.id AND r.deleted_at IS NULL AND NOT EXISTS"
            "   (SELECT 1 FROM challenge_filings f WHERE f.challenge_id = r.id AND f.set_aside = 1)"
            " ) THEN 'answered'"
            " ELSE 'open' END"
            " WHERE cycle_id = ? AND kind = 'challenge' AND area_id IS ?",
            [cycle_id, area_id],
        )


# -- agreed outcomes ----------------------------------------------------------------------


def save_area_outcome(
    db: Database,
    cycle_id: int,
    area_id: str,
    *,
    decision: str,
    level: int,
    reason: str,
    recorded_by: str,
) -> AreaOutcome:
    """Store what was agreed for one area after challenge ('stands' or 'revised')."""
    if decision not in ("stands", "revised"):
        raise InvalidError(f"{decision!r} is not a decision; choose 'stands' or 'revised'.")
    with transaction(db):
        db["area_outcomes"].upsert(
            {
                "cycle_id": cycle_id,
                "area_id": area_id,
                "decision": decision,
                "level": level,
                "reason": reason,
                "recorded_by": recorded_by,
                "recorded_at": now(),
            },
            pk=("cycle_id", "area_id"),
        )
    return area_outcomes_for(db, cycle_id)[area_id]


def area_outcomes_for(db: Database, cycle_id: int) -> dict[str, AreaOutcome]:
    rows = dicts(
        db,
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
    rows = dicts(
        db,
        "SELECT cycle_id, successes, improvements, recorded_by, recorded_at"
        " FROM cycle_outcomes WHERE cycle_id = ?",
        [cycle_id],
    )
    return from_row(CycleOutcome, rows[0]) if rows else None


def get_challenge(db: Database, challenge_id: int) -> Challenge:
    rows = _challenges(db, "id = ?", [challenge_id])
    return found(rows[0] if rows else None, f"There is no challenge with id {challenge_id}.")


def forget_deleted_before(db: Database, iso_time: str) -> int:
    """Erase comments deleted in Slack before `iso_time`, with their earlier texts; how many."""
    deleted = "SELECT id FROM challenges WHERE deleted_at IS NOT NULL AND deleted_at < ?"
    with transaction(db):
        db.execute(f"DELETE FROM challenge_edits WHERE challenge_id IN ({deleted})", [iso_time])  # noqa: S608
        return db.execute(f"DELETE FROM challenges WHERE id IN ({deleted})", [iso_time]).rowcount  # noqa: S608
