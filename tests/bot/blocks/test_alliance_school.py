"""The alliance's builders for a school and a lead's form, with the longest content: within
Slack's limits, and what people typed escaped."""

from __future__ import annotations

import json
from dataclasses import replace

from bot.blocks.alliance_school import home_alliance, invitation_message, news
from bot.blocks.alliance_setup import build_alliance_saved, build_alliance_setup
from bot.blocks.home import build_home
from core.alliance_views import InvitationView, News, SetupForm
from core.alliances import ANSWERED_NEWS, LEAD_NEWS, LEFT_NEWS, Invited, SchoolPanel
from storage.alliances import Alliance, AllianceInvitation
from tests.bot.blocks.conftest import SCHOOL, check

ALLIANCE = Alliance(id=3, name="<!channel> & " + "A" * 67, created_by="U1", created_at="x")
INVITATION = AllianceInvitation(
    id=9, alliance_id=3, school_id=1, invited_by="ULEAD", state="waiting", created_at="x"
)
LEADS = [f"U{n:08}" for n in range(40)]


def test_an_invitation_and_the_news_fit_and_escape_the_names(framework):
    view = InvitationView(INVITATION, ALLIANCE, SCHOOL, LEADS, schools=80)
    message = invitation_message(view)
    check(message, "message")
    assert "<!channel>" not in json.dumps(message)
    assert "has 80 schools so far" in message["blocks"][0]["text"]["text"]
    assert "and 35 more" in message["blocks"][0]["text"]["text"]
    for what, state in (
        (ANSWERED_NEWS, "accepted"),
        (ANSWERED_NEWS, "declined"),
        (LEFT_NEWS, None),
        (LEAD_NEWS, None),
    ):
        told = news(News(what, ALLIANCE, SCHOOL, "U1", state))
        check(told, "message")
        assert "<!channel>" not in told["text"]


def test_a_schools_home_with_many_invitations_fits(framework):
    waiting = [Invited(replace(INVITATION, id=n), ALLIANCE, 1) for n in range(1, 41)]
    panel = SchoolPanel(SCHOOL, ALLIANCE, shares=True, invitations=waiting)
    blocks = home_alliance(panel)
    assert "its leads see levels, progress and evidence" in blocks[0]["text"]["text"]
    assert (
        blocks[-1]["elements"][0]["text"] == "…and 35 more invitations, shown as you answer these."
    )
    check(build_home(framework, school=SCHOOL, membership=panel), "home")


def test_the_alliance_form_and_its_answer_fit(framework):
    check(build_alliance_setup(SetupForm(None, [], 0, [])), "modal")
    form = build_alliance_setup(SetupForm(ALLIANCE, LEADS, 80, [SCHOOL] * 200))
    check(form, "modal")
    assert "and 180 more" in json.dumps(form)
    check(build_alliance_saved(ALLIANCE, [SCHOOL] * 200, LEADS, created=True), "modal")
    nothing = build_alliance_saved(ALLIANCE, [], [], created=False)
    assert "Nothing new to send" in json.dumps(nothing)
