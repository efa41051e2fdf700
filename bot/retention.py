"""Forgetting old event ids and deleted comments, from a job beside the reminder check.

The rule is the core's (``core.retention``); the periods come from the settings.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from bot.repeating import Repeating
from bot.services import Services
from bot.settings import Settings
from core.retention import Purged, Retention, purge_expired

log = logging.getLogger("peer-review.retention")

PURGE_EVERY_HOURS = 6


def retention_of(settings: Settings) -> Retention:
    return Retention(
        event_ids_days=settings.keep_event_ids_days,
        deleted_comments_days=settings.keep_deleted_comments_days,
    )


def purge(services: Services, retention: Retention, now: datetime | None = None) -> Purged:
    """Forget what is past its retention now; what went."""
    with services.store.connect() as db:
        purged = purge_expired(db, now or datetime.now(UTC), retention)
    if purged.deleted_comments:
        log.info("%d deleted comment(s) past retention erased", purged.deleted_comments)
    return purged


def schedule_purge(repeating: Repeating, services: Services, retention: Retention) -> None:
    """Add the purge to the running jobs: at start, then every few hours."""
    repeating.add(
        "retention", lambda: purge(services, retention), every=PURGE_EVERY_HOURS * 3600, first=0
    )
