"""What the page draws of a channel: private notes where Slack shows them, reactions as emoji."""

from __future__ import annotations

import pytest

from playground.slack import LocalSlack
from playground.web import Page

CHANNEL = "CTRIO"


@pytest.fixture
def slack() -> LocalSlack:
    found = LocalSlack()
    found.people.update({"U1": "Chloe", "U2": "Dan"})
    return found


def seen(slack: LocalSlack, user: str = "U1", thread: str | None = None) -> str:
    page = Page(slack, sender=None)  # drawing needs no sender
    return page.history(user, CHANNEL, thread, page.directory())


def test_a_private_note_in_a_thread_shows_only_in_that_thread(slack):
    summary = slack.add_message(CHANNEL, {"user": "UBOT", "text": "Summary"})
    slack.add_ephemeral("U1", CHANNEL, {"text": "Filed under ITT", "thread_ts": summary["ts"]})
    slack.add_ephemeral("U1", CHANNEL, {"text": "Only members can record outcomes"})
    in_channel = seen(slack)
    assert "Only members can record outcomes" in in_channel  # the control: a channel note
    assert "Filed under ITT" not in in_channel
    in_thread = seen(slack, thread=summary["ts"])
    assert "Filed under ITT" in in_thread
    assert "Only members can record outcomes" not in in_thread
    assert "Filed under ITT" not in seen(slack, "U2", summary["ts"])  # only its person sees it


def test_reactions_show_as_emoji_named_in_their_tooltip(slack):
    reply = slack.add_message(CHANNEL, {"user": "U1", "text": "ITT: why?"})
    for name in ("speech_balloon", "white_check_mark", "no_such_emoji"):
        slack.answer("reactions.add", {"channel": CHANNEL, "timestamp": reply["ts"], "name": name})
    shown = seen(slack)
    assert '<span class="reaction" title=":speech_balloon:">💬 1</span>' in shown
    assert '<span class="reaction" title=":white_check_mark:">✅ 1</span>' in shown
    assert '<span class="reaction" title=":no_such_emoji:">:no_such_emoji: 1</span>' in shown
    assert ":speech_balloon: 1" not in shown


def test_a_reaction_name_is_escaped(slack):
    reply = slack.add_message(CHANNEL, {"user": "U1", "text": "hi"})
    hostile = '"><script>x</script>'
    slack.answer("reactions.add", {"channel": CHANNEL, "timestamp": reply["ts"], "name": hostile})
    shown = seen(slack)
    assert "<script>" not in shown
    assert "&quot;&gt;&lt;script&gt;" in shown
