"""How long records that nobody needs for long are kept, and forgetting them when due.

- Slack event ids: kept so that Slack's retries of one event (within minutes) are handled
  once; after `event_ids_days` they serve no purpose.
- Thread comments deleted in Slack: the row and its text are kept for a while (the summary
  already leaves them out), then erased after `deleted_comments_days`.
- What Slack said about a channel picked in setup (who can read it): needed only while the
  form is open; forgotten after a day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlite_utils import Database

import storage
from storage.channels import forget_checks_before


@dataclass(frozen=True)
class Retention:
    event_ids_days: int = 7
    deleted_comments_days: int = 30


@dataclass(frozen=True)
class Purged:
    event_ids: int
    deleted_comments: int
    channel_checks: int = 0


def purge_expired(db: Database, now: datetime, retention: Retention) -> Purged:
    """Forget what has been kept longer than `retention` allows, as of `now`."""

    def cut(days: int) -> str:
        return (now - timedelta(days=days)).isoformat(timespec="seconds")

    return Purged(
        event_ids=storage.forget_events_before(db, cut(retention.event_ids_days)),
        deleted_comments=storage.forget_deleted_before(db, cut(retention.deleted_comments_days)),
        channel_checks=forget_checks_before(db, cut(1)),
    )
