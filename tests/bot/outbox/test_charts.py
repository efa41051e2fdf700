"""One current chart per summary: each new radar replaces the one before it in the thread,
and a chart Slack will not delete costs nothing but a second picture."""

from __future__ import annotations

import urllib.error

import pytest

import storage
from bot import ids
from tests.bot.conftest import TRIO, challenge_state, judgement_values, outcome_state


def charts(slack, summary) -> list[str]:
    """The ids of the files shared in the summary's thread, oldest first."""
    return [
        f["id"]
        for (channel, _), message in sorted(slack.messages.items(), key=lambda kv: kv[0][1])
        if channel == TRIO and message.get("thread_ts") == summary.summary_ts
        for f in message.get("files") or []
    ]


def change(ws, user, area, level, evidence):
    """A member changes an area's judgement (``/peer-review area``, Change, Record)."""
    ws.command(user, f"area {area}")
    ws.click(user, ws.last_post(), ids.ACTION_CHANGE_JUDGEMENT)
    assert ws.submit(user, ws.last_view(), judgement_values(level, evidence)) == {}


def uploads(slack) -> int:
    return len(slack.called("files.completeUploadExternal", ok_only=True))


def test_one_chart_is_left_in_the_thread_after_three_changes(workspace, slack, summary):
    seen = [charts(slack, summary)]
    for user, area, evidence in (
        ("UA1", "itt", "More SD schools"),
        ("UA2", "cpd", "Less evaluation than we said"),
        ("UA1", "s2ss", "An SLE plan"),
    ):
        change(workspace, user, area, 3, evidence)
        seen.append(charts(slack, summary))
    assert uploads(slack) == 4  # the first chart and one for each change
    assert [len(shown) for shown in seen] == [1, 1, 1, 1]
    assert len({shown[0] for shown in seen}) == 4  # each time the new one
    deleted = [c["file"] for c in slack.called("files.delete", ok_only=True)]
    assert deleted == [shown[0] for shown in seen[:3]]
    assert not set(slack.files) & set(deleted)


def test_an_outcomes_save_replaces_the_chart_too(workspace, slack, summary):
    workspace.click("UB1", (TRIO, summary.summary_ts), ids.ACTION_OPEN_CHALLENGE)
    workspace.submit("UB1", workspace.last_view(), challenge_state(level="3"))
    workspace.click("UA1", (TRIO, summary.summary_ts), ids.ACTION_OPEN_OUTCOMES)
    state = outcome_state({"itt": ("3", "Partners showed our SD reach")})
    assert workspace.submit("UA1", workspace.last_view(), state) == {}
    assert uploads(slack) == 2
    assert len(charts(slack, summary)) == 1
    # The challenge posted in the thread is still there: only the old chart went.
    thread = [
        m
        for (channel, _), m in slack.messages.items()
        if channel == TRIO and m.get("thread_ts") == summary.summary_ts
    ]
    assert len(thread) == 2


def test_a_chart_someone_deleted_already_is_no_trouble(workspace, slack, store, summary):
    [first] = charts(slack, summary)
    assert slack.answer("files.delete", {"file": first})[1]["ok"]  # a person deleted it
    change(workspace, "UA1", "itt", 3, "More SD schools")
    assert slack.called("files.delete", ok_only=False)[-1] == {"file": first}
    assert len(charts(slack, summary)) == 1
    with store.connect() as db:  # nothing is left to delete
        rows = db.execute("SELECT file_id FROM chart_files").fetchall()
    assert rows == [(charts(slack, summary)[0],)]
    assert not told_about_charts(workspace)


@pytest.mark.parametrize("error", ["internal_error", "cant_delete_file"])
def test_when_slack_will_not_delete_the_new_chart_is_still_posted(
    workspace, slack, store, summary, error
):
    [first] = charts(slack, summary)
    slack.fail("files.delete", error)
    change(workspace, "UA1", "itt", 3, "More SD schools")
    left = charts(slack, summary)
    assert len(left) == 2  # the old one stays, and nothing is lost
    assert left[0] == first
    assert not told_about_charts(workspace)  # nobody needs to do anything
    with store.connect() as db:
        assert storage.scores_for(db, summary.id)["itt"] == 3
    # With the next chart the bot tries again, and the thread is back to one.
    change(workspace, "UA1", "itt", 2, "Fewer SD schools")
    assert len(charts(slack, summary)) == 1


def test_a_chart_effect_tried_again_does_not_upload_twice(workspace, slack, summary, monkeypatch):
    """The connection drops while the old chart is deleted: the effect is tried again, and
    the chart it uploaded already is not uploaded a second time."""
    client = workspace.bot.worker.deliver.client
    delete = client.files_delete
    dropped = []

    def flaky(**args):
        if not dropped:
            dropped.append(args)
            raise urllib.error.URLError("connection reset")
        return delete(**args)

    monkeypatch.setattr(client, "files_delete", flaky)
    change(workspace, "UA1", "itt", 3, "More SD schools")
    assert dropped
    assert uploads(slack) == 2
    assert len(charts(slack, summary)) == 1


def told_about_charts(ws) -> list[str]:
    return [p["text"] for p in ws.posts() if "chart" in (p.get("text") or "")]
