"""Issue 5's "done when": a scripted trio does the whole peer review; nothing duplicated or lost."""

from __future__ import annotations

import json

import storage
from bot import ids
from core import standing
from tests.bot.conftest import (
    TRIO,
    challenge_state,
    event_body,
    judgement_values,
    outcome_state,
)
from tests.bot.trio_setup import form_trio, summary_posts, thread_reply

SCHOOLS = {"UA1": "Hillmead", "UB1": "Oakfield", "UC1": "Riverside"}
LEVELS = {"UA1": (3, 3, 2, 4, 2), "UB1": (2, 2, 3, 3, 2), "UC1": (4, 3, 3, 3, 3)}


def test_a_trio_does_the_whole_peer_review(workspace, slack, store, framework):
    ws = workspace
    # 1. Three schools set up (Hillmead invites the others, who accept) and each completes
    # its self-evaluation.
    form_trio(ws, list(SCHOOLS.items()))
    for user, levels in LEVELS.items():
        ws.command(user, "start")
        for level in levels:
            ws.click(user, ws.last_post(), f"{ids.ACTION_CHOOSE_LEVEL}_{level}")
            assert (
                ws.submit(
                    user, ws.last_view(), judgement_values(level, f"{SCHOOLS[user]} evidence")
                )
                == {}
            )
    with store.connect() as db:
        cycles = {
            u: storage.current_cycle(db, storage.find_school(db, n).id) for u, n in SCHOOLS.items()
        }
    summaries = summary_posts(ws)
    assert len(summaries) == 3
    hill = cycles["UA1"]

    # 2. Partners challenge Hillmead: a thread reply, and the modal with a suggested level.
    cpd_question = "CPD: is impact really evaluated at 12 months?"
    thread_reply(ws, "UC1", cpd_question, "3000.1", hill.summary_ts, "EvC1")
    thread_reply(ws, "UC1", cpd_question, "3000.1", hill.summary_ts, "EvC1")  # Slack retries
    ws.click("UB1", (TRIO, hill.summary_ts), ids.ACTION_OPEN_CHALLENGE)
    ws.submit(
        "UB1",
        ws.last_view(),
        challenge_state("itt", "below", "3", "Your SD reach across 6 schools is Secure"),
    )
    # ...and Hillmead challenges Oakfield back in Oakfield's thread.
    thread_reply(
        ws, "UA1", "Area 5 looks generous to us", "3000.2", cycles["UB1"].summary_ts, "EvC2"
    )

    # 3. Hillmead responds, revises ITT with a reason and records what was agreed.
    thread_reply(ws, "UA1", "ITT: thank you, we agree", "3000.3", hill.summary_ts, "EvR1")
    ws.click("UA1", (TRIO, hill.summary_ts), ids.ACTION_OPEN_OUTCOMES)
    ack = ws.submit(
        "UA1",
        ws.last_view(),
        outcome_state(
            {"itt": ("3", "Oakfield showed our SD reach is Secure"), "cpd": ("stands", "")},
            agreed=("CPD model", "S2SS plan"),
        ),
    )
    assert ack == {}

    # 4. A partner asks for Hillmead's ratings with a mention; answered once, in the thread.
    mention = {
        "type": "app_mention",
        "channel": TRIO,
        "user": "UB1",
        "text": "<@UBOT> ratings for hillmead",
        "ts": "3000.4",
        "thread_ts": hill.summary_ts,
    }
    ws.dispatch(event_body(mention, "EvQ1"))
    ws.dispatch(event_body({**mention, "type": "message", "channel_type": "channel"}, "EvQ2"))
    answers = [p for p in ws.posts(TRIO) if p["text"].startswith("Hillmead: overall")]
    assert len(answers) == 1
    assert answers[0]["thread_ts"] == hill.summary_ts
    assert answers[0]["text"] == "Hillmead: overall Secure (3)"

    # What is stored.
    with store.connect() as db:
        for user, levels in LEVELS.items():
            expected = dict(zip(framework.area_ids, levels, strict=True))
            if user == "UA1":
                expected["itt"] = 3
            assert storage.scores_for(db, cycles[user].id) == expected
        history = storage.history_for(db, hill.id, "itt")
        comments = storage.challenges_for(db, hill.id)
        oak_comments = storage.challenges_for(db, cycles["UB1"].id)
        outcome = storage.cycle_outcome_for(db, hill.id)
        challenged_by = standing.of_cycle(db, framework, hill).challenged_by
    assert [(h.level, h.kind) for h in history] == [(2, "self_evaluation"), (3, "after_challenge")]
    assert [(c.kind, c.area_id, c.author_id, c.status) for c in comments] == [
        ("challenge", "cpd", "UC1", "resolved"),
        ("challenge", "itt", "UB1", "resolved"),
        ("response", "itt", "UA1", "open"),
    ]
    assert comments[1].suggested_level == 3
    assert comments[1].view == "below"
    assert [(c.kind, c.area_id) for c in oak_comments] == [("challenge", "s2ss")]
    assert (outcome.successes, outcome.improvements) == ("CPD model", "S2SS plan")
    assert challenged_by == ("UC1", "UB1")

    # What Slack saw: three summaries, no second one; charts: three plus the revision.
    assert len(summary_posts(ws)) == 3
    assert len(slack.called("files.completeUploadExternal")) == 4
    assert len(slack.called("reactions.add")) == 3  # two thread challenges, one response
    final = slack.messages[(TRIO, hill.summary_ts)]
    shown = json.dumps(final["blocks"], ensure_ascii=False)
    assert "Expanding → Secure after challenge by <@UB1>" in shown
    assert "Peer challenged by <@UC1>, <@UB1>" in shown
