"""The hourly reminder check, a job repeated in the serving process (bot.repeating).

The rule and its state live in the core and SQLite (``core.reminders``): each due reminder
is written to the outbox with the record that it was sent, so a restart neither loses a
reminder nor sends one twice.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.repeating import Repeating
from bot.services import Services
from core.reminders import send_due_reminders
from core.round_reminders import send_due_round_reminders

CHECK_EVERY_MINUTES = 60


def check(services: Services, now: datetime | None = None) -> int:
    """Queue every reminder that is due (by the deployment's rule), the review rounds'
    too; how many."""
    at = now or datetime.now(UTC)
    with services.unit() as db:
        sent = send_due_reminders(db, services.framework, at, services.reminders)
        return sent + send_due_round_reminders(db, services.framework, at, services.reminders)


def schedule(services: Services) -> Repeating:
    """Start the thread that queues due reminders every hour; returns it, for more jobs."""
    repeating = Repeating()
    repeating.add("reminders", lambda: check(services), every=CHECK_EVERY_MINUTES * 60)
    return repeating.start()
