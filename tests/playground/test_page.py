"""The page's requests: each thing a person does, as Slack would send it, or a polite no."""

from __future__ import annotations

import pytest

from playground import alliance
from playground.demo import playground
from tests.conftest import eventually
from tests.playground.test_demo import do, state

HILL = "CHILLMEAD1"


@pytest.fixture
def url(tmp_path):
    with playground(tmp_path / "demo.db", empty=True) as base:
        yield base


def opened(url, user):
    """The form the bot opened for `user` (it opens just after the command's answer)."""
    eventually(lambda: "modal" in state(url, **{"as": user}), seconds=10, waiting_for="a form")
    return state(url, **{"as": user})["modal"]


def test_a_command_answers_only_the_person_who_ran_it(url):
    assert do(url, **{"as": "UHM1", "kind": "command", "channel": HILL, "text": "help"})["ok"]
    mine = state(url, **{"as": "UHM1", "at": HILL})["main"]
    assert "Only visible to you" in mine
    assert "/peer-review" in mine
    theirs = state(url, **{"as": "UHM2", "at": HILL})["main"]
    assert "Only visible to you" not in theirs


def test_setup_opens_a_form_and_a_wrong_answer_shows_under_its_field(url):
    do(url, **{"as": "UHM1", "kind": "command", "channel": HILL, "text": "setup"})
    modal = opened(url, "UHM1")
    assert 'data-callback-id="pr_setup"' in modal["html"]
    values = {"school_name": {"pr_school_name": {"value": " "}}}
    answer = do(url, **{"as": "UHM1", "kind": "submit", "view_id": modal["id"], "values": values})
    assert "school_name" in answer["errors"]
    assert state(url, **{"as": "UHM2"}).get("modal") is None  # only the person who opened it


def test_forged_clicks_and_choices_are_refused(url):
    do(url, **{"as": "UHM1", "kind": "command", "channel": HILL, "text": "setup"})
    modal = opened(url, "UHM1")
    someone_else = do(url, **{"as": "UHM2", "kind": "submit", "view_id": modal["id"], "values": {}})
    assert someone_else["error"] == "That form is not open for this person."
    stranger = {"members": {"pr_members": {"selected_users": ["UNOBODY"]}}}
    forged = do(url, **{"as": "UHM1", "kind": "submit", "view_id": modal["id"], "values": stranger})
    assert forged["error"] == "Choose someone or a channel from this workspace."
    missing = {"block_id": "b0", "action_id": "pr_cancel", "type": "button"}
    click = do(url, **{"as": "UHM1", "kind": "click", "where": {"view_id": modal["id"]},
                       "action": missing})  # fmt: skip
    assert click["error"] == "That button or menu is not there any more."


def test_what_the_page_cannot_do_is_said(url):
    assert do(url, **{"kind": "post"}) == {"error": "Choose who you are first."}
    odd = do(url, **{"as": "UHM1", "kind": "dance"})
    assert odd == {"error": "The playground doesn't know how to do that."}


def test_a_mention_is_answered_in_its_thread(url):
    posted = do(url, **{"as": "UHM1", "kind": "post", "channel": alliance.GENERAL,
                        "text": "<@UBOT> help"})  # fmt: skip
    assert posted["ok"]

    def answered():
        return "1 reply" in state(url, **{"as": "UHM1", "at": alliance.GENERAL})["main"]

    eventually(answered, seconds=10, waiting_for="the answer in the thread")
