from __future__ import annotations

import json

from bot import ids
from bot.blocks.setup import build_setup_modal
from storage.records import School
from tests.bot.blocks.conftest import SCHOOL, check


def test_setup_modal_within_limits_with_many_long_named_schools():
    others = [
        School(id=n, name=f"{n:03} " + "N" * 76, created_by="U", created_at="x")
        for n in range(2, 140)
    ]
    view = build_setup_modal(
        school=SCHOOL,
        members=[f"U{n}" for n in range(50)],
        trio_channel="C1",
        others_exist=True,
        partners=others[:2],
    )
    check(view, "modal")
    partners = next(b for b in view["blocks"] if b.get("block_id") == ids.BLOCK_PARTNERS)
    assert len(partners["element"]["initial_options"]) == 2


def test_setup_modal_for_the_first_school():
    view = build_setup_modal(
        school=None, members=[], trio_channel=None, others_exist=False, partners=[]
    )
    check(view, "modal")
    assert view["title"]["text"] == "Set up your school"
    assert json.loads(view["private_metadata"]) == {"s": None}
    assert "No other school has set up yet" in json.dumps(view)
