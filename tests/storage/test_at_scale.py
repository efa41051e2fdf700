"""Among 20,000 schools (tests.scale): the partner search, the lookup of a school by its
name, and the reminder sweep's query find what they should; the lookup and the sweep read
only the rows they are about, never a table from end to end."""

from __future__ import annotations

from datetime import timedelta

import storage
from storage.reminders import unfinished_cycles
from tests.scale import DAYS, NOW, read, school_name


def names(db, typed: str) -> list[str]:
    return [s.name for s in storage.search_schools(db, typed, most=100)]


def test_a_school_deep_in_the_alphabet_is_found_by_part_of_its_name(at_scale):
    last = at_scale.execute("SELECT name FROM schools ORDER BY name COLLATE NOCASE").fetchall()[-1][
        0
    ]
    assert last.startswith("Willow")
    assert names(at_scale, last[4:].upper()) == [last]  # any part, any case


def test_the_search_offers_at_most_the_number_asked_those_starting_with_it_first(at_scale):
    found = names(at_scale, "hill")
    assert len(found) == 100  # of the 2,000 or so with "hill" in their name
    starting = [n for n in found if n.lower().startswith("hill")]
    assert starting
    assert found[: len(starting)] == starting
    assert all("hill" in n.lower() for n in found)
    assert found[len(starting) :] == sorted(found[len(starting) :], key=str.lower)


def test_percent_and_underscore_are_letters_not_wildcards(at_scale):
    assert len(names(at_scale, "a")) == 100
    for typed in ("%", "_", "Hill%mead", "Hill_ead", "\\"):
        assert names(at_scale, typed) == [], typed


def test_ones_own_school_is_left_out(at_scale):
    own = storage.find_school(at_scale, school_name(123))
    found = storage.search_schools(at_scale, own.name, most=100, excluding=own.id)
    assert own.id not in [s.id for s in found]
    assert storage.search_schools(at_scale, own.name, most=100) == [own]


def test_a_school_is_looked_up_by_its_exact_name_alone(at_scale):
    name = school_name(17_777)
    school, scanned = read(at_scale, lambda: storage.find_school(at_scale, f"  {name.upper()} "))
    assert (school.name, scanned) == (name, set())
    assert storage.find_school(at_scale, name[:-1]) is None


def test_the_sweep_reads_only_the_stalled_cycles(at_scale, framework):
    week_ago = (NOW - timedelta(days=DAYS)).isoformat(timespec="seconds")
    found, scanned = read(
        at_scale,
        lambda: unfinished_cycles(
            at_scale, framework.id, progress_before=week_ago, reminded_before=week_ago
        ),
    )
    assert scanned == set()
    assert 10 < len(found) < 200  # a few of the 20,000, as an hourly check finds them
    for cycle in found:
        assert cycle.last_progress_at <= week_ago
        assert (cycle.cycle.last_reminded_at or "") <= week_ago
    assert [c.last_progress_at for c in found] == sorted(c.last_progress_at for c in found)
