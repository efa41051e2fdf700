"""Days a school is closed (holidays, training days): no reminder goes to it on them.

``/peer-review closed 22 Dec 2026 to 2 Jan 2027`` marks them; ``/peer-review closed`` lists
those to come; ``/peer-review closed clear`` forgets them. Dates are read the British way
(22/12/2026 is 22 December).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlite_utils import Database

import storage
from core.errors import Refusal
from core.policy import Action
from core.review import school_acted_on
from storage.records import School

FARTHEST = timedelta(days=2 * 366)  # a closure is marked at most two years ahead
_FORMATS = ("%Y-%m-%d", "%d %b %Y", "%d %B %Y", "%d/%m/%Y", "%d %b", "%d %B", "%d/%m")
_RANGE = re.compile(r"\s+(?:to|until|till)\s+|\s*[-–—]\s+|\s+[-–—]\s*", re.IGNORECASE)
_WEEKDAY = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\s+(?=\d)", re.IGNORECASE)
EXAMPLE = "`/peer-review closed 22 Dec 2026 to 2 Jan 2027` (or one day: `closed 2026-12-22`)"


@dataclass(frozen=True)
class Closures:
    school: School
    upcoming: list[storage.ClosedDays]
    added: storage.ClosedDays | None = None
    cleared: int = 0


def read_days(text: str, today: date) -> tuple[date, date]:
    """ "22 Dec 2026 to 2 Jan 2027", "2026-12-22", "22/12 - 2/1" → (first, last)."""
    parts = _RANGE.split(text.strip(), maxsplit=1)
    first = _day(parts[0], today)
    last = _day(parts[1], first) if len(parts) > 1 else first
    if last < first:
        raise Refusal(f"The last closed day comes before the first. Try {EXAMPLE}.")
    if last < today:
        raise Refusal("Those days have already passed; reminders only look ahead.")
    if last - today > FARTHEST:
        raise Refusal("Mark closed days at most two years ahead.")
    return first, last


def _day(text: str, after: date) -> date:
    cleaned = " ".join(text.replace(",", " ").split()).removesuffix(".")
    cleaned = _WEEKDAY.sub("", cleaned)  # "Fri 27 Nov": the date says which day it is
    for form in _FORMATS:
        try:
            found = datetime.strptime(cleaned, form).date()
        except ValueError:
            continue
        if "%Y" not in form:  # no year: the next such date
            found = found.replace(year=after.year)
            if found < after:
                found = found.replace(year=after.year + 1)
        return found
    raise Refusal(f"I couldn't read {cleaned!r} as a date. Try {EXAMPLE}.")


def mark_closed(db: Database, user_id: str, text: str, today: date) -> Closures:
    """A member marks days their school is closed (`text` as typed); days already marked,
    or next to a closure, are joined with it (22-24 Dec and 25 Dec-2 Jan: one closure)."""
    with storage.transaction(db):
        school = school_acted_on(db, user_id, Action.SET_REMINDERS)
        first, last = read_days(text, today)
        added = storage.add_closed_days(
            db,
            school.id,
            first.isoformat(),
            last.isoformat(),
            user_id,
            before=(first - timedelta(days=1)).isoformat(),
            after=(last + timedelta(days=1)).isoformat(),
        )
        upcoming = storage.closed_days_of(db, school.id, today.isoformat())
    return Closures(school=school, upcoming=upcoming, added=added)


def closed_days(db: Database, user_id: str, today: date) -> Closures:
    school = school_acted_on(db, user_id, Action.SET_REMINDERS)
    return Closures(
        school=school, upcoming=storage.closed_days_of(db, school.id, today.isoformat())
    )


def clear_closed_days(db: Database, user_id: str, today: date) -> Closures:
    with storage.transaction(db):
        school = school_acted_on(db, user_id, Action.SET_REMINDERS)
        cleared = storage.clear_closed_days(db, school.id, today.isoformat())
    return Closures(school=school, upcoming=[], cleared=cleared)
