"""The outbox worker on its own: order in a lane, retries, giving up, recovery after a crash."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from bot.outbox.failures import Failure
from bot.outbox.worker import Worker, default_backoff
from storage import outbox, transaction
from storage.store import Store


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "outbox.db")


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def put(store, kind, lane="school:1", at=1000.0, **keys):
    with store.connect() as db:
        return outbox.enqueue(db, kind, {"n": kind}, lane=lane, at=at, **keys)


def states(store):
    with store.connect() as db:
        return [(e.payload["n"], e.state, e.attempts) for e in outbox.effects(db)]


def worker(store, deliver, *, given_up=None, clock=None, **kw):
    return Worker(
        store,
        deliver,
        on_give_up=lambda effect, code: (given_up if given_up is not None else []).append(
            (effect.payload["n"], code)
        ),
        clock=clock or Clock(),
        **kw,
    )


def failing(code, *, transient, only=None):
    """A delivery that Slack answers with `code` (for every effect, or `only` one kind)."""

    def deliver(effect):
        if only is None or effect.kind == only:
            raise Failure(code, transient)

    return deliver


def test_effects_of_a_lane_go_in_order_and_lanes_do_not_wait_for_each_other(store):
    for kind, lane in (("a1", "A"), ("b1", "B"), ("a2", "A"), ("b2", "B")):
        put(store, kind, lane)
    with store.connect() as db:
        first = outbox.claim(db, 1000.0, 10)
        assert [e.payload["n"] for e in first] == ["a1", "b1"]  # one head per lane
        assert outbox.claim(db, 1000.0, 10) == []  # both lanes busy
        outbox.finish(db, first[0].id)
        assert [e.payload["n"] for e in outbox.claim(db, 1000.0, 10)] == ["a2"]


def test_once_and_latest_keys(store):
    assert put(store, "present", once_key="present:1:itt") is not None
    assert put(store, "present", once_key="present:1:itt") is None  # at most once, ever
    first = put(store, "summary", latest_key="summary:1")
    assert put(store, "summary", latest_key="summary:1") == first  # absorbed while waiting
    with store.connect() as db:
        taken = outbox.claim(db, 1000.0, 10)
    assert [e.payload["n"] for e in taken] == ["present"]
    with store.connect() as db:
        outbox.finish(db, taken[0].id)
        [summary] = outbox.claim(db, 1000.0, 10)
    # Taken: a new change now gets an effect of its own, after it.
    assert put(store, "summary", latest_key="summary:1") not in (None, summary.id)


def test_an_effect_written_in_a_rolled_back_change_never_happens(store):
    def change_that_fails(db):
        with transaction(db):
            outbox.enqueue(db, "summary", {"n": "summary"}, lane="L", at=0)
            raise RuntimeError("the change failed")

    with store.connect() as db, pytest.raises(RuntimeError):
        change_that_fails(db)
    assert states(store) == []
    with store.connect() as db:  # the positive control: the same write, committed
        outbox.enqueue(db, "summary", {"n": "summary"}, lane="L", at=0)
    assert states(store) == [("summary", "pending", 0)]


def test_slack_saying_not_now_is_tried_again_with_backoff_then_delivered(store):
    clock, tries = Clock(), []

    def deliver(effect):
        tries.append(clock.now)
        if len(tries) < 3:
            raise Failure("http_503", True)
        return {"ts": "1.0"}

    put(store, "summary")
    w = worker(store, deliver, clock=clock)
    assert w.drain() == 1  # the first try; the next is not due yet
    clock.now += 0.5
    assert w.drain() == 1
    clock.now += 1.0
    assert w.drain() == 1
    assert tries == [1000.0, 1000.5, 1001.5]
    assert states(store) == [("summary", "done", 3)]


def test_retry_after_is_honoured(store):
    clock, tries = Clock(), []

    def deliver(effect):
        tries.append(clock.now)
        if len(tries) == 1:
            raise Failure("ratelimited", True, retry_after=30)

    put(store, "summary")
    w = worker(store, deliver, clock=clock)
    w.drain()
    clock.now += 29
    assert w.drain() == 0
    clock.now += 1
    assert w.drain() == 1
    assert tries == [1000.0, 1030.0]


def test_it_gives_up_after_the_limit_and_says_so_once(store):
    given_up = []
    put(store, "summary")
    w = worker(
        store,
        failing("http_500", transient=True),
        given_up=given_up,
        max_attempts=3,
        backoff=lambda n: 0.0,
    )
    assert w.drain() == 3
    assert given_up == [("summary", "http_500")]
    assert states(store) == [("summary", "failed", 3)]


def test_a_refusal_is_not_tried_again(store):
    given_up = []
    put(store, "summary")
    put(store, "chart")
    w = worker(
        store,
        lambda e: (
            (_ for _ in ()).throw(Failure("not_in_channel", False)) if e.kind == "summary" else None
        ),
        given_up=given_up,
    )
    assert w.drain() == 2  # the lane goes on after a refusal
    assert given_up == [("summary", "not_in_channel")]
    assert states(store) == [("summary", "failed", 1), ("chart", "done", 1)]


@pytest.mark.parametrize("code", ["invalid_auth", "account_inactive", "token_revoked"])
def test_a_token_slack_no_longer_takes_gives_up_everything_waiting_and_tells_nobody(
    store, code, caplog
):
    given_up, tried = [], []
    put(store, "summary", lane="A")
    put(store, "chart", lane="A")
    put(store, "home", lane="B", latest_key="home:U1")
    put(store, "later", lane="C", at=5000.0)  # not yet due: given up all the same

    def deliver(effect):
        tried.append(effect.kind)
        raise Failure(code, False)

    with caplog.at_level("WARNING", logger="peer-review.outbox"):
        assert worker(store, deliver, given_up=given_up).drain() == 1
    assert tried == ["summary"]
    assert given_up == []
    assert [s for _, s, _ in states(store)] == ["failed"] * 4
    assert len([r for r in caplog.records if "refuses the bot's token" in r.message]) == 1
    assert put(store, "home", lane="B", latest_key="home:U1") is not None  # a new one waits
    with store.connect() as db:
        assert outbox.waiting(db) == 1


def test_a_bug_in_delivery_is_given_up_and_told_not_retried_forever(store):
    given_up = []
    put(store, "summary")
    w = worker(store, lambda e: 1 / 0, given_up=given_up)
    assert w.drain() == 1
    assert given_up == [("summary", "internal_error")]


def test_after_a_crash_an_effect_cut_off_is_delivered_again_marked_interrupted(store):
    seen = []
    put(store, "summary")
    with store.connect() as db:
        outbox.claim(db, 1000.0, 1)  # taken; then the process died
    w = worker(store, lambda e: seen.append(e.interrupted))
    assert w.drain() == 0  # still marked as being sent
    with store.connect() as db:
        assert outbox.recover_interrupted(db) == 1
    assert w.drain() == 1
    assert seen == [True]


def test_the_background_worker_delivers_wakes_and_stops(store):
    delivered = threading.Event()
    w = Worker(store, lambda e: delivered.set(), on_give_up=lambda e, c: None, poll_seconds=30)
    w.start()
    try:
        with store.connect() as db:
            outbox.enqueue(db, "summary", {}, lane="L", at=time.time())
        w.wake()
        assert delivered.wait(5)  # woken at once, not at the 30-second poll
    finally:
        w.stop()


def test_default_backoff_grows_and_is_capped():
    assert [default_backoff(n) for n in (1, 2, 3, 4)] == [0.5, 1.0, 2.0, 4.0]
    assert default_backoff(20) == 30.0


def test_effect_ids_are_never_reused_even_after_pruning(store):
    """A message's metadata names its effect for ever: a new effect never takes its id."""
    first = put(store, "summary")
    with store.connect() as db:
        outbox.finish(db, outbox.claim(db, 1000.0, 1)[0].id)
        assert outbox.prune(db, "9999") == 1
    assert put(store, "summary") > first


def test_a_waiting_effect_keeps_whoever_asked_for_it(store):
    with store.connect() as db:
        first = outbox.enqueue(db, "summary", {"n": 1}, lane="L", at=0, latest_key="s")
        outbox.enqueue(db, "summary", {"n": 2}, lane="L", at=0, latest_key="s", requested_by="UA")
        outbox.enqueue(db, "summary", {"n": 3}, lane="L", at=0, latest_key="s")
        [effect] = outbox.effects(db)
    assert (effect.id, effect.payload, effect.requested_by) == (first, {"n": 3}, "UA")


def test_a_database_hiccup_is_not_now_not_no(store):
    from bot.outbox.failures import classify

    assert classify(sqlite3.OperationalError("database is locked")).transient


def test_an_effect_whose_bookkeeping_failed_is_swept_up_and_delivered(store, monkeypatch):
    seen = []
    done = threading.Event()

    def deliver(effect):
        seen.append(effect.interrupted)
        if len(seen) == 2:
            done.set()

    real_finish = outbox.finish
    calls = []

    def finish_fails_once(db, effect_id, result=None):
        calls.append(effect_id)
        if len(calls) == 1:
            raise sqlite3.OperationalError("database is locked")
        return real_finish(db, effect_id, result)

    monkeypatch.setattr(outbox, "finish", finish_fails_once)
    w = Worker(store, deliver, on_give_up=lambda e, c: None, poll_seconds=0.05)
    with store.connect() as db:
        outbox.enqueue(db, "summary", {}, lane="L", at=time.time())
    w.start()
    try:
        assert done.wait(5)
    finally:
        w.stop()
    assert seen == [False, True]  # delivered again, marked interrupted so it looks first
    with store.connect() as db:
        assert [e.state for e in outbox.effects(db)] == ["done"]


def test_the_dispatcher_waits_while_a_lane_is_busy_instead_of_spinning(store, monkeypatch):
    started, release = threading.Event(), threading.Event()
    claims = []
    real_claim = outbox.claim

    def counting_claim(db, at, limit):
        claims.append(limit)
        return real_claim(db, at, limit)

    def deliver(effect):
        if effect.payload["n"] == "first":
            started.set()
            release.wait(5)

    monkeypatch.setattr(outbox, "claim", counting_claim)
    w = Worker(store, deliver, on_give_up=lambda e, c: None, poll_seconds=0.2)
    put(store, "first", lane="L", at=time.time())
    put(store, "second", lane="L", at=time.time())  # due, but waits behind the first
    w.start()
    try:
        assert started.wait(5)
        before = len(claims)
        time.sleep(0.5)
        during = len(claims) - before
    finally:
        release.set()
        w.stop()
    assert during <= 5  # a wake at each poll, not hundreds of claims a second


def test_it_waits_for_a_gap_before_calling_slack_and_before_writing_down_the_outcome(store):
    put(store, "post")
    seen = []
    w = worker(
        store, lambda effect: seen.append("deliver"), wait_for_gap=lambda: seen.append("gap")
    )
    with store.connect() as db:
        (effect,) = outbox.claim(db, 1000.0, 1)
    w.run(effect)
    assert seen == ["gap", "deliver", "gap"]
    assert states(store) == [("post", "done", 1)]
