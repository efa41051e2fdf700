"""The hourly reminder check, from an in-process APScheduler job.

The rule and its state live in the core and SQLite (``core.reminders``): each due reminder
is written to the outbox with the record that it was sent, so a restart neither loses a
reminder nor sends one twice.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.services import Services
from core.reminders import send_due_reminders

CHECK_EVERY_MINUTES = 60


def check(services: Services, days: int, now: datetime | None = None) -> int:
    """Queue every reminder that is due; how many."""
    with services.unit() as db:
        return send_due_reminders(db, services.framework, now or datetime.now(UTC), days)


def schedule(services: Services, days: int) -> Any:
    """Start the background job that queues due reminders every hour; returns the scheduler."""
    from apscheduler.schedulers.background import BackgroundScheduler

    scheduler = BackgroundScheduler(daemon=True, timezone=UTC)
    scheduler.add_job(
        check,
        "interval",
        minutes=CHECK_EVERY_MINUTES,
        args=[services, days],
        id="reminders",
        max_instances=1,
        coalesce=True,
    )
    scheduler.start()
    return scheduler
