"""The outbox in a process of its own, as `serve` runs it: woken through a pipe, restarted
if it dies, gone when the bot goes, and only one per database at a time."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.outbox.process import DeliveryProcess, only_deliverer, start_method
from bot.settings import Settings
from core import effects
from storage.store import Store
from tests.conftest import eventually


def wait_until(condition):
    eventually(condition, seconds=20.0, waiting_for="the delivering process")


@pytest.fixture
def settings(slack):
    return Settings(slack_bot_token=SecretStr("xoxb-test-token"), slack_api_url=slack.api_url)


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


def test_it_is_forked_only_from_a_process_running_one_thread_on_linux():
    assert start_method(threads=1, platform="linux") == "fork"
    assert start_method(threads=2, platform="linux") == "spawn"
    assert start_method(threads=1, platform="darwin") == "spawn"  # macOS: fork is unsafe
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert start_method() == "spawn"  # this process's threads, counted
    finally:
        stop.set()
        thread.join()


# The serving process as `serve` has it when it starts the outbox: one thread, and signal
# handlers of its own (gunicorn's worker's). It kills itself when its stdin closes.
SERVING = """
import os, signal, sys
from pydantic import SecretStr
from bot.outbox.process import DeliveryProcess, start_method
from bot.settings import Settings
from core import effects
from rubric.loader import load_builtin
from storage.store import Store

signal.signal(signal.SIGUSR1, lambda *_: None)
settings = Settings(slack_bot_token=SecretStr("xoxb-test-token"), slack_api_url=sys.argv[1])
store = Store(sys.argv[2])
print(start_method(), flush=True)
process = DeliveryProcess(settings, store.path, load_builtin())
process.start()
print(process.pid, flush=True)
with store.connect() as db:
    effects.home(db, "UA1")
process.wake()
sys.stdin.read()
os.kill(os.getpid(), signal.SIGKILL)
"""


def gone(pid: int) -> bool:
    """Exited (or a zombie nobody has reaped yet)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat[stat.rindex(")") + 2] == "Z"


def caught(pid: int) -> int:
    """The signals the process has handlers for, as the kernel's bit mask."""
    lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    return int(next(line for line in lines if line.startswith("SigCgt:")).split()[1], 16)


@pytest.mark.skipif(sys.platform != "linux", reason="forked on Linux only")
def test_forked_it_shares_the_serving_process_delivers_and_goes_with_it(slack, tmp_path):
    run = [sys.executable, "-c", SERVING, slack.api_url, str(tmp_path / "forked.db")]
    with (
        (tmp_path / "log").open("wb") as log,
        subprocess.Popen(  # noqa: S603
            run, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log
        ) as serving,
    ):
        pid = 0
        try:
            assert serving.stdout.readline().strip() == b"fork"
            pid = int(serving.stdout.readline())
            cmdline = Path(f"/proc/{serving.pid}/cmdline").read_bytes()
            assert Path(f"/proc/{pid}/cmdline").read_bytes() == cmdline  # no new interpreter
            wait_until(lambda: published(slack, "UA1"))
            assert not caught(pid) & 1 << (signal.SIGUSR1 - 1)  # the serving one's are not its
            assert caught(pid) & 1 << (signal.SIGTERM - 1)  # its own is
            serving.stdin.close()  # the serving process is killed: its end of the pipe closes
            serving.wait(10)
            wait_until(lambda: gone(pid))
        finally:
            serving.kill()
            if pid and not gone(pid):  # the test failed: leave nothing running
                os.kill(pid, signal.SIGKILL)
