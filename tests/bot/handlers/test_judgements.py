from __future__ import annotations

import json

import pytest

import storage
from bot import ids
from tests.bot.conftest import TRIO, judgement_values, setup_values
from tests.bot.trio_setup import form_trio, summary_posts

PNG = b"\x89PNG\r\n\x1a\n"


def level_button(level: int) -> str:
    return f"{ids.ACTION_CHOOSE_LEVEL}_{level}"


def judge(ws, user, level, evidence="We have evidence.", message=None, **values):
    """Click a level on an area message, then submit the modal; returns (ack, message)."""
    message = message or ws.last_post()
    ws.click(user, message, level_button(level))
    view = ws.last_view()
    assert view["callback_id"] == ids.VIEW_JUDGEMENT
    return ws.submit(user, view, judgement_values(level, evidence, **values)), message


@pytest.fixture
def trio(workspace):
    form_trio(workspace, [("UA1", "Hillmead", ("UA2",)), ("UB1", "Oakfield"), ("UC1", "Riverside")])
    return workspace


def ids_of(store, name="Hillmead"):
    with store.connect() as db:
        school = storage.find_school(db, name)
        return school.id, storage.current_cycle(db, school.id)


def test_a_school_completes_the_workbook_and_the_trio_sees_the_summary(
    trio, slack, store, framework
):
    ws = trio
    ws.command("UA1", "start")
    messages = []
    for number, level in enumerate([3, 2, 2, 4, 1], start=1):
        ack, message = judge(
            ws,
            "UA1",
            level,
            evidence=f"Evidence for area {number}",
            key_actions=f"Actions for area {number}",
            sources=(0, 1),
            links="https://example.org/plan",
        )
        assert ack == {}
        messages.append(message)
        updated = slack.messages[message]
        judged = next(b for b in updated["blocks"] if b.get("block_id") == "judged")
        assert f"*{framework.level_text(level)}* — recorded by <@UA1>" in judged["text"]["text"]
        if number == 2:  # a change of mind on Infrastructure
            ws.click("UA1", message, ids.ACTION_CHANGE_JUDGEMENT)
            view = ws.last_view()
            chosen = next(b for b in view["blocks"] if b.get("block_id") == ids.BLOCK_LEVEL)
            assert chosen["element"]["initial_option"]["value"] == "2"
            evidence = next(b for b in view["blocks"] if b.get("block_id") == ids.BLOCK_EVIDENCE)
            assert evidence["element"]["initial_value"] == "Evidence for area 2"
            posts_before = len(ws.posts())
            ack = ws.submit(
                "UA1",
                view,
                judgement_values(3, "Budget tracking is in place", key_actions="Refine costing"),
            )
            assert ack == {}
            # The change shows in place; Area 3 is not presented a second time.
            assert len(ws.posts()) == posts_before
            assert "*Secure (3)*" in json.dumps(slack.messages[message]["blocks"])
        if number < 5:
            nxt = slack.messages[ws.last_post()]
            assert nxt["blocks"][0]["text"]["text"].startswith(f"Area {number + 1} of 5")
            assert f"{number} of 5 areas judged" in json.dumps(nxt["blocks"][1])

    _school_id, cycle = ids_of(store)
    with store.connect() as db:
        scores = storage.scores_for(db, cycle.id)
        history = storage.history_for(db, cycle.id)
        infra = storage.judgements_for(db, cycle.id)["infrastructure"]
    assert scores == {"leadership": 3, "infrastructure": 3, "itt": 2, "cpd": 4, "s2ss": 1}
    assert [(h.area_id, h.previous_level, h.level) for h in history] == [
        ("leadership", None, 3),
        ("infrastructure", None, 2),
        ("infrastructure", 2, 3),
        ("itt", None, 2),
        ("cpd", None, 4),
        ("s2ss", None, 1),
    ]
    assert infra.evidence == "Budget tracking is in place"
    assert cycle.status == "judged"

    # The summary went to the trio channel once, with the chart in its thread.
    summaries = summary_posts(ws)
    assert len(summaries) == 1
    summary = summaries[0]
    assert summary["text"].startswith("Hillmead peer review summary (cycle 1): overall Expanding")
    assert "mean 2.6" in summary["text"]
    assert cycle.summary_channel == TRIO
    assert slack.called("files.getUploadURLExternal")[0]["filename"].endswith("cycle-1.png")
    assert next(iter(slack.uploads.values())).startswith(PNG)
    complete = slack.called("files.completeUploadExternal")[0]
    assert (complete["channel_id"], complete["thread_ts"]) == (TRIO, cycle.summary_ts)
    note = ws.posts("UA1")[-1]["text"]
    assert "All 5 areas are judged for Hillmead" in note
    assert f"Your summary is posted in <#{TRIO}>" in note

    # A later change updates the summary in place and re-posts the chart; no second summary.
    ws.command("UA2", "area s2ss")
    ws.click("UA2", ws.last_post(), ids.ACTION_CHANGE_JUDGEMENT)
    ack = ws.submit("UA2", ws.last_view(), judgement_values(2, "Two SLEs deployed"))
    assert ack == {}
    assert len(summary_posts(ws)) == 1
    updates = [c for c in slack.called("chat.update") if c["channel"] == TRIO]
    assert updates[-1]["ts"] == cycle.summary_ts
    assert "mean 2.8" in updates[-1]["text"]
    assert len(slack.called("files.completeUploadExternal")) == 2


def test_the_same_submission_twice_records_once(trio, store, slack):
    trio.command("UA1", "start")
    message = trio.last_post()
    trio.click("UA1", message, level_button(2))
    view = trio.last_view()
    values = judgement_values(2, "Same words")
    assert trio.submit("UA1", view, values) == {}
    assert trio.submit("UA1", view, values) == {}
    _, cycle = ids_of(store)
    with store.connect() as db:
        assert len(storage.history_for(db, cycle.id)) == 1


def test_a_partner_cannot_judge_for_another_school(trio, store, slack):
    trio.command("UA1", "start")
    message = trio.last_post()
    opened = len(slack.called("views.open"))
    trio.click("UB1", message, level_button(4))
    assert len(slack.called("views.open")) == opened
    assert (
        "Only members of Hillmead can record or change its judgements"
        in trio.ephemeral_replies()[-1]
    )
    # Nor by submitting a modal made for Hillmead.
    trio.click("UA1", message, level_button(4))
    ack = trio.submit("UB1", trio.last_view(), judgement_values(4, "Taken over"))
    assert "Only members of Hillmead" in ack["errors"][ids.BLOCK_LEVEL]
    _, cycle = ids_of(store)
    with store.connect() as db:
        assert storage.judgements_for(db, cycle.id) == {}


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("not json", "out of date"),
        ('{"c": 999, "a": "itt", "l": 2}', "no longer exists"),
        ('{"c": 99999999999999999999, "a": "itt", "l": 2}', "out of date"),  # past any row id
        ('{"c": CYCLE, "a": "finance", "l": 2}', "'finance' is not an area"),
        ('{"c": CYCLE, "a": "itt", "l": 9}', "9 is not a maturity level"),
        ('{"c": CYCLE, "a": "itt", "l": "3"}', "out of date"),
        ('{"c": CYCLE, "a": "itt", "l": 3, "admin": true}', "out of date"),
        ("x" * 4000, "out of date"),
    ],
)
def test_forged_button_values_are_refused(trio, store, slack, value, says):
    trio.command("UA1", "start")
    _, cycle = ids_of(store)
    opened = len(slack.called("views.open"))
    trio.click(
        "UA1", trio.last_post(), level_button(2), value=value.replace("CYCLE", str(cycle.id))
    )
    assert says in trio.ephemeral_replies()[-1]
    assert len(slack.called("views.open")) == opened


def test_another_schools_cycle_in_a_button_is_refused(trio, store):
    trio.command("UB1", "start")
    _, oak_cycle = ids_of(store, "Oakfield")
    trio.command("UA1", "start")
    forged = json.dumps({"c": oak_cycle.id, "a": "itt", "l": 3})
    trio.click("UA1", trio.last_post(), level_button(3), value=forged)
    assert "Only members of Oakfield" in trio.ephemeral_replies()[-1]


@pytest.mark.parametrize(
    ("values", "block", "says"),
    [
        (judgement_values(3, ""), ids.BLOCK_EVIDENCE, "is required"),
        (judgement_values(3, "   "), ids.BLOCK_EVIDENCE, "is required"),
        (judgement_values(3, "x" * 3001), ids.BLOCK_EVIDENCE, "3,001 characters"),
        (judgement_values(3, "ok", key_actions="k" * 3001), ids.BLOCK_KEY_ACTIONS, "3,001"),
        (judgement_values(7, "ok"), ids.BLOCK_LEVEL, "Choose one of the four levels"),
        (judgement_values(3, "ok", sources=(99,)), ids.BLOCK_LEVEL, "out of date"),
    ],
)
def test_bad_submissions_are_refused_inside_the_modal(trio, store, values, block, says):
    trio.command("UA1", "start")
    trio.click("UA1", trio.last_post(), level_button(3))
    ack = trio.submit("UA1", trio.last_view(), values)
    assert ack["response_action"] == "errors"
    assert says in ack["errors"][block]
    _, cycle = ids_of(store)
    with store.connect() as db:
        assert storage.judgements_for(db, cycle.id) == {}


@pytest.mark.parametrize(
    "metadata",
    [
        "",
        "{",
        '{"c": 1}',
        '{"c": "1", "a": "itt"}',
        '{"c": 424242, "a": "itt"}',
        '{"c": 1, "a": "x"}',
    ],
)
def test_forged_modal_metadata_is_refused(trio, store, metadata):
    trio.command("UA1", "start")
    trio.click("UA1", trio.last_post(), level_button(3))
    ack = trio.submit("UA1", trio.last_view(), judgement_values(3, "ok"), private_metadata=metadata)
    assert ack["response_action"] == "errors"
    assert ids.BLOCK_LEVEL in ack["errors"]
    _, cycle = ids_of(store)
    with store.connect() as db:
        assert storage.judgements_for(db, cycle.id) == {}


def test_changing_the_level_in_the_modal_shows_its_descriptors(trio, slack, framework):
    trio.command("UA1", "area itt")
    trio.click("UA1", trio.last_post(), level_button(2))
    view = trio.last_view()
    trio.act(
        "UA1",
        {
            "type": "static_select",
            "action_id": ids.ACTION_LEVEL_SELECT,
            "block_id": ids.BLOCK_LEVEL,
            "selected_option": {"value": "4"},
        },
        container={"type": "view", "view_id": "VMODAL"},
        view={**view, "id": "VMODAL", "hash": "h1"},
    )
    update = slack.called("views.update")[-1]
    assert update["view_id"] == "VMODAL"
    new = update["view"] if isinstance(update["view"], dict) else json.loads(update["view"])
    assert "*Sustainable (4)*" in json.dumps(new)
    assert new["private_metadata"] == view["private_metadata"]
    # Whose judgement it is stays in sight, at the top, whatever the level.
    for shown in (view, new):
        assert shown["blocks"][0]["elements"][0]["text"] == (
            "Recording for *Hillmead* · Initial Teacher Training"
        )


def test_the_next_levels_descriptors_are_a_list(trio, framework):
    trio.command("UA1", "area itt")
    trio.click("UA1", trio.last_post(), level_button(2))
    following = next(b for b in trio.last_view()["blocks"] if b.get("block_id") == "next_level")
    lines = following["elements"][0]["text"].splitlines()
    assert lines[0] == "*Next level, Secure (3):*"
    assert lines[1:] == [f"• {d}" for d in framework.area("itt").levels[3]]


def test_sources_ticked_in_each_group_are_recorded(trio, store, framework):
    itt = framework.area("itt")
    trio.command("UA1", "area itt")
    trio.click("UA1", trio.last_post(), level_button(3))
    view = trio.last_view()
    groups = {
        b["block_id"]: b["label"]["text"]
        for b in view["blocks"]
        if b.get("block_id", "").startswith(ids.BLOCK_SOURCES)
    }
    assert groups == {
        f"{ids.BLOCK_SOURCES}_0": "Possible sources of evidence you have (1 of 2)",
        f"{ids.BLOCK_SOURCES}_1": "Possible sources of evidence you have (2 of 2)",
    }
    values = judgement_values(3, "Recruitment is strong", sources=(0,))
    values[f"{ids.BLOCK_SOURCES}_1"] = {
        ids.ACTION_SOURCES: {"type": "checkboxes", "selected_options": [{"value": "10"}]}
    }
    assert trio.submit("UA1", view, values) == {}
    _, cycle = ids_of(store)
    with store.connect() as db:
        recorded = storage.judgements_for(db, cycle.id)["itt"]
    assert recorded.evidence_sources == (itt.evidence_sources[0], itt.evidence_sources[10])


def test_summary_refused_by_slack_loses_nothing(trio, slack, store):
    trio.command("UA1", "start")
    for level in (2, 2, 2, 2):
        judge(trio, "UA1", level)
    slack.fail("chat.postMessage", "not_in_channel")  # the summary is the next post
    ack, _ = judge(trio, "UA1", 3)
    assert ack == {}
    note = trio.posts("UA1")[-1]["text"]
    assert "Your judgements are saved, but I couldn't post the summary" in note
    assert "/invite @peer-review" in note
    _, cycle = ids_of(store)
    with store.connect() as db:
        assert len(storage.judgements_for(db, cycle.id)) == 5
    assert cycle.summary_ts is None
    # Once invited, /peer-review start posts it.
    ack = trio.command("UA1", "start")
    assert "All 5 areas are judged" in ack["text"]
    assert len(summary_posts(trio)) == 1
    assert f"Your summary is posted in <#{TRIO}>" in trio.posts("UA1")[-1]["text"]


def test_rate_limited_post_is_retried(trio, slack):
    slack.rate_limit("chat.postMessage")
    trio.command("UA1", "start")
    assert slack.methods().count("chat.postMessage") >= 2
    assert trio.posts()[-1]["blocks"][0]["text"]["text"] == "Area 1 of 5 · Leadership"


def test_full_evidence_for_partners_not_outsiders(trio, slack, store):
    trio.command("UA1", "start")
    for level in (3, 3, 3, 3, 3):
        judge(trio, "UA1", level, evidence="E" * 3000)
    summary = next(
        key
        for key in trio.slack.posted
        if key[0] == TRIO and ids.ACTION_FULL_EVIDENCE in str(trio.slack.messages[key]["blocks"])
    )
    trio.click("UB1", summary, ids.ACTION_FULL_EVIDENCE)
    view = trio.last_view()
    assert view["callback_id"] == ids.VIEW_FULL_EVIDENCE
    assert "E" * 2000 in json.dumps(view)
    opened = len(slack.called("views.open"))
    trio.click("UX9", summary, ids.ACTION_FULL_EVIDENCE)
    assert len(slack.called("views.open")) == opened
    assert "Only members of Hillmead, its trio partners" in trio.ephemeral_replies()[-1]


def test_school_channel_is_used_for_area_messages(workspace, store):
    workspace.command("UA1", "setup")
    workspace.submit("UA1", workspace.last_view(), setup_values("Hillmead", own_channel="CHILL"))
    ack = workspace.command("UA1", "start")
    assert "in <#CHILL>" in ack["text"]
    assert workspace.posts()[-1]["channel"] == "CHILL"
    # Clearing it in setup goes back to the DM.
    workspace.command("UA1", "setup")
    view = workspace.last_view()
    own = next(b for b in view["blocks"] if b.get("block_id") == ids.BLOCK_SCHOOL_CHANNEL)
    assert own["element"]["initial_conversation"] == "CHILL"
    workspace.submit("UA1", view, setup_values("Hillmead"))
    workspace.command("UA1", "area 2")
    assert workspace.posts()[-1]["channel"] == "UA1"


def test_resumes_after_a_restart(workspace, slack, tmp_path, framework, store):
    """State lives in SQLite: a new App on the same file carries on at the next area."""
    from storage.store import Store
    from tests.bot.conftest import Workspace, make_bot

    workspace.command("UA1", "setup")
    workspace.submit("UA1", workspace.last_view(), setup_values("Hillmead"))
    workspace.command("UA1", "start")
    judge(workspace, "UA1", 2)
    judge(workspace, "UA1", 3)
    again = Workspace(make_bot(slack, Store(store.path), framework), slack)
    ack = again.command("UA1", "start")
    assert "Opening Area 3 of 5 · Initial Teacher Training" in ack["text"]
    judge(again, "UA1", 4)
    _, cycle = ids_of(store)
    with store.connect() as db:
        assert storage.scores_for(db, cycle.id) == {"leadership": 2, "infrastructure": 3, "itt": 4}


def test_an_expired_trigger_is_explained(trio, slack):
    trio.command("UA1", "start")
    slack.fail("views.open", "expired_trigger_id")
    trio.click("UA1", trio.last_post(), level_button(3))
    assert "Slack didn't let me open the form in time" in trio.ephemeral_replies()[-1]
    slack.fail("views.open", "expired_trigger_id")
    trio.command("UA1", "setup")
    assert "Slack didn't let me open the form in time" in trio.ephemeral_replies()[-1]


def test_an_area_post_refused_by_slack_is_explained(workspace, slack, store):
    workspace.command("UA1", "setup")
    workspace.submit("UA1", workspace.last_view(), setup_values("Hillmead", own_channel="CGONE"))
    slack.fail("chat.postMessage", "channel_not_found")
    workspace.command("UA1", "start")
    said = workspace.ephemeral_replies()[-1]
    assert "I couldn't post Area 1 of 5 · Leadership in <#CGONE> (channel_not_found)" in said
    assert "/invite @peer-review" in said
    _, cycle = ids_of(store)
    assert cycle is not None  # the cycle is kept; nothing lost


def test_summary_without_a_trio_channel_says_how_to_set_one(workspace, store):
    workspace.command("UA1", "setup")
    workspace.submit("UA1", workspace.last_view(), setup_values("Hillmead"))
    workspace.command("UA1", "start")
    for _ in range(5):
        judge(workspace, "UA1", 2)
    assert "no trio channel yet" in workspace.posts("UA1")[-1]["text"]
