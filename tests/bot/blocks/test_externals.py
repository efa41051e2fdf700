"""The messages about an external challenger, at every stage of the review, within Slack's
limits with the longest names, and escaped."""

from __future__ import annotations

import json
from dataclasses import replace

from bot import ids, limits
from bot.blocks.externals import about_them, external_message, listing
from core.externals import Challengers, Told
from tests.bot.blocks.conftest import CYCLE, SCHOOL

NAMED = replace(SCHOOL, name="St Mary's & <b>All Saints</b> " + "S" * 50)
TOLD = Told(
    school=NAMED,
    person="UEXT",
    by="UA",
    what="invited",
    to_them=True,
    lead_of=None,
    judged=CYCLE,
    summary=("CTRIO", "100.0"),
    trio_channel="CTRIO",
)
LINK = "https://school.slack.com/archives/CTRIO/p1000"


def shown(content):
    assert limits.problems(content, kind="message") == []
    return json.dumps(content, ensure_ascii=False)


def test_the_challenger_gets_the_link_the_channel_and_a_challenge_button():
    text = shown(external_message(TOLD, LINK))
    assert f"<{LINK}|St Mary's &amp; &lt;b&gt;All Saints&lt;/b&gt;" in text
    assert "is in <#CTRIO>" in text
    assert ids.ACTION_OPEN_CHALLENGE in text
    assert '{\\"c\\":7}' in text
    assert "<b>" not in text


def test_without_a_link_the_summary_is_named_and_before_judging_there_is_no_button():
    text = shown(external_message(TOLD, None))
    assert "'s summary is in <#CTRIO>" in text
    assert "archives" not in text
    waiting = shown(external_message(replace(TOLD, summary=None), None))
    assert "summary is on its way to its trio's channel" in waiting
    assert ids.ACTION_OPEN_CHALLENGE in waiting
    early = shown(external_message(replace(TOLD, judged=None, summary=None), None))
    assert "hasn't finished its self-evaluation yet" in early
    assert "in <#CTRIO>" in early
    assert ids.ACTION_OPEN_CHALLENGE not in early


def test_a_lead_is_named_as_one_and_members_hear_who_was_asked():
    lead = external_message(replace(TOLD, by="ULEAD", lead_of="North & South"), LINK)
    assert "<@ULEAD>, a lead of North &amp; South, asked you" in shown(lead)
    member = shown(external_message(replace(TOLD, to_them=False), None))
    assert "<@UA> of St Mary's &amp; &lt;b&gt;" in member
    assert "asked <@UEXT> to challenge" in member
    assert ids.ACTION_OPEN_CHALLENGE not in member


def test_asked_to_stop():
    stopped = shown(external_message(replace(TOLD, what="removed"), LINK))
    assert "asked you to stop challenging" in stopped
    assert ids.ACTION_OPEN_CHALLENGE not in stopped
    told = shown(external_message(replace(TOLD, what="removed", to_them=False), None))
    assert "asked <@UEXT> to stop challenging" in told


def test_the_list_and_a_refusal_about_someone():
    people = tuple(f"U{n:08}" for n in range(200))
    assert "<@U00000199>" in shown(listing(Challengers(NAMED, people), lead=True))
    assert "has no external challengers" in shown(listing(Challengers(NAMED, ()), lead=False))
    refused = shown(about_them("UEXT", "is already a member of A & B."))
    assert "<@UEXT> is already a member of A &amp; B." in refused
