"""The delivering process waits for a gap between requests, but never for long."""

from __future__ import annotations

import multiprocessing

from bot.outbox.gaps import STEP, UnderWay, gap_waiter


class Clock:
    """A clock that moves only when the waiter sleeps; `then` runs at a chosen sleep."""

    def __init__(self, then=None, at=None):
        self.now, self.sleeps, self.then, self.at = 0.0, 0, then, at

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds
        self.sleeps += 1
        if self.sleeps == self.at:
            self.then()


def under_way():
    return UnderWay(multiprocessing.get_context("spawn"))


def test_requests_under_way_are_counted_while_they_run():
    count = under_way()
    with count.request():
        with count.request():
            assert count.shared.value == 2
        assert count.shared.value == 1
    assert count.shared.value == 0


def test_a_request_that_fails_is_no_longer_counted():
    count = under_way()
    try:
        with count.request():
            raise ValueError("a listener's error")
    except ValueError:
        pass
    assert count.shared.value == 0


def test_with_no_request_under_way_it_does_not_wait():
    clock = Clock()
    gap_waiter(under_way().shared, clock=clock, sleep=clock.sleep)()
    assert clock.sleeps == 0


def test_it_waits_until_the_requests_under_way_are_done():
    count = under_way()
    request = count.request()
    request.__enter__()
    clock = Clock(then=lambda: request.__exit__(None, None, None), at=3)
    gap_waiter(count.shared, longest=1.0, clock=clock, sleep=clock.sleep)()
    assert clock.sleeps == 3  # positive control of the test above: it did wait


def test_a_bot_that_is_never_idle_still_delivers():
    count = under_way()
    with count.request():
        clock = Clock()
        gap_waiter(count.shared, longest=0.1, clock=clock, sleep=clock.sleep)()
    assert 0.1 <= clock.now < 0.1 + 2 * STEP
