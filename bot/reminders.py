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
    repeat(scheduler, "reminders", check, [services, days], minutes=CHECK_EVERY_MINUTES)
    scheduler.start()
    return scheduler


def repeat(scheduler: Any, job_id: str, job: Any, args: list[Any], **every: Any) -> None:
    """Run `job(*args)` on the scheduler at every interval (`every`: APScheduler's interval
    arguments, and ``next_run_time`` for a first run before the first interval), one at a
    time; missed runs are run once."""
    scheduler.add_job(
        job, "interval", args=args, id=job_id, max_instances=1, coalesce=True, **every
    )
