"""Old event ids and long-deleted comments are forgotten; newer ones stay."""

from __future__ import annotations

from datetime import UTC, datetime

import storage
from core.challenges import Reply, reply_deleted, thread_reply
from core.retention import Purged, Retention, purge_expired

NOW = datetime(2026, 6, 30, 12, tzinfo=UTC)


def test_what_is_past_its_retention_goes_and_the_rest_stays(db, framework, trio):
    _, _, cycle = trio
    for ts in ("101.0", "102.0", "103.0"):
        thread_reply(db, framework, Reply("C100", ts, "100.0", "UB", f"ITT: {ts}"))
    reply_deleted(db, "C100", "101.0")
    reply_deleted(db, "C100", "102.0")
    with storage.transaction(db):
        db.execute(
            "UPDATE challenges SET deleted_at = '2026-05-30T11:00:00+00:00' WHERE ts = '101.0'"
        )
        db.execute(
            "UPDATE challenges SET deleted_at = '2026-05-31T13:00:00+00:00' WHERE ts = '102.0'"
        )
        db["processed_events"].insert_all(
            [
                {"event_id": "EvOld", "received_at": "2026-06-23T11:59:59+00:00"},
                {"event_id": "EvNew", "received_at": "2026-06-23T12:00:01+00:00"},
            ]
        )
        for channel, at in (
            ("COLD", "2026-06-29T11:59:59+00:00"),
            ("CNEW", "2026-06-29T12:00:01+00:00"),
        ):
            db.execute("INSERT INTO channel_checks VALUES (?, 'UA', 'x', 0, 0, ?)", [channel, at])

    purged = purge_expired(db, NOW, Retention(event_ids_days=7, deleted_comments_days=30))

    assert (purged.event_ids, purged.deleted_comments) == (1, 1)
    left = storage.challenges_for(db, cycle.id, include_deleted=True)
    assert [c.ts for c in left] == ["102.0", "103.0"]
    assert [r[0] for r in db.execute("SELECT event_id FROM processed_events")] == ["EvNew"]
    assert [r[0] for r in db.execute("SELECT channel_id FROM channel_checks")] == ["CNEW"]


def test_nothing_goes_before_its_time(db, framework, trio):
    thread_reply(db, framework, Reply("C100", "101.0", "100.0", "UB", "ITT: x"))
    reply_deleted(db, "C100", "101.0")
    storage.claim_event(db, "Ev1")
    purged = purge_expired(db, datetime.now(UTC), Retention())
    assert (purged.event_ids, purged.deleted_comments) == (0, 0)
    far_ahead = datetime(9999, 1, 1, tzinfo=UTC)
    assert purge_expired(db, far_ahead, Retention()) == Purged(1, 1)  # the control
