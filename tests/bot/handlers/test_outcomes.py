from __future__ import annotations

import json

import pytest

import storage
from bot import ids
from tests.bot.conftest import TRIO


def decisions(**areas: tuple[str, str]) -> dict:
    """decisions(itt=("3", "reason"), cpd=("stands", "")) as modal state."""
    state: dict = {}
    for area_id, (choice, reason) in areas.items():
        state[f"{ids.BLOCK_DECISION}_{area_id}"] = {
            ids.ACTION_DECISION: {"type": "static_select", "selected_option": {"value": choice}}
        }
        state[f"{ids.BLOCK_REASON}_{area_id}"] = {
            ids.ACTION_REASON: {"type": "plain_text_input", "value": reason or None}
        }
    return state


def agreed(successes: str, improvements: str) -> dict:
    return {
        ids.BLOCK_SUCCESSES: {
            ids.ACTION_SUCCESSES: {"type": "plain_text_input", "value": successes}
        },
        ids.BLOCK_IMPROVEMENTS: {
            ids.ACTION_IMPROVEMENTS: {"type": "plain_text_input", "value": improvements}
        },
    }


def open_outcomes(ws, user, summary):
    ws.click(user, (summary.summary_channel, summary.summary_ts), ids.ACTION_OPEN_OUTCOMES)
    return ws.last_view()


def challenge_itt(ws, summary):
    ws.click("UB1", (summary.summary_channel, summary.summary_ts), ids.ACTION_OPEN_CHALLENGE)
    ws.submit(
        "UB1",
        ws.last_view(),
        {
            ids.BLOCK_CHALLENGE_AREA: {
                ids.ACTION_CHALLENGE_AREA: {
                    "type": "static_select",
                    "selected_option": {"value": "itt"},
                }
            },
            ids.BLOCK_SUGGESTED_LEVEL: {
                ids.ACTION_SUGGESTED_LEVEL: {
                    "type": "static_select",
                    "selected_option": {"value": "3"},
                }
            },
            ids.BLOCK_COMMENT: {
                ids.ACTION_COMMENT: {"type": "plain_text_input", "value": "Your SD reach is Secure"}
            },
        },
    )


def test_a_revision_after_challenge_keeps_its_history(workspace, slack, store, summary):
    challenge_itt(workspace, summary)
    view = open_outcomes(workspace, "UA2", summary)
    assert view["callback_id"] == ids.VIEW_OUTCOMES
    assert "1 open challenge(s)" in json.dumps(view)
    uploads = len(slack.called("files.completeUploadExternal"))
    state = {
        **decisions(itt=("3", "Partners showed our SD reach"), cpd=("stands", "")),
        **agreed("Strong CPD model", "S2SS strategy"),
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
    assert len(workspace.posts(TRIO)) == 2  # the summary and the posted challenge, no more
    assert len(slack.called("files.completeUploadExternal")) == uploads + 1


def test_a_revision_needs_a_reason_inside_the_modal(workspace, store, summary):
    view = open_outcomes(workspace, "UA1", summary)
    ack = workspace.submit("UA1", view, decisions(itt=("3", "")))
    assert "Say why the judgement is revised" in ack["errors"][f"{ids.BLOCK_REASON}_itt"]
    with store.connect() as db:
        assert storage.area_outcomes_for(db, summary.id) == {}
        assert len(storage.history_for(db, summary.id, "itt")) == 1


@pytest.mark.parametrize(
    ("state", "block", "says"),
    [
        (decisions(itt=("9", "r")), f"{ids.BLOCK_DECISION}_itt", "Choose 'stands'"),
        (decisions(itt=("x", "r")), f"{ids.BLOCK_DECISION}_itt", "Choose 'stands'"),
        (decisions(itt=("3", "r" * 3001)), f"{ids.BLOCK_REASON}_itt", "3,001"),
        (agreed("s" * 3001, ""), ids.BLOCK_SUCCESSES, "3,001"),
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
    ack = workspace.submit("UB1", view, decisions(itt=("4", "taken over")))
    assert "Only members of Hillmead" in ack["errors"][f"{ids.BLOCK_DECISION}_leadership"]
    with store.connect() as db:
        assert storage.scores_for(db, summary.id)["itt"] == 2


def test_forged_outcome_metadata_is_refused(workspace, store, summary):
    view = open_outcomes(workspace, "UA1", summary)
    ack = workspace.submit("UA1", view, decisions(itt=("stands", "")), private_metadata="{}")
    assert "out of date" in ack["errors"][ids.BLOCK_SUCCESSES]
