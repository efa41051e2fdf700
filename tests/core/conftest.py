from __future__ import annotations

import pytest

import storage
from tests.conftest import judge_all


@pytest.fixture
def trio(db, framework):
    """Hillmead (UA, UA2) has judged every area Expanding and posted its summary in C100;
    Oakfield (UB) is its trio partner; Faraway (UX) is not."""
    hill = storage.create_school(db, "Hillmead", "UA")
    storage.add_member(db, hill.id, "UA2", added_by="UA")
    oak = storage.create_school(db, "Oakfield", "UB")
    storage.create_school(db, "Faraway", "UX")
    storage.set_trio(db, "C100", [hill.id, oak.id], "UA")
    cycle = storage.start_cycle(db, hill.id, framework, "UA")
    judge_all(db, framework, cycle.id, 2, user="UA", key_actions="k")
    cycle = storage.set_summary_message(db, cycle.id, "C100", "100.0")
    return hill, oak, cycle
