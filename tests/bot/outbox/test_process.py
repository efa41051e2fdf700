"""The outbox in a process of its own, as `serve` runs it: woken through a pipe, restarted
if it dies, gone when the bot goes, and only one per database at a time."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest
from pydantic import SecretStr

from bot.outbox.process import DeliveryProcess, only_deliverer
from bot.settings import Settings
from core import effects
from storage.store import Store
from tests.conftest import eventually


def wait_until(condition):
    eventually(condition, seconds=20.0, waiting_for="the delivering process")


@pytest.fixture
def settings(slack):
    return Settings(
        slack_bot_token=SecretStr("xoxb-test-token"), slack_api_url=slack.api_url, _env_file=None
    )


@pytest.fixture
def deliverer(settings, store, framework):
    process = DeliveryProcess(settings, store.path, framework, pause=(0.05, 0.2))
    process.start()
    yield process
    process.stop()


def published(slack, user):
    return [c for c in slack.called("views.publish", ok_only=True) if c["user_id"] == user]


def test_an_effect_written_here_is_delivered_from_the_other_process(deliverer, slack, store):
    with store.connect() as db:
        effects.home(db, "UA1")
    deliverer.wake()
    wait_until(lambda: published(slack, "UA1"))
    assert deliverer.pid != os.getpid()


def test_opening_the_home_tab_needs_no_write_here(deliverer, slack, store):
    deliverer.home_opened("UA1")
    wait_until(lambda: published(slack, "UA1"))


def test_what_is_not_a_user_id_is_not_passed_on(deliverer, slack, caplog):
    deliverer.home_opened("UA1\nhome UB2")
    deliverer.home_opened("UC3")  # positive control: a real one after it is published
    wait_until(lambda: published(slack, "UC3"))
    assert not published(slack, "UB2")
    assert "not a Slack user id" in caplog.text


def test_killed_it_is_started_again_and_delivers_what_was_waiting(deliverer, slack, store):
    first = deliverer.pid
    os.kill(first, signal.SIGKILL)
    wait_until(lambda: deliverer.pid not in (None, first))
    with store.connect() as db:
        effects.home(db, "UA1")
    deliverer.wake()
    wait_until(lambda: published(slack, "UA1"))


def test_stopped_it_finishes_and_exits(settings, store, framework):
    process = DeliveryProcess(settings, store.path, framework)
    process.start()
    pid = process.pid
    process.stop()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    process.wake()  # after stop: nothing to wake, and no error
    process.home_opened("UA1")


def test_a_second_deliverer_of_the_same_database_waits_for_the_first(
    settings, store, framework, slack
):
    held, release = threading.Event(), threading.Event()

    def first():
        with only_deliverer(store.path):
            held.set()
            release.wait(30)

    thread = threading.Thread(target=first)
    thread.start()
    held.wait(10)
    process = DeliveryProcess(settings, store.path, framework)
    process.start()
    try:
        with store.connect() as db:
            effects.home(db, "UA1")
        process.wake()
        time.sleep(1.0)
        assert not published(slack, "UA1")
        release.set()  # positive control: once the first lets go, the second delivers
        process.wake()
        wait_until(lambda: published(slack, "UA1"))
    finally:
        release.set()
        thread.join()
        process.stop()


def test_the_lock_says_when_it_waits(tmp_path):
    store = Store(tmp_path / "x.db")
    waited = []
    with only_deliverer(store.path):
        done = threading.Event()

        def second():
            with only_deliverer(store.path, waited=lambda: waited.append(True)):
                done.set()

        thread = threading.Thread(target=second)
        thread.start()
        wait_until(lambda: waited)
        assert not done.is_set()
    thread.join(10)
    assert done.is_set()
