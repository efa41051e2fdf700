"""Fixtures for the end-to-end tests; the harness itself is in :mod:`tests.bot.workspace`."""

from __future__ import annotations

import pytest
from slack_bolt import App

from bot import ids, limits
from bot.app import Bot
from playground import render
from storage.store import Store
from tests.bot.trio_setup import form_trio, set_up
from tests.bot.workspace import (  # noqa: F401 - the tests import these from here too
    TRIO,
    Workspace,
    _as_dict,
    challenge_state,
    event_body,
    find_element,
    judgement_values,
    make_bot,
    outcome_state,
    setup_values,
)
from tests.slack_stub import running_stub


@pytest.fixture
def slack():
    with running_stub() as stub:
        yield stub


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(tmp_path / "peer-review.db")


@pytest.fixture
def bot(slack, store, framework) -> Bot:
    return make_bot(slack, store, framework)


@pytest.fixture
def app(bot) -> App:
    return bot.app


@pytest.fixture
def workspace(bot, slack):
    space = Workspace(bot, slack)
    yield space
    # Every message and view the bot sent keeps to Slack's limits, and the playground renders it.
    for method, kind in (
        ("chat.postMessage", "message"),
        ("chat.update", "message"),
        ("chat.postEphemeral", "message"),
        ("response_url", "message"),
        ("views.open", "modal"),
        ("views.update", "modal"),
        ("views.publish", "home"),
    ):
        for args in slack.called(method):
            payload = (
                _as_dict(args["view"])
                if "view" in args
                else {"text": args.get("text"), "blocks": _as_dict(args.get("blocks") or "[]")}
            )
            assert limits.problems(payload, kind=kind) == [], method
            assert render.problems(payload, kind=kind) == [], method


@pytest.fixture
def school_a(workspace):
    """Hillmead, set up by UA1 with UA2 as a member, in the trio channel."""
    workspace.command("UA1", "setup")
    ack = workspace.submit(
        "UA1", workspace.last_view(), setup_values("Hillmead", members=("UA2",), channel=TRIO)
    )
    assert ack == {}
    return "Hillmead"


@pytest.fixture
def summary(workspace, store):
    """Hillmead (UA1, UA2) has judged all five areas and its summary is in the trio channel;
    Oakfield (UB1) and Riverside (UC1) are its partners; Faraway (UX1) is outside the trio."""
    from storage import current_cycle, find_school

    form_trio(workspace, [("UA1", "Hillmead", ("UA2",)), ("UB1", "Oakfield"), ("UC1", "Riverside")])
    set_up(workspace, "UX1", "Faraway", channel="CFAR")
    workspace.command("UA1", "start")
    for level in (3, 3, 2, 4, 2):
        workspace.click("UA1", workspace.last_post(), f"{ids.ACTION_CHOOSE_LEVEL}_{level}")
        workspace.submit("UA1", workspace.last_view(), judgement_values(level, "ev"))
    with store.connect() as db:
        cycle = current_cycle(db, find_school(db, "Hillmead").id)
    assert cycle.summary_ts
    return cycle
