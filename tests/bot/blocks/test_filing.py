"""The note a reply's author gets: where it was filed, and the menu to file it elsewhere."""

from __future__ import annotations

import json
from dataclasses import replace

from bot.blocks.filing import filed_note, where_filed
from core.challenges import Filing
from storage.records import Challenge
from tests.bot.blocks.conftest import SCHOOL, check

SHORT = replace(SCHOOL, name="Hillmead")
REPLY = Challenge(
    id=5,
    cycle_id=7,
    area_id="itt",
    author_id="UB1",
    author_school_id=2,
    kind="challenge",
    text="ITT: mentor time is thin",
    view=None,
    suggested_level=None,
    status="open",
    channel_id="CTRIO",
    ts="2000.1",
    thread_ts="1000.1",
    created_at="2026-11-24T09:00:00+00:00",
    edited_at=None,
    deleted_at=None,
)


def filed(framework, area_id="itt", judged=None, **changes):
    challenge = replace(REPLY, area_id=area_id, **changes)
    area = framework.area(area_id) if area_id and framework.has_area(area_id) else None
    return Filing(challenge=challenge, reviewed=SHORT, area=area, judged=judged, set_aside=False)


def chosen(note):
    menu = note["blocks"][0]["accessory"]
    return json.loads(menu["initial_option"]["value"])["a"] if "initial_option" in menu else None


def test_a_challenge_names_the_level_it_challenges(framework):
    assert where_filed(framework, filed(framework, judged=2)) == (
        "Filed under *ITT* as a challenge to Hillmead's Expanding (2)."
    )


def test_an_area_not_yet_judged_is_named_as_such(framework):
    assert where_filed(framework, filed(framework)) == (
        "Filed under *ITT*, challenging Hillmead's ITT (not yet judged)."
    )


def test_the_menu_shows_where_it_is_filed_by_the_options_value(framework):
    assert chosen(filed_note(framework, filed(framework, "cpd", judged=4))) == "cpd"
    assert chosen(filed_note(framework, filed(framework, None))) == "general"


def test_an_area_the_framework_no_longer_has_shows_no_choice(framework):
    note = filed_note(framework, filed(framework, "citizenship"))
    assert chosen(note) is None
    assert note["text"] == (
        "Filed under an area that is no longer in the framework. Choose where it belongs below."
    )
    options = note["blocks"][0]["accessory"]["options"]
    assert [json.loads(o["value"])["a"] for o in options][-3:] == ["s2ss", "general", "none"]
    check(note, "message")
