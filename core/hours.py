"""When the bot may remind people: working hours on working days, in the schools' time zone.

A reminder found due outside these hours, or on a day its school marks as closed, waits for
the next check inside them; nothing is lost, it only arrives later.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from core.clock import UK

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
LONG_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class WorkingHours:
    start: time = time(9)
    end: time = time(17)
    days: frozenset[int] = frozenset(range(5))  # Monday is 0
    zone: ZoneInfo = field(default=UK)

    def open_at(self, now: datetime) -> bool:
        local = now.astimezone(self.zone)
        return local.weekday() in self.days and self.start <= local.time() < self.end

    def today(self, now: datetime) -> date:
        """The date it is in the schools' time zone (what a closed day is marked in)."""
        return now.astimezone(self.zone).date()

    def local_day(self, now: datetime) -> str:
        return self.today(now).isoformat()

    def describe(self) -> str:
        """ "Monday to Friday, 09:00–17:00 UK time" (for the people told about reminders)."""
        return f"{_days(self.days)}, {self.start:%H:%M}–{self.end:%H:%M} {_zone(self.zone)}"


def _days(days: frozenset[int]) -> str:
    ordered = sorted(days)
    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{LONG_DAY_NAMES[ordered[0]]} to {LONG_DAY_NAMES[ordered[-1]]}"
    return ", ".join(LONG_DAY_NAMES[d] for d in ordered)


def _zone(zone: ZoneInfo) -> str:
    return "UK time" if zone.key == UK.key else f"{zone.key} time"


def parse_hours(text: str) -> tuple[time, time]:
    """ "09:00-17:00" (or "9-17") → (09:00, 17:00); ValueError in words otherwise."""
    start, dash, end = text.replace("–", "-").partition("-")
    if not dash:
        raise ValueError("must be two times like 09:00-17:00")
    first, last = _time(start), _time(end)
    if first >= last:
        raise ValueError("must start before it ends, like 09:00-17:00")
    return first, last


def _time(text: str) -> time:
    hours, _, minutes = text.strip().partition(":")
    try:
        return time(int(hours), int(minutes or 0))
    except ValueError:
        raise ValueError(f"has {text.strip()!r}, which is not a time like 09:00") from None


def parse_days(text: str) -> frozenset[int]:
    """ "Mon-Fri", "Mon,Tue,Thu" → weekday numbers; ValueError in words otherwise."""
    days: set[int] = set()
    for part in text.replace("–", "-").split(","):
        first, dash, last = part.strip().partition("-")
        start = _day(first)
        days.update(range(start, _day(last) + 1) if dash else [start])
    if not days:
        raise ValueError("must name at least one day, like Mon-Fri")
    return frozenset(days)


def _day(text: str) -> int:
    short = text.strip()[:3].title()
    if short not in DAY_NAMES:
        raise ValueError(f"has {text.strip()!r}, which is not a day like Mon or Fri")
    return DAY_NAMES.index(short)
