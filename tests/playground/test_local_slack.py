"""The local Slack keeps files as Slack does: deleting one takes its share out of the thread."""

from __future__ import annotations

import pytest

from playground.slack import LocalSlack


def upload(slack: LocalSlack, channel: str, thread_ts: str | None, comment: str = "") -> str:
    """files.getUploadURLExternal and files.completeUploadExternal, as the SDK calls them."""
    _, got = slack.answer("files.getUploadURLExternal", {"filename": "chart.png", "length": 3})
    file_id = got["file_id"]
    slack.answer(
        "files.completeUploadExternal",
        {
            "files": [{"id": file_id, "title": "Shape"}],
            "channel_id": channel,
            "thread_ts": thread_ts,
            "initial_comment": comment,
        },
    )
    return file_id


@pytest.fixture
def slack() -> LocalSlack:
    return LocalSlack()


def thread(slack: LocalSlack, channel: str, ts: str) -> list[dict]:
    _, got = slack.answer("conversations.replies", {"channel": channel, "ts": ts})
    return got["messages"]


def test_a_deleted_file_leaves_the_thread_with_its_share(slack):
    _, summary = slack.answer("chat.postMessage", {"channel": "CT", "text": "Summary"})
    kept = upload(slack, "CT", summary["ts"])
    gone = upload(slack, "CT", summary["ts"])
    assert len(thread(slack, "CT", summary["ts"])) == 3
    status, answer = slack.answer("files.delete", {"file": gone})
    assert (status, answer) == (200, {"ok": True})
    replies = thread(slack, "CT", summary["ts"])
    assert [m.get("text") for m in replies] == ["Summary", ""]
    assert [f["id"] for f in replies[1]["files"]] == [kept]
    assert gone not in slack.files
    assert kept in slack.files


def test_a_share_with_a_comment_keeps_the_comment(slack):
    file_id = upload(slack, "DU1", None, comment="Your export")
    slack.answer("files.delete", {"file": file_id})
    [message] = slack.messages.values()
    assert (message["text"], message["files"]) == ("Your export", [])


def test_a_file_that_is_not_there_is_not_found(slack):
    file_id = upload(slack, "CT", None)
    assert slack.answer("files.delete", {"file": file_id})[1]["ok"]
    assert slack.answer("files.delete", {"file": file_id})[1] == {
        "ok": False,
        "error": "file_not_found",
    }
    assert slack.answer("files.delete", {"file": "FNEVER"})[1]["error"] == "file_not_found"
    assert [c.ok for c in slack.calls if c.method == "files.delete"] == [True, False, False]
