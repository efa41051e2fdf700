"""A partner's reply in the summary's thread, filed elsewhere from the bot's private note, all
through the page's own requests: the menu the page draws names a block the workspace has."""

from __future__ import annotations

import html
import json
import re

import pytest

from playground import alliance
from playground.demo import playground
from tests.conftest import eventually
from tests.playground.test_demo import do, state

CHLOE = {"as": "UOK1", "at": alliance.TRIO}  # Oakfield's principal, Hillmead's trio partner
NOTE = re.compile(r'<article class="msg ephemeral"[^>]*data-ts="([^"]+)">((?:(?!</article>).)*)')


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    with playground(tmp_path_factory.mktemp("refile") / "demo.db") as base:
        yield base


def notes(url: str, thread: str) -> list[tuple[str, str]]:
    """(ts, html) of each private note Chloe sees in the thread."""
    return NOTE.findall(state(url, **CHLOE, thread=thread)["thread"])


def test_a_partner_files_their_reply_under_another_area_from_the_note(url):
    summary = state(url, **CHLOE)["main"].split('data-thread="')[1].split('"')[0]
    asked = "Infrastructure: who checks the mentors' training is done?"
    do(url, **CHLOE, kind="post", channel=alliance.TRIO, text=asked, thread=summary)
    eventually(lambda: notes(url, summary), seconds=10, waiting_for="the bot's note")
    [(ts, note)] = notes(url, summary)
    assert "Filed under <strong>Infrastructure</strong>" in note
    action = json.loads(html.unescape(re.search(r'data-action="([^"]+)"', note)[1]))
    options = re.findall(r'<option [^>]*data-option="([^"]+)"[^>]*>([^<]+)</option>', note)
    itt = next(json.loads(html.unescape(o)) for o, text in options if text == "3 ITT")

    chosen = {**action, "selected_option": itt}
    answer = do(url, **CHLOE, kind="click", where={"channel": alliance.TRIO, "ts": ts},
                action=chosen)  # fmt: skip
    assert answer == {"ok": True, "errors": {}}

    def refiled():
        return "Filed under <strong>ITT</strong>" in notes(url, summary)[0][1]

    eventually(refiled, seconds=10, waiting_for="the note to say where the reply is now")
    assert [t for t, _ in notes(url, summary)] == [ts]  # the same note, in its place
    assert "Filed under" not in state(url, **CHLOE)["main"]  # in the thread only
