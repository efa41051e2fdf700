"""Sending the gentle reminders, hourly, from an in-process APScheduler job.

The rule and its state live in SQLite (``storage.reminders``), so a restart neither loses a
reminder nor sends one twice.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import blocks
from rubric.models import Framework
from storage.reminders import Reminder, due_reminders, mark_reminded
from storage.store import Store

log = logging.getLogger("peer-review")

CHECK_EVERY_MINUTES = 60


def reminder_message(framework: Framework, reminder: Reminder) -> dict[str, Any]:
    missing = ", ".join(f"{a.number} {a.short_name}" for a in reminder.missing)
    return blocks.build_notice(
        f"A gentle reminder: {blocks.escape(reminder.school.name)}'s review (cycle "
        f"{reminder.cycle.number}) is waiting for {len(reminder.missing)} of "
        f"{len(framework.areas)} areas: {missing}. `/peer-review start` carries on where you "
        "left off. (A member can turn these off with `/peer-review reminders off`.)"
    )


def send_due_reminders(
    client: WebClient,
    store: Store,
    framework: Framework,
    days: int,
    now: datetime | None = None,
) -> int:
    """DM each due reminder; a reminder Slack refuses is tried again next time."""
    now = now or datetime.now(UTC)
    sent = 0
    with store.connect() as db:
        for reminder in due_reminders(db, framework, now, days):
            try:
                client.chat_postMessage(
                    channel=reminder.user_id, **reminder_message(framework, reminder)
                )
            except SlackApiError as error:
                log.warning(
                    "reminder to %s not sent: %s", reminder.user_id, error.response.get("error")
                )
                continue
            mark_reminded(db, reminder.cycle.id, now)
            sent += 1
    return sent


def schedule(client: WebClient, store: Store, framework: Framework, days: int) -> Any:
    """Start the background job that sends due reminders every hour; returns the scheduler."""
    from apscheduler.schedulers.background import BackgroundScheduler

    scheduler = BackgroundScheduler(daemon=True, timezone=UTC)
    scheduler.add_job(
        send_due_reminders,
        "interval",
        minutes=CHECK_EVERY_MINUTES,
        args=[client, store, framework, days],
        id="reminders",
        max_instances=1,
        coalesce=True,
    )
    scheduler.start()
    return scheduler
