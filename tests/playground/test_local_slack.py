"""The local Slack keeps what Slack keeps as Slack does: deleting a file takes its share out of
the thread, every block kept has an id, a private note replaced stays in its thread."""

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


NOTE = [
    {
        "type": "section",
        "text": {"type": "mrkdwn", "text": "Filed under *ITT*"},
        "accessory": {"type": "static_select", "action_id": "pr_refile", "options": []},
    }
]


def test_what_is_kept_has_an_id_on_every_block_as_slack_gives_it(slack):
    _, posted = slack.answer("chat.postMessage", {"channel": "CT", "text": "x", "blocks": NOTE})
    block_id = posted["message"]["blocks"][0]["block_id"]
    assert block_id
    _, history = slack.answer("conversations.history", {"channel": "CT"})
    assert history["messages"][0]["blocks"][0]["block_id"] == block_id  # the same when read
    slack.answer("chat.postEphemeral", {"channel": "CT", "user": "U1", "blocks": NOTE})
    assert slack.ephemeral[0]["blocks"][0]["block_id"]
    home = {"type": "home", "blocks": NOTE}
    _, first = slack.answer("views.publish", {"user_id": "U1", "view": home})
    _, again = slack.answer("views.publish", {"user_id": "U1", "view": home})  # in place
    assert first["view"]["blocks"][0]["block_id"]
    assert again["view"]["blocks"][0]["block_id"]
    assert "block_id" not in NOTE[0]  # the bot's own blocks are not changed


def respond(slack: LocalSlack, ephemeral: dict, **args) -> None:
    url = slack.issue_response_url("U1", "CT", ephemeral["ts"])
    slack.respond(url.rsplit("/", 1)[1], args)


def test_a_private_note_replaced_from_its_button_stays_where_it_was(slack):
    slack.answer(
        "chat.postEphemeral",
        {"channel": "CT", "user": "U1", "thread_ts": "1.5", "text": "ITT", "blocks": NOTE},
    )
    [note] = slack.ephemeral
    respond(slack, note, replace_original=True, text="CPD", blocks=NOTE)
    [replaced] = slack.ephemeral
    assert (replaced["text"], replaced["ts"], replaced["thread_ts"]) == ("CPD", note["ts"], "1.5")
    respond(slack, replaced, text="Something else")  # not replacing: a note of its own
    assert [e["text"] for e in slack.ephemeral] == ["CPD", "Something else"]
    respond(slack, replaced, delete_original=True)
    assert [e["text"] for e in slack.ephemeral] == ["Something else"]
