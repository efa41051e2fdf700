"""Delivery end to end: a real App, the Slack stand-in, a real SQLite file.

Every Slack effect that follows a change is retried when Slack says "not now" (500, 503,
429), the person is told when Slack says "no", and after a crash nothing is posted twice.
"""

from __future__ import annotations

import time

import pytest

import storage
from bot import ids
from storage import outbox
from storage.store import Store
from tests.bot.conftest import (
    TRIO,
    Workspace,
    event_body,
    judgement_values,
    make_bot,
    setup_values,
)
from tests.bot.trio_setup import form_trio


def judge(ws, user, level, message=None):
    ws.click(user, message or ws.last_area(), f"{ids.ACTION_CHOOSE_LEVEL}_{level}")
    return ws.submit(user, ws.last_view(), judgement_values(level, "We have evidence."))


def hillmead(ws, *, judged=0, channel=TRIO):
    ws.command("UA1", "setup")
    ws.submit("UA1", ws.last_view(), setup_values("Hillmead", members=("UA2",), channel=channel))
    ws.command("UA1", "start")
    for _ in range(judged):
        judge(ws, "UA1", 2)


def top_level(ws, channel):
    return [p for p in ws.posts(channel) if not p.get("thread_ts")]


# -- "not now": retried, then delivered ------------------------------------------------


def present_first_area(ws, fail):
    fail()
    hillmead(ws)
    return lambda: ws.posts("UA1")[-1]["text"].startswith("Area 1 of 5 · Leadership")


def update_area_message(ws, fail):
    hillmead(ws)
    message = ws.last_area()
    fail()
    judge(ws, "UA1", 3, message)
    return lambda: "Secure (3)* — recorded by" in str(ws.slack.messages[message]["blocks"])


def upload_chart(ws, fail):
    hillmead(ws, judged=4)
    fail()
    judge(ws, "UA1", 2)
    return lambda: len(ws.slack.called("files.completeUploadExternal", ok_only=True)) == 1


def summary_ts(ws):
    return next(ts for c, ts in ws.slack.posted if c == TRIO)


def react_to_a_challenge(ws, fail):
    hillmead(ws, judged=5)
    form_trio(ws, [("UA1", "Hillmead", ("UA2",)), ("UB1", "Oakfield")])
    fail()
    ws.dispatch(
        event_body(
            {
                "type": "message",
                "channel": TRIO,
                "channel_type": "channel",
                "user": "UB1",
                "text": "ITT: is it really Expanding?",
                "ts": "2000.1",
                "thread_ts": summary_ts(ws),
            }
        )
    )
    return lambda: ws.slack.called("reactions.add", ok_only=True) != []


def publish_home(ws, fail):
    hillmead(ws)
    fail()
    ws.dispatch(event_body({"type": "app_home_opened", "user": "UA1", "tab": "home"}))
    return lambda: ws.slack.called("views.publish", ok_only=True) != []


def join_trio_channel(ws, fail):
    fail()
    hillmead(ws)
    return lambda: (
        [c["channel"] for c in ws.slack.called("conversations.join", ok_only=True)] == [TRIO]
    )


def reply_privately(ws, fail):
    hillmead(ws)
    fail()
    ws.click("UX9", ws.last_area(), f"{ids.ACTION_CHOOSE_LEVEL}_2")
    return lambda: "Only members of Hillmead" in (ws.ephemeral_replies() or [""])[-1]


FOLLOW_UPS = {
    "chat.postMessage": present_first_area,
    "chat.update": update_area_message,
    "files.getUploadURLExternal": upload_chart,
    "files.completeUploadExternal": upload_chart,
    "reactions.add": react_to_a_challenge,
    "views.publish": publish_home,
    "conversations.join": join_trio_channel,
    "response_url": reply_privately,
}


@pytest.mark.parametrize("answer", [500, 503, 429])
@pytest.mark.parametrize("method", list(FOLLOW_UPS))
def test_slack_saying_not_now_is_retried_then_delivered(workspace, slack, method, answer):
    def fail():
        if answer == 429 and method != "response_url":
            slack.rate_limit(method, times=2)
        else:
            slack.http_error(method, answer, times=2)

    delivered = FOLLOW_UPS[method](workspace, fail)
    outcomes = [c.ok for c in slack.calls if c.method == method]
    first = outcomes.index(False)
    assert outcomes[first : first + 3] == [False, False, True]  # refused twice, then taken
    assert delivered()


# -- "no": the person is told, nothing is lost ------------------------------------------


def test_an_area_slack_keeps_refusing_is_explained_and_the_review_kept(workspace, slack):
    hillmead(workspace)
    posted = len(workspace.posts())
    slack.http_error("chat.postMessage", 503, times=6)
    said = workspace.command("UA1", "area 2")["text"]
    assert said.startswith("Opening Area 2 of 5")
    assert len(workspace.posts()) == posted
    told = workspace.ephemeral_replies()[-1]
    assert (
        "I couldn't post Area 2 of 5 · Infrastructure in our DM "
        "(Slack isn't answering at the moment: http_503)"
    ) in told
    assert "Nothing was lost: run `/peer-review start` again" in told
    workspace.command("UA1", "area 2")  # Slack is back: the same request works
    assert workspace.posts()[-1]["text"].startswith("Area 2 of 5 · Infrastructure")


def test_once_slack_says_the_token_is_revoked_nothing_more_is_tried(workspace, slack, store):
    workspace.deliver = False
    hillmead(workspace)
    with store.connect() as db:
        assert outbox.waiting(db) >= 2  # the join, the notice, the first area …
    slack.fail("conversations.info", "token_revoked")  # the first call, whichever it is
    slack.fail("conversations.join", "token_revoked")
    slack.clear()
    workspace.bot.worker.drain()
    assert slack.methods() == ["conversations.info"]  # one try; nothing after it
    with store.connect() as db:
        assert outbox.waiting(db) == 0
        assert {e.last_error for e in outbox.effects(db)} == {"token_revoked"}


def test_a_refused_chart_is_explained_and_the_summary_stands(workspace, slack):
    hillmead(workspace, judged=4)
    slack.fail("files.completeUploadExternal", "not_allowed_token_type")
    judge(workspace, "UA1", 2)
    assert len(top_level(workspace, TRIO)) == 1
    told = [p["text"] for p in workspace.posts("UA1")]
    assert any(
        "I couldn't add the radar chart to its thread (not_allowed_token_type)" in t for t in told
    )


def test_a_private_trio_channel_the_bot_cannot_join_is_explained(workspace, slack):
    slack.fail("conversations.join", "method_not_supported_for_channel_type")
    hillmead(workspace)
    told = [p["text"] for p in workspace.posts("UA1")]
    assert any(f"<#{TRIO}> is private, so I can't join it myself" in t for t in told)


def test_a_reply_whose_response_url_is_gone_arrives_by_dm(workspace, slack):
    hillmead(workspace)
    slack.http_error("response_url", 404)
    workspace.click("UX9", workspace.last_area(), f"{ids.ACTION_CHOOSE_LEVEL}_2")
    assert "Only members of Hillmead" in workspace.posts("UX9")[-1]["text"]


# -- restarts ---------------------------------------------------------------------------


def restart(slack, store, framework) -> Workspace:
    """A new process on the same database: it recovers what was cut off, then delivers."""
    again = Workspace(make_bot(slack, Store(store.path), framework), slack)
    with store.connect() as db:
        outbox.recover_interrupted(db)
    again.bot.worker.drain()
    return again


def test_effects_waiting_when_the_bot_stops_are_delivered_after_the_restart_once(
    workspace, slack, store, framework
):
    hillmead(workspace, judged=4)
    workspace.deliver = False  # the worker stops right after the ack
    judge(workspace, "UA1", 2)
    assert top_level(workspace, TRIO) == []
    restart(slack, store, framework)
    assert len(top_level(workspace, TRIO)) == 1
    assert len(slack.called("files.completeUploadExternal")) == 1
    assert sum("All 5 areas are judged" in p["text"] for p in workspace.posts("UA1")) == 1
    restart(slack, store, framework)  # and a second restart changes nothing
    assert len(top_level(workspace, TRIO)) == 1


class Crash(BaseException):
    """The process dies (kill -9): nothing after this point runs."""


def crash_during(ws: Workspace, kind: str, monkeypatch) -> None:
    """Deliver effects until one of `kind`; Slack takes its post, then the process dies."""
    client = ws.bot.worker.deliver.client
    real = client.chat_postMessage

    def posted_then_died(**kwargs):
        real(**kwargs)
        raise Crash

    while True:
        with ws.bot.services.store.connect() as db:
            [effect] = outbox.claim(db, time.time(), 1)
        if effect.kind == kind:
            monkeypatch.setattr(client, "chat_postMessage", posted_then_died)
            with pytest.raises(Crash):
                ws.bot.worker.run(effect)
            return
        ws.bot.worker.run(effect)


@pytest.mark.parametrize(
    ("kind", "channel"),
    [("summary", TRIO), ("present_area", "DA1"), ("message", "DA1")],
)
def test_an_effect_cut_off_mid_call_is_found_in_slack_not_posted_again(
    workspace, slack, store, framework, kind, channel, monkeypatch
):
    hillmead(workspace, judged=4)
    workspace.deliver = False
    if kind == "present_area":
        workspace.command("UA1", "area 2")
    else:  # the fifth judgement: the summary, then (its notice) a message to UA1
        judge(workspace, "UA1", 2)
    before = len(workspace.posts(channel if channel == TRIO else "UA1"))
    crash_during(workspace, kind, monkeypatch)
    restart(slack, store, framework)
    after = workspace.posts(channel if channel == TRIO else "UA1")
    assert len(after) == before + 1  # posted once, before the crash; found after it
    with store.connect() as db:
        effect = outbox.effects(db, kind=kind)[-1]
    assert (effect.state, effect.interrupted) == ("done", True)
    assert slack.called("conversations.history") or slack.called("conversations.replies")


def test_a_challenge_cut_off_mid_post_is_found_in_the_thread(
    workspace, slack, store, framework, summary, monkeypatch
):
    from tests.bot.conftest import challenge_state

    workspace.click("UB1", (TRIO, summary.summary_ts), ids.ACTION_OPEN_CHALLENGE)
    workspace.deliver = False
    workspace.submit("UB1", workspace.last_view(), challenge_state(comment="Once only"))
    crash_during(workspace, "post_challenge", monkeypatch)
    restart(slack, store, framework)
    posts = [p for p in workspace.posts(TRIO) if "Once only" in (p.get("text") or "")]
    assert len(posts) == 1
    assert slack.called("conversations.replies")
    with store.connect() as db:
        [challenge] = storage.challenges_for(db, summary.id)
    assert challenge.ts is not None


def test_a_post_whose_answer_was_lost_is_found_not_posted_again(workspace, slack, monkeypatch):
    """Slack took the post but the answer never came (a timeout): the retry looks first."""
    hillmead(workspace)
    client = workspace.bot.worker.deliver.client
    real = client.chat_postMessage

    def posted_then_timed_out(**kwargs):
        monkeypatch.setattr(client, "chat_postMessage", real)
        real(**kwargs)
        raise TimeoutError("the read timed out")

    monkeypatch.setattr(client, "chat_postMessage", posted_then_timed_out)
    workspace.command("UA1", "area 2")
    areas = [p for p in workspace.posts("UA1") if p["text"].startswith("Area 2 of 5")]
    assert len(areas) == 1
    assert slack.called("conversations.history")


def test_a_summary_someone_deleted_is_posted_again(workspace, slack, store):
    hillmead(workspace, judged=5)
    assert len(top_level(workspace, TRIO)) == 1
    slack.fail("chat.update", "message_not_found")  # the summary was deleted in Slack
    workspace.command("UA1", "start")
    assert len(top_level(workspace, TRIO)) == 2
    with store.connect() as db:
        cycle = storage.current_cycle(db, storage.find_school(db, "Hillmead").id)
    assert (TRIO, cycle.summary_ts) == slack.posted[
        max(i for i, (c, ts) in enumerate(slack.posted) if c == TRIO)
    ]


def test_a_database_hiccup_after_the_post_is_retried_and_the_post_adopted(
    workspace, slack, store, monkeypatch
):
    import sqlite3

    from core import publishing

    hillmead(workspace, judged=4)
    real = publishing.summary_posted
    calls = []

    def locked_once(*args):
        calls.append(args)
        if len(calls) == 1:
            raise sqlite3.OperationalError("database is locked")
        return real(*args)

    monkeypatch.setattr(publishing, "summary_posted", locked_once)
    judge(workspace, "UA1", 2)
    assert len(top_level(workspace, TRIO)) == 1  # found again, not posted twice
    told = [p["text"] for p in workspace.posts("UA1")]
    assert not any("couldn't post the summary" in t for t in told)
    assert any(f"Your summary is posted in <#{TRIO}>" in t for t in told)
    with store.connect() as db:
        cycle = storage.current_cycle(db, storage.find_school(db, "Hillmead").id)
    assert cycle.summary_ts == next(ts for c, ts in slack.posted if c == TRIO)
