from __future__ import annotations

import json

import pytest

import storage
from bot import ids
from tests.bot.conftest import TRIO, challenge_state, outcome_state


def open_outcomes(ws, user, summary):
    ws.click(user, (summary.summary_channel, summary.summary_ts), ids.ACTION_OPEN_OUTCOMES)
    return ws.last_view()


def test_a_revision_after_challenge_keeps_its_history(workspace, slack, store, summary):
    workspace.click("UB1", (TRIO, summary.summary_ts), ids.ACTION_OPEN_CHALLENGE)
    workspace.submit(
        "UB1",
        workspace.last_view(),
        challenge_state(view=None, level="3", comment="Your SD reach is Secure"),
    )
    view = open_outcomes(workspace, "UA2", summary)
    assert view["callback_id"] == ids.VIEW_OUTCOMES
    assert "1 challenge to resolve" in json.dumps(view)
    uploads = len(slack.called("files.completeUploadExternal"))
    state = {
        **outcome_state(
            {"itt": ("3", "Partners showed our SD reach"), "cpd": ("stands", "")},
            agreed=("Strong CPD model", "S2SS strategy"),
        ),
    }
    assert workspace.submit("UA2", view, state) == {}
    with store.connect() as db:
        itt = storage.history_for(db, summary.id, "itt")[-1]
        outcomes = storage.area_outcomes_for(db, summary.id)
        cycle_outcome = storage.cycle_outcome_for(db, summary.id)
        [challenge] = storage.challenges_for(db, summary.id)
    assert (itt.previous_level, itt.level, itt.kind, itt.reason, itt.changed_by) == (
        2,
        3,
        "after_challenge",
        "Partners showed our SD reach",
        "UA2",
    )
    assert {a: o.decision for a, o in outcomes.items()} == {"itt": "revised", "cpd": "stands"}
    assert (cycle_outcome.successes, cycle_outcome.improvements) == (
        "Strong CPD model",
        "S2SS strategy",
    )
    assert challenge.status == "resolved"
    update = [c for c in slack.called("chat.update") if c["ts"] == summary.summary_ts][-1]
    text = json.dumps(update["blocks"], ensure_ascii=False)
    assert "Expanding → Secure after challenge by <@UB1>: Partners showed our SD reach" in text
    assert "*Successes:* Strong CPD model" in text
    assert "Peer challenged by <@UB1>" in text
    assert "mean 3.0" in text
    assert "Overall: Secure (3)" in text
    posts = [p for p in workspace.posts(TRIO) if "has joined this trio" not in p["text"]]
    assert len(posts) == 2  # the summary and the posted challenge, no more
    assert len(slack.called("files.completeUploadExternal")) == uploads + 1


def test_a_revision_needs_a_reason_inside_the_modal(workspace, store, summary):
    view = open_outcomes(workspace, "UA1", summary)
    ack = workspace.submit("UA1", view, outcome_state({"itt": ("3", "")}))
    assert "Say why the judgement is revised" in ack["errors"][f"{ids.BLOCK_REASON}_itt"]
    with store.connect() as db:
        assert storage.area_outcomes_for(db, summary.id) == {}
        assert len(storage.history_for(db, summary.id, "itt")) == 1


@pytest.mark.parametrize(
    ("state", "block", "says"),
    [
        (outcome_state({"itt": ("9", "r")}), f"{ids.BLOCK_DECISION}_itt", "Choose 'stands'"),
        (outcome_state({"itt": ("x", "r")}), f"{ids.BLOCK_DECISION}_itt", "Choose 'stands'"),
        (outcome_state({"itt": ("3", "r" * 3001)}), f"{ids.BLOCK_REASON}_itt", "3,001"),
        (outcome_state(agreed=("s" * 3001, "")), ids.BLOCK_SUCCESSES, "3,001"),
    ],
)
def test_bad_outcomes_are_refused_inside_the_modal(workspace, store, summary, state, block, says):
    ack = workspace.submit("UA1", open_outcomes(workspace, "UA1", summary), state)
    assert says in ack["errors"][block]
    with store.connect() as db:
        assert storage.area_outcomes_for(db, summary.id) == {}
        assert storage.cycle_outcome_for(db, summary.id) is None


def test_only_the_schools_members_record_outcomes(workspace, slack, store, summary):
    opened = len(slack.called("views.open"))
    workspace.click("UB1", (summary.summary_channel, summary.summary_ts), ids.ACTION_OPEN_OUTCOMES)
    assert len(slack.called("views.open")) == opened
    assert "Only members of Hillmead" in workspace.ephemeral_replies()[-1]
    view = open_outcomes(workspace, "UA1", summary)
    ack = workspace.submit("UB1", view, outcome_state({"itt": ("4", "taken over")}))
    assert "Only members of Hillmead" in ack["errors"][f"{ids.BLOCK_DECISION}_leadership"]
    with store.connect() as db:
        assert storage.scores_for(db, summary.id)["itt"] == 2


def test_forged_outcome_metadata_is_refused(workspace, store, summary):
    view = open_outcomes(workspace, "UA1", summary)
    ack = workspace.submit(
        "UA1", view, outcome_state({"itt": ("stands", "")}), private_metadata="{}"
    )
    assert "out of date" in ack["errors"][ids.BLOCK_SUCCESSES]
