"""The review rounds' surfaces: the form, the news, the reminders, the Home line, a nudge."""

from __future__ import annotations

from datetime import date

import pytest

from bot import ids
from bot.blocks.home import build_home
from bot.blocks.rounds import nudged, round_line, round_modal, round_news, round_reminder
from core.round_reminders import Item, RoundReminder
from core.rounds import Announcement, Nudged, RoundPlace, RoundQuestion
from core.stages import Stage
from playground import render
from storage.alliances import Alliance
from storage.records import Cycle, School
from storage.rounds import Round
from tests.bot.blocks.conftest import SCHOOL, check

HOSTILE = "East <Midlands> & *TSA* " + "x" * 56  # 80 characters, as a name may be
ALLIANCE = Alliance(id=7, name=HOSTILE, created_by="ULEAD", created_at="2026-11-01T09:00:00")
ROUND = Round(7, 7, 2, "2027-03-12", "2027-03-26", "2027-04-23", "ULEAD", "2027-02-01T09:00:00")
HILL = School(id=1, name="Hillmead", created_by="UA", created_at="2026-11-01T09:00:00")
OAK = School(id=2, name="Oak & <Field>", created_by="UB", created_at="2026-11-01T09:00:00")


def item(school, stage, due, *, own=False, judged=5, channel="C100"):
    return Item(school, stage, due, own, judged, channel)


def test_the_form_offers_three_dates_within_slacks_limits():
    question = RoundQuestion(
        ALLIANCE,
        12,
        80,
        {
            "self_due": date(2026, 12, 16),
            "challenge_due": date(2026, 12, 30),
            "outcomes_due": date(2027, 1, 20),
        },
    )
    view = round_modal(question)
    check(view, "modal")
    assert render.problems(view, kind="modal") == []
    pickers = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert {k: (v["type"], v["initial_date"]) for k, v in pickers.items()} == {
        ids.BLOCK_SELF_DUE: ("datepicker", "2026-12-16"),
        ids.BLOCK_CHALLENGE_DUE: ("datepicker", "2026-12-30"),
        ids.BLOCK_OUTCOMES_DUE: ("datepicker", "2027-01-20"),
    }
    intro = view["blocks"][0]["text"]["text"]
    assert "East &lt;Midlands&gt; &amp;" in intro
    assert "80 schools" in intro


def test_a_school_is_told_the_dates_with_a_button_to_begin():
    cycle = Cycle(9, 2, 3, "f", "1", "in_progress", "ULEAD", "2027-02-01T09:00:00")
    news = round_news(Announcement(ALLIANCE, ROUND, OAK, cycle))
    check(news, "message")
    assert news["text"].startswith("*East &lt;Midlands&gt; &amp; *TSA* ")
    assert (
        "opened review round 2. Self-evaluation due *Friday 12 March*, challenge by "
        "*Friday 26 March*, outcomes by *Friday 23 April*. Oak &amp; &lt;Field&gt; reviews in "
        "cycle 3." in news["text"]
    )
    assert ids.ACTION_START_REVIEW in str(news["blocks"])


def test_one_reminder_lists_everything_with_its_due_date():
    found = RoundReminder(
        ALLIANCE,
        ROUND,
        [
            item(OAK, Stage.SELF_EVALUATION, "2027-03-12", own=True, judged=3),
            item(HILL, Stage.CHALLENGE, "2027-03-26"),
            item(OAK, Stage.OUTCOMES, "2027-03-01", own=True),
            item(HILL, Stage.AGREEING, "2027-04-23", channel=None),
        ],
        date(2027, 3, 5),
        5,
    )
    content = round_reminder(found)
    check(content, "message")
    lines = content["text"].splitlines()
    assert lines[0].startswith("A reminder: in *East &lt;Midlands&gt;")
    assert lines[1:] == [
        "• Finish Oak &amp; &lt;Field&gt;'s self-evaluation (3 of 5 areas judged); "
        "due Friday 12 March",
        "• Hillmead's summary in <#C100> is waiting for your challenge; due Friday 26 March",
        "• Record Oak &amp; &lt;Field&gt;'s agreed outcomes; was due Monday 1 March",
        "• Hillmead's outcomes are waiting for your agreement; due Friday 23 April",
        "(Round reminders come at most once a week.)",
    ]
    assert round_reminder(found, by="ULEAD")["text"].startswith(
        "<@ULEAD> asked me to remind you: in "
    )


@pytest.mark.parametrize(
    ("people", "stage", "says"),
    [
        (["UA", "UB"], Stage.SELF_EVALUATION, "reminded <@UA> and <@UB> to finish the self-eval"),
        (["UA", "UB", "UC"], Stage.CHALLENGE, "<@UA>, <@UB> and <@UC> to challenge Oak &amp;"),
        (["UA"], Stage.AGREEING, "reminded <@UA> to agree Oak &amp; &lt;Field&gt;'s outcomes."),
    ],
)
def test_the_lead_hears_who_was_nudged(people, stage, says):
    text = nudged(Nudged(OAK, stage, people))["text"]
    assert text.startswith("Nudged Oak &amp; &lt;Field&gt;: reminded ")
    assert says in text


@pytest.mark.parametrize(
    ("stage", "today", "says"),
    [
        (
            Stage.CHALLENGE,
            date(2027, 3, 21),
            "you're at peer challenge · due Friday 26 March (in 5 days)",
        ),
        (
            Stage.SELF_EVALUATION,
            date(2027, 3, 25),
            "you're at self-evaluation · due Friday 26 March (in 1 day)",
        ),
        (Stage.OUTCOMES, date(2027, 3, 26), "due today, Friday 26 March"),
        (Stage.OUTCOMES, date(2027, 3, 29), "you're at outcomes · overdue since Friday 26 March"),
    ],
)
def test_the_home_line_says_where_the_school_is_against_the_date(stage, today, says):
    line = round_line(RoundPlace("East Midlands TSA", 2, stage, "2027-03-26", today))
    text = line["elements"][0]["text"]
    assert text.startswith("Round 2 of East Midlands TSA · ")
    assert text.endswith(says)


def test_the_home_tab_shows_the_line_under_its_title(framework):
    place = RoundPlace(HOSTILE, 2, Stage.DONE, None, date(2027, 3, 21))
    home = build_home(framework, school=SCHOOL, round_place=place)
    check(home, "home")
    assert home["blocks"][1]["block_id"] == "round"
    assert home["blocks"][1]["elements"][0]["text"].endswith("· outcomes agreed")
    assert "round" not in [
        b.get("block_id") for b in build_home(framework, school=SCHOOL)["blocks"]
    ]
