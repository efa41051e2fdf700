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
    assert "1 challenge to resolve with this decision" in json.dumps(view)
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


def as_slack_sends(view):
    """The state of a reopened form submitted untouched: each input's initial value."""
    state = {}
    for block in view["blocks"]:
        element = block.get("element") or {}
        if block.get("type") != "input":
            continue
        if "initial_option" in element:
            entry = {"type": element["type"], "selected_option": element["initial_option"]}
        else:
            entry = {"type": element["type"], "value": element.get("initial_value")}
        state[block["block_id"]] = {element["action_id"]: entry}
    return state


def decision_of(view, area_id):
    block = next(
        b for b in view["blocks"] if b.get("block_id") == f"{ids.BLOCK_DECISION}_{area_id}"
    )
    chosen = block["element"].get("initial_option")
    return chosen["text"]["text"] if chosen else None


def reason_of(view, area_id):
    block = next(b for b in view["blocks"] if b.get("block_id") == f"{ids.BLOCK_REASON}_{area_id}")
    return block["element"].get("initial_value")


def test_the_outcomes_form_reopens_with_what_was_saved(workspace, store, summary):
    state = outcome_state(
        {"itt": ("3", "Partners showed our SD reach"), "cpd": ("stands", "Evaluated twice")},
        agreed=("Strong CPD model", "S2SS strategy"),
    )
    assert workspace.submit("UA2", open_outcomes(workspace, "UA2", summary), state) == {}
    view = open_outcomes(workspace, "UA1", summary)
    assert decision_of(view, "itt") == "Revised to Secure (3), as agreed"
    itt = next(b for b in view["blocks"] if b.get("block_id", "").endswith("_itt"))
    offered = [o["text"]["text"] for o in itt["element"]["options"]]
    assert "Stands: Secure (3)" not in offered  # the agreed revision is not blurred
    assert reason_of(view, "itt") == "Partners showed our SD reach"
    assert decision_of(view, "cpd") == "Stands: Sustainable (4)"
    assert reason_of(view, "cpd") == "Evaluated twice"
    with store.connect() as db:
        summary_ts = storage.get_cycle(db, summary.id).summary_ts
    shown = workspace.slack.messages[(TRIO, summary_ts)]
    assert "_Stands after challenge: Evaluated twice_" in json.dumps(shown, ensure_ascii=False)
    assert decision_of(view, "leadership") is None  # never decided: still "No decision yet"
    texts = json.dumps(view)
    assert "Strong CPD model" in texts
    assert "S2SS strategy" in texts
    # Saved again untouched: nothing is revised twice, nothing is lost.
    assert workspace.submit("UA1", view, as_slack_sends(view)) == {}
    with store.connect() as db:
        assert [h.kind for h in storage.history_for(db, summary.id, "itt")] == [
            "self_evaluation",
            "after_challenge",
        ]
        outcomes = storage.area_outcomes_for(db, summary.id)
        assert (outcomes["itt"].decision, outcomes["itt"].level) == ("revised", 3)
        assert outcomes["cpd"].decision == "stands"
        assert storage.scores_for(db, summary.id)["itt"] == 3


def test_completed_by_is_who_judged_in_the_order_they_first_judged(workspace, store, framework):
    from core import standing
    from tests.bot.conftest import judgement_values
    from tests.bot.trio_setup import form_trio

    form_trio(workspace, [("UA1", "Hillmead", ("UA2",)), ("UB1", "Oakfield")])
    workspace.command("UA1", "start")
    for user, level in (("UA1", 3), ("UA1", 3), ("UA2", 2), ("UA2", 4), ("UA1", 2)):
        workspace.click(user, workspace.last_area(), f"{ids.ACTION_CHOOSE_LEVEL}_{level}")
        workspace.submit(user, workspace.last_view(), judgement_values(level, "ev"))
    with store.connect() as db:
        cycle = storage.current_cycle(db, storage.find_school(db, "Hillmead").id)
    view = open_outcomes(workspace, "UA2", cycle)  # UA2 revises Leadership after challenge
    revision = outcome_state({"leadership": ("4", "Partners' evidence")})
    assert workspace.submit("UA2", view, revision) == {}
    with store.connect() as db:
        found = standing.of_cycle(db, framework, storage.get_cycle(db, cycle.id))
    assert found.completed_by == ("UA1", "UA2")
    summary = [c for c in workspace.slack.called("chat.update") if c["ts"] == cycle.summary_ts]
    assert "Completed by <@UA1>, <@UA2>" in json.dumps(summary[-1]["blocks"])


def test_a_revised_area_shows_its_new_level_in_its_own_message_too(
    workspace, slack, store, summary
):
    from storage import messages

    with store.connect() as db:
        live = messages.area_message(db, summary.id, "itt")
        cpd = messages.area_message(db, summary.id, "cpd")
    before = slack.messages[(live.channel_id, live.ts)]["blocks"][0]["text"]["text"]
    assert "Expanding (2)" in before
    view = open_outcomes(workspace, "UA2", summary)
    state = outcome_state({"itt": ("3", "Partners showed our SD reach")})
    assert workspace.submit("UA2", view, state) == {}
    after = slack.messages[(live.channel_id, live.ts)]["blocks"][0]["text"]["text"]
    assert "✅ *Secure (3)*" in after  # as the summary says: not the level before the challenge
    assert (
        "Sustainable (4)" in slack.messages[(cpd.channel_id, cpd.ts)]["blocks"][0]["text"]["text"]
    )
