"""Where the bot's messages are: one live message an area, the charts still to delete."""

from __future__ import annotations

import pytest

import storage
from storage import messages
from storage.erasure import erase_school_rows
from storage.messages import AreaMessage


@pytest.fixture
def cycle(db, framework):
    school = storage.create_school(db, "Hillmead", created_by="U1")
    return storage.start_cycle(db, school.id, framework, "U1")


def test_the_latest_message_of_an_area_is_its_live_one(db, cycle):
    assert messages.area_message(db, cycle.id, "itt") is None
    assert messages.area_posted(db, cycle.id, "itt", "C1", "1.0") is None
    assert messages.area_posted(db, cycle.id, "itt", "C1", "1.0") is None  # the same again
    replaced = messages.area_posted(db, cycle.id, "itt", "D1", "2.0")
    assert replaced == AreaMessage(cycle.id, "itt", "C1", "1.0", expanded=False)
    assert messages.area_message(db, cycle.id, "itt") == AreaMessage(
        cycle.id, "itt", "D1", "2.0", expanded=False
    )
    assert messages.area_message(db, cycle.id, "cpd") is None  # each area its own


def test_descriptors_shown_belong_to_the_live_message(db, cycle):
    messages.area_posted(db, cycle.id, "itt", "C1", "1.0")
    assert messages.set_expanded(db, cycle.id, "itt", "C1", "1.0", True)
    assert messages.area_message(db, cycle.id, "itt").expanded
    assert not messages.set_expanded(db, cycle.id, "itt", "C1", "0.5", False)  # an old copy
    assert messages.area_message(db, cycle.id, "itt").expanded
    messages.area_posted(db, cycle.id, "itt", "C1", "3.0")  # a new copy starts as one line
    assert not messages.area_message(db, cycle.id, "itt").expanded


def test_a_message_from_before_the_record_becomes_live_when_there_is_none(db, cycle):
    assert not messages.set_expanded(db, cycle.id, "cpd", "C1", "0.1", True)  # not known
    assert messages.area_message(db, cycle.id, "cpd") is None
    assert messages.set_expanded(db, cycle.id, "cpd", "C1", "0.1", True, adopt=True)
    assert messages.area_message(db, cycle.id, "cpd") == AreaMessage(
        cycle.id, "cpd", "C1", "0.1", expanded=True
    )
    assert not messages.set_expanded(db, cycle.id, "cpd", "C2", "0.2", True, adopt=True)


def test_a_copy_sent_by_dm_says_to_whom(db, cycle):
    messages.area_posted(db, cycle.id, "itt", "D1", "1.0", sent_to="U1")
    assert messages.area_message(db, cycle.id, "itt").sent_to == "U1"
    messages.area_posted(db, cycle.id, "itt", "C1", "2.0")
    assert messages.area_message(db, cycle.id, "itt").sent_to is None


def test_charts_replaced_are_the_cycles_others(db, cycle):
    messages.chart_uploaded(db, cycle.id, "F1", effect_id=10)
    messages.chart_uploaded(db, cycle.id, "F2", effect_id=11)
    messages.chart_uploaded(db, cycle.id, "F3", effect_id=12)
    assert messages.chart_of_effect(db, 11) == "F2"
    assert messages.chart_of_effect(db, 99) is None
    assert messages.charts_replaced(db, cycle.id, "F3") == ["F1", "F2"]
    messages.chart_deleted(db, "F1")
    assert messages.charts_replaced(db, cycle.id, "F3") == ["F2"]


def test_erasing_the_school_forgets_its_messages(db, cycle):
    messages.area_posted(db, cycle.id, "itt", "C1", "1.0")
    messages.chart_uploaded(db, cycle.id, "F1", effect_id=1)
    erased = erase_school_rows(db, cycle.school_id, "U1")
    assert (erased.counts["area_messages"], erased.counts["chart_files"]) == (1, 1)
    assert db.execute("SELECT COUNT(*) FROM area_messages").fetchone() == (0,)
    assert db.execute("SELECT COUNT(*) FROM chart_files").fetchone() == (0,)
