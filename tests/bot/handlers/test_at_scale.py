"""Setup and ratings through Slack among 20,000 schools (tests.scale, a copy per test): the
partner picker finds any school by part of its name, and refuses option values it never
offered; a ratings question finds a partner by a loose name, any other school only by its
exact one, and reveals nothing forgivingly."""

from __future__ import annotations

import pytest

import storage
from bot import ids
from storage.store import Store
from tests.bot.conftest import setup_values
from tests.bot.trio_setup import search
from tests.conftest import SCHOOLS
from tests.scale import copy_of, member, school_name, trio_of


@pytest.fixture
def store(many_schools, tmp_path) -> Store:
    return Store(copy_of(many_schools, tmp_path))


def test_the_picker_finds_any_of_20000_schools_by_part_of_its_name(workspace):
    last = max((school_name(i) for i in range(SCHOOLS)), key=str.lower)
    assert search(workspace, member(5), last[4:].lower()) == [(last, str(_id(workspace, last)))]
    offered = search(workspace, member(5), "hill")
    assert len(offered) == 100  # Slack shows at most 100
    assert all(len(name) <= 75 for name, _ in offered)
    assert school_name(5) not in [n for n, _ in search(workspace, member(5), school_name(5))]


def _id(workspace, name: str) -> int:
    with workspace.bot.services.store.connect() as db:
        return storage.find_school(db, name).id


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("999999", "One of the schools you chose no longer exists."),  # never offered: none such
        ("0", "Choose partners from the list."),
        ("-3", "Choose partners from the list."),
        ("007", "Choose partners from the list."),
        (" 7", "Choose partners from the list."),
        ("\uff17", "Choose partners from the list."),  # a full-width 7
        ("9" * 30, "Choose partners from the list."),  # past any id SQLite can hold
        ("7; DROP TABLE schools", "Choose partners from the list."),
        ("Hillmead", "Choose partners from the list."),
    ],
)
def test_a_forged_partner_is_refused_with_a_plain_message(workspace, value, said):
    workspace.command("UNEW1", "setup")
    values = setup_values("Newbridge Academy", channel="CNEW0001")
    values[ids.BLOCK_PARTNERS][ids.ACTION_PARTNERS]["selected_options"] = [{"value": value}]
    ack = workspace.submit("UNEW1", workspace.last_view(), values)
    assert ack == {"response_action": "errors", "errors": {ids.BLOCK_PARTNERS: said}}
    with workspace.bot.services.store.connect() as db:
        assert storage.find_school(db, "Newbridge Academy") is None  # nothing half-made


def test_ratings_find_a_partner_loosely_and_any_other_school_only_by_its_name(workspace):
    me, partner, stranger = member(9_001), school_name(trio_of(9_001, SCHOOLS)[0]), 15_000
    word = partner.split()[0]
    assert workspace.command(me, f"ratings {word[:2]}{word[3:]}")["text"].startswith(partner)
    exact = workspace.command(me, f"ratings {school_name(stranger).lower()}")["text"]
    assert exact.startswith(f"Sorry, you can't see {school_name(stranger)}'s ratings")
    typo = workspace.command(me, f"ratings {school_name(stranger)[:-1]}")["text"]
    assert typo.startswith(f"I don't know a school called “{school_name(stranger)[:-1]}”")
    assert all(school_name(i) in typo for i in trio_of(9_001, SCHOOLS))
