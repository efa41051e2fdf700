"""Agreed outcomes in Block Kit: the summary's line and button, the partner's form and the
DM to the school, with the longest text people can type."""

from __future__ import annotations

import json

import pytest

from bot import ids
from bot.blocks.agreement import agreement_news, build_agreement_modal
from bot.blocks.summary import build_summary
from core.agreements import AgreementNews
from storage.agreements import Agreement
from storage.records import AreaOutcome, CycleOutcome
from tests.bot.blocks.conftest import CYCLE, LONGEST, SCHOOL, check, judgement, standing_with

AT = "2026-11-24T09:00:00+00:00"
PROPOSED = Agreement(CYCLE.id, "proposed", "UA1", AT)
AGREED = Agreement(CYCLE.id, "agreed", "UA1", AT, "UB1", 2, AT, "", "Oakfield & <Co>")
RETURNED = Agreement(CYCLE.id, "returned", "UA1", AT, "UB1", 2, AT, LONGEST, "Oakfield")


def longest(framework, agreement):
    judgements = {a.id: judgement(a) for a in framework.areas}
    outcomes = {
        a.id: AreaOutcome(CYCLE.id, a.id, "stands", 4, LONGEST, "UA1", AT) for a in framework.areas
    }
    agreed = CycleOutcome(CYCLE.id, LONGEST, LONGEST, "UA1", AT)
    return standing_with(
        framework, judgements, outcomes=outcomes, agreed=agreed, agreement=agreement
    )


@pytest.mark.parametrize(
    ("agreement", "says", "button"),
    [
        (None, None, False),
        (PROPOSED, "*Outcomes proposed* by <@UA1> on <!date^", True),
        (AGREED, "*Outcomes agreed* by <@UB1> (Oakfield &amp; &lt;Co&gt;) on <!date^", False),
        (RETURNED, "*Returned* by <@UB1> (Oakfield): &amp;&lt;&gt;", False),
    ],
)
def test_the_summary_says_where_the_outcomes_stand(framework, agreement, says, button):
    summary = build_summary(framework, longest(framework, agreement))
    check(summary, "message")
    lines = [b["text"]["text"] for b in summary["blocks"] if b.get("block_id") == "agreement"]
    if says is None:
        assert lines == []
    else:
        [line] = lines
        assert line.startswith(says)
    assert (ids.ACTION_OPEN_AGREEMENT in json.dumps(summary)) is button


def test_the_form_and_the_news_keep_to_slacks_limits(framework):
    modal = build_agreement_modal(framework, longest(framework, PROPOSED))
    check(modal, "modal")
    assert modal["callback_id"] == ids.VIEW_AGREEMENT
    assert json.loads(modal["private_metadata"]) == {"c": CYCLE.id}
    for agreement in (AGREED, RETURNED):
        check(agreement_news(AgreementNews(SCHOOL, CYCLE, agreement)), "message")
