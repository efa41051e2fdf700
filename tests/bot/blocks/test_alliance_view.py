"""The lead's view in Block Kit (bot.blocks.alliance_view): an 80-school alliance fits
Slack's limits on the Home tab and in the message, page by page; what people typed is
escaped; the Nudge button is there only for a school stalled or late."""

from __future__ import annotations

import json
from datetime import date

import pytest

import storage
from bot import ids
from bot.blocks import alliance_view as blocks
from bot.blocks.home import build_home
from core import alliance_view, standing
from storage import rounds
from tests import scale
from tests.bot.blocks.conftest import check
from tests.conftest import judge_all

TODAY = scale.NOW.date()
HOSTILE = "<!channel> & <@U1> *Hill*"


@pytest.fixture(scope="module")
def eighty(tmp_path_factory, framework):
    """80 schools in 27 trios (tests.scale), all in one alliance led by ULEAD, in round 1
    (self-evaluation was due 20 Oct 2026: some are late)."""
    path = scale.build(tmp_path_factory.mktemp("eighty") / "a.db", 80, framework, cycles=2)
    db = storage.open_database(path)
    alliance_id = scale.alliance_of_all(db, "East Midlands TSA", "ULEAD", list(range(1, 81)))
    opened = rounds.open_round(
        db, alliance_id, self_due="2026-10-20", challenge_due="2026-11-20",
        outcomes_due="2026-12-18", opened_by="ULEAD",
    )  # fmt: skip
    for school_id in range(1, 81):
        cycle = storage.current_cycle(db, school_id)
        rounds.add_cycle(db, opened.id, school_id, cycle.id)
    yield db, alliance_id
    db.close()


def lines_of(page: list[dict]) -> list[str]:
    return [b["block_id"] for b in page if b.get("block_id", "").startswith("alliance_school_")]


def test_an_80_school_alliance_fits_every_page_of_the_home_tab_and_the_message(eighty, framework):
    db, alliance_id = eighty
    view = alliance_view.of_alliance(db, framework, "ULEAD", alliance_id, TODAY)
    assert len(view.schools) == 80
    assert len(view.groups) == 27
    split = blocks.pages(view)
    assert len(split) == 5  # 27 trios, six a page, one of them of two schools
    assert all(len(page) <= 6 and sum(len(g.schools) for g in page) <= 18 for page in split)
    member = storage.schools_of(db, scale.member(0))[0]  # the lead is also a school's member
    held = standing.of_school(db, framework, member.id)
    seen = []
    for page in range(len(split)):
        section = blocks.lead_section(framework, view, page)
        check(build_home(framework, alliance=section), "home")
        check(build_home(framework, school=member, standing=held, alliance=section), "home")
        message = blocks.alliance_message(framework, view, page)
        check(message, "message")
        seen += lines_of(message["blocks"])
    assert sorted(seen) == sorted(f"alliance_school_{n}" for n in range(1, 81))  # each once


def test_the_page_buttons_turn_to_the_next_and_previous_page(eighty, framework):
    db, alliance_id = eighty
    view = alliance_view.of_alliance(db, framework, "ULEAD", alliance_id, TODAY)
    first, middle, last = (blocks.lead_section(framework, view, p) for p in (0, 2, 99))
    turns = [
        [(e["text"]["text"], json.loads(e["value"])) for e in b["elements"]]
        for page in (first, middle, last)
        for b in page
        if b.get("block_id") == "alliance_pages"
    ]
    assert turns == [
        [("Next trios ›", {"a": alliance_id, "p": 1})],  # noqa: RUF001
        [("‹ Previous", {"a": alliance_id, "p": 1}), ("Next trios ›", {"a": alliance_id, "p": 3})],  # noqa: RUF001
        [("‹ Previous", {"a": alliance_id, "p": 3})],  # noqa: RUF001 - a page past the end: the last
    ]
    page_ids = [
        e["action_id"]
        for b in middle
        if b.get("block_id") == "alliance_pages"
        for e in b["elements"]
    ]
    assert page_ids == [f"{ids.ACTION_ALLIANCE_PAGE}_1", f"{ids.ACTION_ALLIANCE_PAGE}_3"]


def test_the_header_says_the_round_its_dates_and_the_counts(eighty, framework):
    db, alliance_id = eighty
    view = alliance_view.of_alliance(db, framework, "ULEAD", alliance_id, TODAY)
    section = blocks.lead_section(framework, view)
    assert section[0]["text"]["text"] == "Alliance · East Midlands TSA"
    assert section[1]["elements"][0]["text"] == (
        "Round 1 · self-evaluation due Tuesday 20 October · challenge due Friday 20 November"
        " · outcomes due Friday 18 December"
    )
    counts = next(b for b in section if b.get("block_id") == "alliance_counts")["text"]["text"]
    assert counts.startswith("*80 schools* · ")
    assert f"{view.by_stage[alliance_view.Stage.SELF_EVALUATION]} self-evaluating" in counts
    levels = next(b for b in section if b.get("block_id") == "alliance_levels")["text"]["text"]
    itt = view.distribution["itt"]
    assert (
        f"ITT: 🟥 {itt[1]}  🟧 {itt[2]}  🟨 {itt[3]}  🟩 {itt[4]}  ⬜ {80 - sum(itt.values())}"
        in levels
    )
    shift = next(b for b in section if b.get("block_id") == "alliance_shift")["text"]["text"]
    assert shift.startswith("*Shift since each school's previous cycle* (mean level): Leadership ")


def test_a_school_line_shows_its_squares_stage_and_a_nudge_only_when_late_or_quiet(db, framework):
    hill = storage.create_school(db, HOSTILE, "UA")
    quiet = storage.create_school(db, "Quiet Primary", "UQ")
    made = storage.alliances.create_alliance(db, "East <b>", "ULEAD")
    for school, by in ((hill, "UA"), (quiet, "UQ")):
        asked = storage.alliances.invite_to_alliance(db, made.id, school.id, "ULEAD")
        storage.alliances.answer_alliance_invitation(db, asked.id, "accepted", by)
    cycle = storage.start_cycle(db, hill.id, framework, "UA")
    judge_all(db, framework, cycle.id, [1, 2, 3, 4, 1], user="UA")
    storage.start_cycle(db, quiet.id, framework, "UQ")
    storage.alliances.create_alliance(db, "West & <!here>", "ULEAD")
    later = date.fromordinal(date.today().toordinal() + 12)
    view = alliance_view.of_alliance(db, framework, "ULEAD", made.id, later)
    message = blocks.alliance_message(framework, view)
    check(message, "message")
    text = json.dumps(message)
    assert "<!channel>" not in text
    assert "<!here>" not in text
    assert "<@U1>" not in text
    lines = {
        b["block_id"]: b
        for b in message["blocks"]
        if b.get("block_id", "").startswith("alliance_school_")
    }
    hill_line = lines[f"alliance_school_{hill.id}"]
    assert hill_line["text"]["text"] == (  # no partners: its outcomes are next
        "🟥🟧🟨🟩🟥  *&lt;!channel&gt; &amp; &lt;@U1&gt; *Hill** · cycle 1 · overall Expanding\n"
        "recording outcomes · quiet 12 days"
    )
    quiet_line = lines[f"alliance_school_{quiet.id}"]["text"]["text"]
    assert quiet_line == (
        "⬜⬜⬜⬜⬜  *Quiet Primary* · cycle 1\n"
        "self-evaluating, 0 of 5 areas judged · quiet 12 days"
    )
    nudges = [json.loads(b["accessory"]["value"]) for b in lines.values() if "accessory" in b]
    assert nudges == [{"s": hill.id}, {"s": quiet.id}]  # both quiet for 12 days
    early = blocks.alliance_message(
        framework, alliance_view.of_alliance(db, framework, "ULEAD", made.id, date.today())
    )
    assert "accessory" not in json.dumps(early)  # the control: nobody to nudge yet
    assert "You also lead *West &amp; &lt;!here&gt;*" in text
    assert message["text"].startswith("East &lt;b&gt;: 2 schools.")


def test_someone_who_leads_no_alliance_is_told_how_to_start_one():
    told = blocks.no_alliance()
    check(told, "message")
    assert "`/peer-review alliance setup`" in told["text"]
