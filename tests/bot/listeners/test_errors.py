"""A bug of ours never reaches the person as an error screen: they get a polite word."""

from __future__ import annotations

import logging

import pytest

from bot import ids
from bot.listeners import actions, views
from tests.bot.conftest import setup_values


def broken(*args, **kwargs):
    raise RuntimeError("a bug")


@pytest.fixture
def hillmead(workspace):
    workspace.command("UA1", "setup")
    workspace.submit("UA1", workspace.last_view(), setup_values("Hillmead"))
    workspace.command("UA1", "start")
    return workspace


def test_a_command_that_breaks_answers_politely_and_logs_the_traceback(
    workspace, monkeypatch, caplog
):
    import bot.listeners.commands

    monkeypatch.setattr(bot.listeners.commands, "handle_command", broken)
    with caplog.at_level(logging.ERROR):
        said = workspace.command("UA1", "start")
    assert "Sorry, something went wrong on my side" in said["text"]
    [logged] = [r for r in caplog.records if r.levelno == logging.ERROR and r.name == "peer-review"]
    assert logged.exc_info is not None


def test_a_button_that_breaks_answers_privately(hillmead, monkeypatch):
    monkeypatch.setitem(actions.BUTTONS, actions.CHOOSE_LEVEL, broken)
    hillmead.click("UA1", hillmead.last_area(), f"{ids.ACTION_CHOOSE_LEVEL}_2")
    assert "Sorry, something went wrong on my side" in hillmead.ephemeral_replies()[-1]


def test_a_form_that_breaks_stays_open_with_what_was_typed(hillmead, monkeypatch):
    hillmead.click("UA1", hillmead.last_area(), f"{ids.ACTION_CHOOSE_LEVEL}_2")
    view = hillmead.last_view()
    monkeypatch.setitem(views.SUBMISSIONS, ids.VIEW_JUDGEMENT, broken)
    from tests.bot.conftest import judgement_values

    ack = hillmead.submit("UA1", view, judgement_values(2, "Typed with care"))
    assert ack["response_action"] == "errors"
    assert "What you typed is still here" in ack["errors"][ids.BLOCK_LEVEL]
