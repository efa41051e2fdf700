from __future__ import annotations

import json

import storage
from bot import ids
from tests.bot.conftest import TRIO, event_body, judgement_values, setup_values
from tests.bot.trio_setup import form_trio


def open_home(workspace, user):
    workspace.dispatch(
        event_body(
            {"type": "app_home_opened", "user": user, "channel": "D1", "tab": "home"},
            f"EvHome{user}{len(workspace.slack.calls)}",
        )
    )
    view = workspace.slack.called("views.publish")[-1]["view"]
    return json.loads(view) if isinstance(view, str) else view


def buttons(view):
    actions = next(b for b in view["blocks"] if b.get("block_id") == "home_actions")
    return [e["text"]["text"] for e in actions["elements"]]


def judge_all(workspace, user, levels):
    for level in levels:
        workspace.click(user, workspace.last_area(), f"{ids.ACTION_CHOOSE_LEVEL}_{level}")
        workspace.submit(
            user,
            workspace.last_view(),
            judgement_values(level, "ev", key_actions="Grow the SLE team" if level < 3 else ""),
        )


def test_someone_with_no_school_is_shown_how_to_set_one_up(workspace):
    view = open_home(workspace, "UNEW")
    assert buttons(view) == ["Set up your school"]
    assert "You're not in a school yet" in json.dumps(view)


def test_mid_cycle_dashboard(workspace):
    workspace.command("UA1", "setup")
    workspace.submit("UA1", workspace.last_view(), setup_values("Hillmead"))
    assert buttons(open_home(workspace, "UA1")) == ["Start the review", "Edit your school"]
    workspace.command("UA1", "start")
    judge_all(workspace, "UA1", (3, 2))
    view = open_home(workspace, "UA1")
    text = json.dumps(view, ensure_ascii=False)
    assert "Review cycle 1" in text
    assert "2 of 5 areas judged ■■□□□" in text
    assert "Still to judge: ITT, CPD, S2SS" in text
    assert buttons(view) == [
        "Continue the review",
        "Edit your school",
        "Export the diagnostic",
        "Report for governors (PDF)",
    ]
    # "Continue the review" from Home (no response_url): the next area arrives by DM.
    workspace.click_home("UA1", ids.ACTION_START_REVIEW)
    latest = [p["text"] for p in workspace.posts("UA1")[-2:]]
    assert any(t.startswith("Area 3 of 5 · Initial Teacher Training: choose") for t in latest)
    assert any(t.startswith("Opening Area 3 of 5") for t in latest)


def test_after_two_cycles(workspace, store):
    form_trio(workspace, [("UA1", "Hillmead"), ("UB1", "Oakfield")])
    workspace.command("UA1", "start")
    judge_all(workspace, "UA1", (2, 2, 2, 2, 2))
    view = open_home(workspace, "UA1")
    assert buttons(view)[0] == "Start a new cycle"
    # Starting the new cycle from Home: one confirmation, the same form as the command's.
    actions = next(b for b in view["blocks"] if b.get("block_id") == "home_actions")
    button = actions["elements"][0]
    assert "confirm" not in button
    workspace.act(
        "UA1",
        {"type": "button", "action_id": ids.ACTION_NEW_CYCLE, "value": button["value"]},
        response_url=None,
    )
    form = workspace.last_view()
    assert form["submit"]["text"] == "Start cycle 2"
    ack = workspace.submit("UA1", form, {})
    assert "Review cycle 2 started for *Hillmead*" in ack["view"]["blocks"][0]["text"]["text"]
    judge_all(workspace, "UA1", (3, 2, 1, 2, 4))
    with store.connect() as db:
        cycle = storage.current_cycle(db, storage.find_school(db, "Hillmead").id)
    workspace.click("UB1", (TRIO, cycle.summary_ts), ids.ACTION_OPEN_CHALLENGE)
    from tests.bot.conftest import challenge_state

    workspace.submit("UB1", workspace.last_view(), challenge_state("s2ss"))
    text = json.dumps(open_home(workspace, "UA1"), ensure_ascii=False)
    assert "Review cycle 2" in text
    assert "(+0.4 since cycle 1)" in text
    assert "*Leadership* — Secure (3) ↑ from Expanding (2)" in text
    assert "*S2SS* — Sustainable (4) ↑ from Expanding (2) · 💬 1 open" in text
    assert "1. ITT — Emerging (1)\\n      • Grow the SLE team" in text
    # Export from Home: the workbook arrives in the DM.
    workspace.click_home("UA1", ids.ACTION_EXPORT)
    assert workspace.slack.called("files.completeUploadExternal")[-1]["channel_id"] == "DA1"
