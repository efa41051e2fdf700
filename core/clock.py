"""Time as people in England read it: stored moments are UTC; they are shown in UK time.

Slack shows each reader their own time zone (``<!date^…>`` in bot/blocks/kit.py); files,
the command line and anything else outside Slack use UK time, where the schools are.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")


def moment(value: str | datetime) -> datetime:
    """A stored ISO timestamp (or a datetime) as an aware UTC datetime."""
    found = datetime.fromisoformat(value) if isinstance(value, str) else value
    return found.replace(tzinfo=UTC) if found.tzinfo is None else found.astimezone(UTC)


def uk(value: str | datetime) -> datetime:
    return moment(value).astimezone(UK)


def uk_today() -> date:
    """The date it is in the UK, where the schools are (a due date is one of their days)."""
    return datetime.now(UK).date()


def uk_date(value: str | datetime) -> str:
    """24 Nov 2026 (the date in the UK, which differs from UTC's around midnight in summer)."""
    return uk(value).strftime("%-d %b %Y")


def uk_long_date(value: str | datetime) -> str:
    """Friday 14 March 2025."""
    return uk(value).strftime("%A %-d %B %Y")


def uk_time(value: str | datetime) -> str:
    """24 Nov 2026, 16:05 (UK time)."""
    return uk(value).strftime("%-d %b %Y, %H:%M")


def timestamp(value: str | datetime) -> int:
    """Seconds since the epoch, as Slack's ``<!date^…>`` wants them."""
    return int(moment(value).timestamp())


def day_text(iso_date: str) -> str:
    """A calendar date (a due date, ISO "2027-03-14") as people say it: Friday 14 March."""
    return date.fromisoformat(iso_date[:10]).strftime("%A %-d %B")
