"""The outbox: Slack effects waiting to be delivered, stored with the change that caused them.

SQL only. An effect has a ``kind`` and a JSON ``payload``; what they mean, and how to deliver
them, is decided above this layer. Effects in one ``lane`` are delivered one at a time, in
the order they were written: :func:`claim` only hands out the oldest waiting effect of each
lane, and only when no other effect of that lane is being sent.

- ``once_key``: an effect that must happen at most once, whatever repeats the request.
- ``latest_key``: while an effect with this key is still waiting, a new request with the
  same key is absorbed into it (its payload merged in), so it is delivered once, showing
  the latest state. The key is cleared when the worker takes the effect, so a change made
  while it is being sent gets an effect of its own.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from storage.db import now, transaction

# An effect that may go now: no earlier effect of its lane is waiting or being sent.
_LANE_HEAD = (
    "NOT EXISTS (SELECT 1 FROM outbox p WHERE p.lane = o.lane AND p.id < o.id"
    " AND p.state IN ('pending', 'sending'))"
)
_COLUMNS = "id, kind, lane, payload, requested_by, attempts, interrupted, state, last_error, result"


@dataclass(frozen=True)
class Effect:
    id: int
    kind: str
    lane: str
    payload: dict[str, Any]
    requested_by: str | None
    attempts: int
    interrupted: bool
    state: str = "pending"
    last_error: str | None = None
    result: dict[str, Any] | None = None


def _effect(row: tuple[Any, ...]) -> Effect:
    (id_, kind, lane, payload, requested_by, attempts, interrupted, state, error, result) = row
    return Effect(
        id=id_,
        kind=kind,
        lane=lane,
        payload=json.loads(payload),
        requested_by=requested_by,
        attempts=attempts,
        interrupted=bool(interrupted),
        state=state,
        last_error=error,
        result=json.loads(result) if result else None,
    )


def enqueue(
    db: Database,
    kind: str,
    payload: dict[str, Any],
    *,
    lane: str,
    at: float,
    requested_by: str | None = None,
    once_key: str | None = None,
    latest_key: str | None = None,
) -> int | None:
    """Write an effect due at unix time `at`; its id, or None if `once_key` was used before.

    Call it inside the transaction of the change that causes the effect.
    """
    if once_key is not None and latest_key is not None:
        raise ValueError("an effect is either once or latest, not both")
    with transaction(db):
        row = _insert(db, kind, payload, lane, at, requested_by, once_key, latest_key)
    return row[0] if row else None


def _insert(
    db: Database,
    kind: str,
    payload: dict[str, Any],
    lane: str,
    at: float,
    requested_by: str | None,
    once_key: str | None,
    latest_key: str | None,
) -> tuple[int] | None:
    return db.execute(
        "INSERT INTO outbox (kind, lane, payload, requested_by, once_key, latest_key, due_at,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (once_key) DO NOTHING"
        " ON CONFLICT (latest_key) DO UPDATE SET payload = json_patch(payload, excluded.payload),"
        " requested_by = COALESCE(excluded.requested_by, requested_by)"
        " RETURNING id",
        [
            kind,
            lane,
            json.dumps(payload, separators=(",", ":")),
            requested_by,
            once_key,
            latest_key,
            at,
            now(),
        ],
    ).fetchone()


def claim(db: Database, at: float, limit: int) -> list[Effect]:
    """Take up to `limit` effects that are due: the head of each lane, when no other effect
    of that lane is being sent. SQLite's write lock is taken only when one is: the worker
    looks after every wake, and the bot's requests need that lock far more."""
    due = (
        f"SELECT {_COLUMNS} FROM outbox o"  # noqa: S608
        f" WHERE o.state = 'pending' AND o.due_at <= ? AND {_LANE_HEAD}"
        " ORDER BY o.id LIMIT ?"
    )
    if limit <= 0 or db.execute(due, [at, 1]).fetchone() is None:
        return []
    with transaction(db):
        taken = [_effect(row) for row in db.execute(due, [at, limit]).fetchall()]
        for effect in taken:
            db.execute(
                "UPDATE outbox SET state = 'sending', attempts = attempts + 1, latest_key = NULL"
                " WHERE id = ?",
                [effect.id],
            )
    return [
        Effect(**{**effect.__dict__, "attempts": effect.attempts + 1, "state": "sending"})
        for effect in taken
    ]


def finish(db: Database, effect_id: int, result: dict[str, Any] | None = None) -> None:
    """The effect was delivered (`result`: what Slack said that later effects may need)."""
    with transaction(db):
        db.execute(
            "UPDATE outbox SET state = 'done', finished_at = ?, result = ? WHERE id = ?",
            [now(), json.dumps(result) if result is not None else None, effect_id],
        )


def retry_later(db: Database, effect_id: int, at: float, error: str) -> None:
    """Slack could not take it now: wait until unix time `at` and try again."""
    with transaction(db):
        db.execute(
            "UPDATE outbox SET state = 'pending', due_at = ?, last_error = ? WHERE id = ?",
            [at, error, effect_id],
        )


def fail(db: Database, effect_id: int, error: str) -> None:
    """Given up: Slack refused it for good. The row is kept, with the reason."""
    with transaction(db):
        db.execute(
            "UPDATE outbox SET state = 'failed', finished_at = ?, last_error = ? WHERE id = ?",
            [now(), error, effect_id],
        )


def recover_interrupted(db: Database) -> int:
    """After a crash or restart: effects cut off while being sent wait again, marked so."""
    with transaction(db):
        cursor = db.execute(
            "UPDATE outbox SET state = 'pending', interrupted = 1 WHERE state = 'sending'"
        )
    return cursor.rowcount


def next_due(db: Database) -> float | None:
    """When the next effect that could be taken is due (unix time): the earliest head of a
    lane with nothing being sent; None when there is none."""
    row = db.execute(
        f"SELECT MIN(o.due_at) FROM outbox o WHERE o.state = 'pending' AND {_LANE_HEAD}"  # noqa: S608
    ).fetchone()
    return row[0]


def requeue_abandoned(db: Database, owned: set[int]) -> int:
    """Effects marked as being sent that no thread of this process is sending (their
    bookkeeping failed): waiting again, marked interrupted."""
    sending = [r[0] for r in db.execute("SELECT id FROM outbox WHERE state = 'sending'")]
    lost = [i for i in sending if i not in owned]
    if not lost:
        return 0
    with transaction(db):
        db.execute(
            f"UPDATE outbox SET state = 'pending', interrupted = 1"  # noqa: S608
            f" WHERE state = 'sending' AND id IN ({', '.join('?' for _ in lost)})",
            lost,
        )
    return len(lost)


def waiting(db: Database) -> int:
    """How many effects are waiting or being sent."""
    row = db.execute("SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'sending')").fetchone()
    return row[0]


def effects(db: Database, *, kind: str | None = None, state: str | None = None) -> list[Effect]:
    """Effects in order of writing, optionally of one kind and state (for tests and operators)."""
    sql = f"SELECT {_COLUMNS} FROM outbox WHERE 1 = 1"  # noqa: S608
    params: list[object] = []
    if kind is not None:
        sql += " AND kind = ?"
        params.append(kind)
    if state is not None:
        sql += " AND state = ?"
        params.append(state)
    return [_effect(row) for row in db.execute(sql + " ORDER BY id", params).fetchall()]


def prune(db: Database, finished_before: str) -> int:
    """Forget effects delivered or given up before the ISO time `finished_before`."""
    with transaction(db):
        cursor = db.execute(
            "DELETE FROM outbox WHERE state IN ('done', 'failed') AND finished_at < ?",
            [finished_before],
        )
    return cursor.rowcount


def give_up_all(db: Database, error: str) -> int:
    """Give up every effect waiting or being sent, with the reason; how many.

    For when the bot may no longer speak at all (the app was uninstalled, its token
    revoked). Their latest keys are cleared, so a later request is never absorbed into one.
    """
    with transaction(db):
        cursor = db.execute(
            "UPDATE outbox SET state = 'failed', finished_at = ?, last_error = ?,"
            " latest_key = NULL WHERE state IN ('pending', 'sending')",
            [now(), error],
        )
    return cursor.rowcount
