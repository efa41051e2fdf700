"""Closed days, as a member types them."""

from __future__ import annotations

from datetime import date

import pytest

import storage
from core import closures
from core.errors import Refusal

TODAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("typed", "days"),
    [
        ("22 Dec 2026 to 2 Jan 2027", (date(2026, 12, 22), date(2027, 1, 2))),
        ("2026-12-22", (date(2026, 12, 22), date(2026, 12, 22))),
        ("22/12/2026 - 2/1/2027", (date(2026, 12, 22), date(2027, 1, 2))),
        ("22 December – 2 January", (date(2026, 12, 22), date(2027, 1, 2))),
        ("3 Feb", (date(2027, 2, 3), date(2027, 2, 3))),  # no year: the next 3 February
        ("Friday 27 Nov 2026", (date(2026, 11, 27),) * 2),
        ("Mon 30/11", (date(2026, 11, 30),) * 2),
    ],
)
def test_days_are_read_the_british_way(typed, days):
    assert closures.read_days(typed, TODAY) == days


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("next week", "couldn't read 'next week'"),
        ("2 Jan 2027 to 22 Dec 2026", "comes before the first"),
        ("1 Sep 2026 to 2 Sep 2026", "already passed"),
        ("1 Jan 2030", "two years ahead"),
    ],
)
def test_days_that_cannot_be_marked_are_refused_in_words(typed, why):
    with pytest.raises(Refusal, match=why):
        closures.read_days(typed, TODAY)


def test_only_a_member_marks_the_schools_closed_days(db):
    school = storage.create_school(db, "Hillmead", "UA")
    storage.add_member(db, school.id, "UA", added_by="UA")
    found = closures.mark_closed(db, "UA", "22 Dec 2026 to 2 Jan 2027", TODAY)
    assert found.upcoming == [storage.ClosedDays("2026-12-22", "2027-01-02")]
    assert storage.closed_on(db, "2026-12-25") == {school.id}
    assert storage.closed_on(db, "2027-01-03") == set()
    with pytest.raises(Refusal):
        closures.mark_closed(db, "UX", "23 Dec 2026", TODAY)
    assert closures.clear_closed_days(db, "UA", TODAY).cleared == 1
    assert storage.closed_on(db, "2026-12-25") == set()


def test_overlapping_and_adjoining_days_make_one_closure(db):
    school = storage.create_school(db, "Hillmead", "UA")
    storage.add_member(db, school.id, "UA", added_by="UA")
    closures.mark_closed(db, "UA", "22 Dec 2026 to 24 Dec 2026", TODAY)
    closures.mark_closed(db, "UA", "2026-12-22 - 2026-12-24", TODAY)  # the same, typed again
    closures.mark_closed(db, "UA", "25 Dec 2026", TODAY)  # the day after: joined
    found = closures.mark_closed(db, "UA", "23 Dec 2026 to 2 Jan 2027", TODAY)
    closures.mark_closed(db, "UA", "16 Feb 2027", TODAY)  # apart: its own
    assert found.added == storage.ClosedDays("2026-12-22", "2027-01-02")
    assert closures.closed_days(db, "UA", TODAY).upcoming == [
        storage.ClosedDays("2026-12-22", "2027-01-02"),
        storage.ClosedDays("2027-02-16", "2027-02-16"),
    ]
