from __future__ import annotations

import json

import pytest

import storage
from bot import ids
from tests.bot.conftest import judgement_values, setup_values
from tests.bot.handlers.test_own_channel import OWN, let_in, set_up_with_own_channel


@pytest.fixture
def first_cycle(workspace, store):
    """Hillmead (UA1) completed cycle 1 with key actions, one per line, for ITT."""
    workspace.command("UA1", "setup")
    workspace.submit("UA1", workspace.last_view(), setup_values("Hillmead", members=("UA2",)))
    workspace.command("UA1", "start")
    for level in (3, 3, 2, 4, 2):
        workspace.click("UA1", workspace.last_post(), f"{ids.ACTION_CHOOSE_LEVEL}_{level}")
        workspace.submit(
            "UA1",
            workspace.last_view(),
            judgement_values(
                level, "ev", key_actions="- Recruit ITT leads\n- Shared mentor QA\n3. Join an HEI"
            ),
        )
    with store.connect() as db:
        return storage.current_cycle(db, storage.find_school(db, "Hillmead").id)


def ask(workspace, user):
    """``/peer-review new-cycle``: the one confirmation, a form."""
    assert workspace.command(user, "new-cycle") == {}
    return workspace.last_view()


def confirm(workspace, user, view, metadata=None):
    """Submit the confirmation form ("Start cycle N"); returns the ack."""
    return workspace.submit(user, view, {}, private_metadata=metadata)


def said(ack):
    return ack["view"]["blocks"][0]["text"]["text"]


def test_a_new_cycle_after_confirmation_shows_last_cycles_judgement(
    workspace, slack, store, first_cycle
):
    view = ask(workspace, "UA2")
    assert view["callback_id"] == ids.VIEW_NEW_CYCLE
    text = view["blocks"][0]["text"]["text"]
    assert "Close review cycle 1 for *Hillmead* and start cycle 2?" in text
    assert (view["title"]["text"], view["submit"]["text"]) == ("Start cycle 2?", "Start cycle 2")
    assert "⚠️" not in json.dumps(view)  # nothing left open: nothing to warn about
    assert "confirm" not in json.dumps(view)  # one step: no Slack dialog besides the form
    ack = confirm(workspace, "UA2", view)
    assert ack["response_action"] == "update"
    assert "Review cycle 2 started for *Hillmead*" in said(ack)
    with store.connect() as db:
        cycles = storage.cycles_of(db, first_cycle.school_id)
    assert [(c.number, c.status) for c in cycles] == [(1, "closed"), (2, "in_progress")]
    area = slack.messages[workspace.last_post()]
    assert "Last cycle (1): Secure (3)" in json.dumps(area["blocks"])
    # Leadership had the key actions too; the form asks which were done.
    workspace.click("UA2", workspace.last_post(), f"{ids.ACTION_CHOOSE_LEVEL}_4")
    view = workspace.last_view()
    done = next(b for b in view["blocks"] if b.get("block_id") == ids.BLOCK_ACTIONS_DONE)
    assert [o["text"]["text"] for o in done["element"]["options"]] == [
        "Recruit ITT leads",
        "Shared mentor QA",
        "Join an HEI",
    ]
    values = judgement_values(4, "Vision shared")
    values[ids.BLOCK_ACTIONS_DONE] = {
        ids.ACTION_ACTIONS_DONE: {
            "type": "checkboxes",
            "selected_options": [{"value": "0"}, {"value": "2"}],
        }
    }
    assert workspace.submit("UA2", view, values) == {}
    with store.connect() as db:
        judgement = storage.judgements_for(db, cycles[1].id)["leadership"]
    assert judgement.actions_done == ("Recruit ITT leads", "Join an HEI")
    assert judgement.level == 4


@pytest.mark.parametrize("index", ["3", "-1", "x"])
def test_forged_action_index_is_refused(workspace, store, first_cycle, index):
    confirm(workspace, "UA1", ask(workspace, "UA1"))
    workspace.click("UA1", workspace.last_post(), f"{ids.ACTION_CHOOSE_LEVEL}_2")
    values = judgement_values(2, "ev")
    values[ids.BLOCK_ACTIONS_DONE] = {
        ids.ACTION_ACTIONS_DONE: {"type": "checkboxes", "selected_options": [{"value": index}]}
    }
    ack = workspace.submit("UA1", workspace.last_view(), values)
    assert "out of date" in ack["errors"][ids.BLOCK_LEVEL]


@pytest.mark.parametrize("index", ["-1", "99"])
def test_forged_evidence_source_index_is_refused(workspace, first_cycle, index):
    workspace.command("UA1", "area 1")
    workspace.click("UA1", workspace.last_post(), ids.ACTION_CHANGE_JUDGEMENT)
    values = judgement_values(3, "ev")
    values[f"{ids.BLOCK_SOURCES}_0"] = {
        ids.ACTION_SOURCES: {"type": "checkboxes", "selected_options": [{"value": index}]}
    }
    ack = workspace.submit("UA1", workspace.last_view(), values)
    assert "out of date" in ack["errors"][ids.BLOCK_LEVEL]


def test_confirming_twice_starts_one_cycle(workspace, store, first_cycle):
    view = ask(workspace, "UA1")
    confirm(workspace, "UA1", view)
    assert "Cycle 1 was already closed. Hillmead is on cycle 2." in said(
        confirm(workspace, "UA2", view)
    )
    with store.connect() as db:
        assert len(storage.cycles_of(db, first_cycle.school_id)) == 2


def test_only_members_start_a_new_cycle(workspace, store, first_cycle):
    assert "not a member" in workspace.command("UZ1", "new-cycle")["text"]
    view = ask(workspace, "UA1")
    assert "Only members of Hillmead" in said(confirm(workspace, "UZ1", view))
    assert "out of date" in said(confirm(workspace, "UA1", view, metadata='{"c": "1"}'))
    with store.connect() as db:
        assert len(storage.cycles_of(db, first_cycle.school_id)) == 1


def test_no_review_yet(workspace):
    workspace.command("UA1", "setup")
    workspace.submit("UA1", workspace.last_view(), setup_values("Hillmead"))
    assert "has no review yet" in workspace.command("UA1", "new-cycle")["text"]


def test_the_one_confirmation_names_unjudged_areas(workspace, store):
    workspace.command("UA1", "setup")
    workspace.submit("UA1", workspace.last_view(), setup_values("Hillmead"))
    workspace.command("UA1", "start")
    for level in (3, 3, 2):
        workspace.click("UA1", workspace.last_post(), f"{ids.ACTION_CHOOSE_LEVEL}_{level}")
        workspace.submit("UA1", workspace.last_view(), judgement_values(level, "ev"))
    text = json.dumps(ask(workspace, "UA1"), ensure_ascii=False)
    assert "⚠️ *2 areas not judged* in cycle 1: 4 CPD, 5 S2SS." in text
    assert "Cycle 1 will close without them, so it will have no overall rating" in text


def test_the_one_confirmation_names_open_challenges(workspace, summary):
    from tests.bot.conftest import TRIO, challenge_state

    for partner, area_id in (("UB1", "itt"), ("UC1", "cpd")):
        workspace.click(partner, (TRIO, summary.summary_ts), ids.ACTION_OPEN_CHALLENGE)
        workspace.submit(partner, workspace.last_view(), challenge_state(area_id))
    text = json.dumps(ask(workspace, "UA1"), ensure_ascii=False)
    assert "⚠️ *2 challenges still open* (not yet answered):" in text
    assert "• ITT — <@UB1>" in text
    assert "• CPD — <@UC1>" in text
    assert "They stay in cycle 1's summary thread and its record, unanswered" in text
    assert "not judged" not in text


def test_second_cycle_summary_shows_the_shift_and_overlays_the_charts(
    workspace, slack, store, monkeypatch
):
    from bot import chart
    from tests.bot.conftest import TRIO

    drawn = []
    real = chart.radar_png

    def spy(framework, cycles, title):
        drawn.append([(label, dict(scores)) for label, scores in cycles])
        return real(framework, cycles, title)

    monkeypatch.setattr(chart, "radar_png", spy)
    workspace.command("UA1", "setup")
    workspace.submit("UA1", workspace.last_view(), setup_values("Hillmead", channel=TRIO))
    for cycle_levels in ((2, 2, 2, 2, 2), (3, 2, 1, 2, 4)):
        if drawn:
            confirm(workspace, "UA1", ask(workspace, "UA1"))
        else:
            workspace.command("UA1", "start")
        for level in cycle_levels:
            workspace.click("UA1", workspace.last_post(), f"{ids.ACTION_CHOOSE_LEVEL}_{level}")
            workspace.submit("UA1", workspace.last_view(), judgement_values(level, "ev"))
    assert len(drawn) == 2
    assert [label.split(" · ")[0] for label, _ in drawn[1]] == ["Cycle 1", "Cycle 2"]
    assert drawn[1][0][1] == dict.fromkeys(
        ("leadership", "infrastructure", "itt", "cpd", "s2ss"), 2
    )
    summary = [p for p in workspace.posts(TRIO) if not p.get("thread_ts")][-1]
    text = json.dumps(summary["blocks"], ensure_ascii=False)
    assert "Leadership — Secure (3) ↑ from Expanding (2)" in text
    assert "Infrastructure — Expanding (2) =" in text
    assert "ITT — Emerging (1) ↓ from Expanding (2)" in text
    assert (
        "mean 2.4 of 4 across the 5 areas (+0.4 since cycle 1, when it was Expanding (2))" in text
    )


def test_a_new_cycle_in_a_channel_the_bot_is_kept_out_of_says_so_and_area_1_waits(workspace, slack):
    set_up_with_own_channel(workspace)
    workspace.command("UA1", "start")
    for level in (3, 3, 2, 4, 2):
        workspace.click("UA1", workspace.last_area(), f"{ids.ACTION_CHOOSE_LEVEL}_{level}")
        workspace.submit("UA1", workspace.last_view(), judgement_values(level, "ev"))
    slack.fail("conversations.join", "channel_not_found", times=2)  # Slack lost sight of both
    set_up_with_own_channel(workspace)
    posted = len(workspace.posts(OWN))
    said = confirm(workspace, "UA1", ask(workspace, "UA1"))["view"]
    text = json.dumps(said["blocks"], ensure_ascii=False)
    assert "Review cycle 2 started for *Hillmead*" in text
    assert f"I'm not in <#{OWN}> yet, so I haven't posted Area 1 of 5 · Leadership there" in text
    assert "on its way" not in text
    assert len(workspace.posts(OWN)) == posted  # nothing posted where the bot is not
    let_in(workspace)  # invited: Area 1 of cycle 2 follows, once
    [area] = workspace.posts(OWN)[posted:]
    assert "Review cycle 2" in json.dumps(area["blocks"])


def test_a_closed_cycle_is_kept_as_it_was_challenges_and_outcomes_refused(
    workspace, slack, store, summary
):
    from tests.bot.conftest import TRIO, challenge_state
    from tests.bot.handlers.test_threads import reply

    # Before the new cycle (the positive control): a partner challenges, in both ways.
    workspace.click("UB1", (TRIO, summary.summary_ts), ids.ACTION_OPEN_CHALLENGE)
    workspace.submit("UB1", workspace.last_view(), challenge_state("itt"))
    reply(
        workspace, "UB1", "CPD: where is the impact?", "1700000600.1", thread_ts=summary.summary_ts
    )
    with store.connect() as db:
        assert len(storage.challenges_for(db, summary.id)) == 2
    confirm(workspace, "UA1", ask(workspace, "UA1"))

    # After it: the old summary's buttons and thread no longer change cycle 1.
    challenge = workspace.click("UB1", (TRIO, summary.summary_ts), ids.ACTION_OPEN_CHALLENGE)
    outcomes = workspace.click("UA1", (TRIO, summary.summary_ts), ids.ACTION_OPEN_OUTCOMES)
    refusals = workspace.ephemeral_replies()[-2:]
    assert all("Review cycle 1 of Hillmead is closed" in r for r in refusals), refusals
    assert "challenge the current cycle in its summary's thread" in refusals[0]
    assert "agreed outcomes are kept as they were" in refusals[1]
    assert challenge.status == outcomes.status == 200
    reply(workspace, "UB1", "S2SS: one more thing", "1700000700.1", thread_ts=summary.summary_ts)
    with store.connect() as db:
        assert len(storage.challenges_for(db, summary.id)) == 2  # nothing filed on cycle 1
    note = slack.called("chat.postEphemeral")[-1]
    notes = len(slack.called("chat.postEphemeral"))
    assert note["user"] == "UB1"
    assert note["thread_ts"] == summary.summary_ts
    assert "Hillmead's review cycle 1 is closed, so I haven't filed your reply" in note["text"]
    assert (
        "Hillmead is on cycle 2 now: challenge it in the thread of its summary, once all"
        in (note["text"])
    )
    reply(workspace, "UB1", "ITT: and another", "1700000800.1", thread_ts=summary.summary_ts)
    assert len(slack.called("chat.postEphemeral")) == notes  # told once, not at every reply
    reply(workspace, "UA2", "ITT: our answer", "1700000900.1", thread_ts=summary.summary_ts)
    member = slack.called("chat.postEphemeral")[-1]
    assert member["user"] == "UA2"
    assert "I haven't filed your reply as a response" in member["text"]
    assert "respond to challenges in the thread of its summary" in member["text"]


def test_ratings_in_a_new_cycle_say_where_the_last_one_ended(workspace, first_cycle):
    before = workspace.command("UA1", "ratings")["blocks"]
    assert "ended at" not in json.dumps(before)  # the positive control: cycle 1 under way
    confirm(workspace, "UA1", ask(workspace, "UA1"))
    answer = json.dumps(workspace.command("UA1", "ratings")["blocks"], ensure_ascii=False)
    assert "review cycle 2" in answer
    assert "0 of 5 areas judged" in answer
    assert (
        "_Cycle 1 ended at: Leadership Secure (3) · Infrastructure Secure (3) · ITT Expanding"
        in (answer)
    )
