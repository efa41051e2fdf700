"""Requests pass through the listeners one at a time, in the order they arrived."""

from __future__ import annotations

import multiprocessing
import threading
import time

from bot.app import Bot, InTurn
from bot.outbox.gaps import UnderWay


def queued(lock: InTurn) -> int:
    with lock._guard:
        return len(lock._queue)


def test_waiting_requests_go_in_the_order_they_asked():
    lock, order = InTurn(), []

    def request(name):
        with lock:
            order.append(name)

    with lock:
        threads = []
        for n, name in enumerate("ABCDE"):
            thread = threading.Thread(target=request, args=(name,))
            thread.start()
            threads.append(thread)
            while queued(lock) < n + 1:  # each is waiting before the next asks
                time.sleep(0.001)
    for thread in threads:
        thread.join(5)
    assert order == list("ABCDE")


def test_one_at_a_time():
    lock, inside, most = InTurn(), [0], [0]

    def request():
        for _ in range(200):
            with lock:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
                time.sleep(0)
                inside[0] -= 1

    threads = [threading.Thread(target=request) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert most[0] == 1
    with lock:  # free again afterwards
        pass
    assert not lock._held


def test_the_delivering_process_sees_each_request_while_it_runs():
    under_way, seen = UnderWay(multiprocessing.get_context("spawn")), []

    class App:
        def dispatch(self, request):
            seen.append(under_way.shared.value)
            return "acked"

    class Outbox:
        serving = under_way.request

    bot = Bot(app=App(), outbox=Outbox(), modals=None, services=None)  # type: ignore[arg-type]
    assert bot.dispatch(None) == "acked"  # type: ignore[arg-type]
    assert seen == [1]
    assert under_way.shared.value == 0
