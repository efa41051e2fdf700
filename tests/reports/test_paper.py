"""Fitting a section to its lines: every group shown at the least it can be before any is
shown richer, what does not fit said to be left out; people named whole, the others
counted."""

from __future__ import annotations

import pytest

from reports.paper import BODY, Entry, Group, Paper, listed


@pytest.fixture
def paper():
    found = Paper()
    found.add_page()
    found.use(BODY)
    yield found
    found.close()


def area(name: str) -> Group:
    """A heading with a three-line and a one-line version of what it heads."""
    head = Entry(f"{name}: 1 challenge, open", bold=True)
    return Group(
        (
            (head, Entry("one\ntwo\nthree")),
            (head, Entry("one")),
            (head,),
        )
    )


def texts(entries: list[Entry]) -> list[str]:
    return [e.text for e in entries]


def test_everything_is_shown_when_it_fits(paper):
    shown, left_out = paper.fit([area("ITT"), area("CPD")], 80, 8)
    assert texts(shown) == [
        "ITT: 1 challenge, open",
        "one\ntwo\nthree",
        "CPD: 1 challenge, open",
        "one\ntwo\nthree",
    ]
    assert not left_out


def test_each_group_gets_its_least_before_any_gets_more(paper):
    groups = [area("ITT"), area("CPD"), area("S2SS")]
    assert paper.needs(groups, 80) == 12
    assert paper.needs(groups, 80, least=True) == 3
    shown, left_out = paper.fit(groups, 80, 6)  # a line kept for "more in the workbook"
    assert texts(shown) == [
        "ITT: 1 challenge, open",
        "one",
        "CPD: 1 challenge, open",
        "one",
        "S2SS: 1 challenge, open",
    ]
    assert left_out


def test_groups_that_do_not_fit_even_at_their_least_are_left_out_from_the_end(paper):
    shown, left_out = paper.fit([area("ITT"), area("CPD"), area("S2SS")], 80, 3)
    assert texts(shown) == ["ITT: 1 challenge, open", "CPD: 1 challenge, open"]
    assert left_out


def test_people_are_named_whole_and_the_others_counted(paper):
    people = ["Jo Patel", "Sam Okafor", "Priya Shah (Head, Oakfield Academy)"]
    assert listed(people) == "Jo Patel, Sam Okafor and Priya Shah (Head, Oakfield Academy)"
    assert listed(people[:1], 1) == "Jo Patel and 1 other"
    assert paper.names(people, 200) == listed(people)
    assert paper.names(people, 60, lead="From ", end=".") == "From Jo Patel and 2 others."
    cut = paper.names(["Dr Chloe Patel-Whitmore (Principal)", "Tom Ellis"], 45)
    assert cut.startswith("Dr Chloe")
    assert cut.endswith("… and 1 other")
    assert paper.get_string_width(cut) <= 45
