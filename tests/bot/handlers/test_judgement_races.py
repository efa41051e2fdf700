"""Submissions that race: a double click, or two members judging the same area at once.

The submissions are dispatched from threads released together, through the real App, on a
real SQLite file; the outbox is delivered afterwards. Whatever the interleaving: each area
is presented once, the summary is posted once, and the history has every change.
"""

from __future__ import annotations

import json
import threading

import pytest

import storage
from bot import ids
from storage import outbox
from tests.bot.conftest import TRIO, judgement_values, setup_values
from tests.conftest import eventually

ROUNDS = range(3)  # each race is run a few times: interleavings differ


def race(ws, *submissions):
    """Submit (user, view, values) all at the same instant; then deliver the outbox."""
    ws.deliver = False
    gate = threading.Barrier(len(submissions))
    acks: list[dict] = []

    def submit(user, view, values):
        gate.wait()
        acks.append(ws.submit(user, view, values))

    threads = [threading.Thread(target=submit, args=s) for s in submissions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    ws.deliver = True
    ws.bot.worker.drain()
    return acks


@pytest.fixture
def hillmead(workspace):
    """Hillmead (UA1, UA2) with a trio channel, its review started at Area 1."""
    workspace.command("UA1", "setup")
    workspace.submit(
        "UA1", workspace.last_view(), setup_values("Hillmead", members=("UA2",), channel=TRIO)
    )
    workspace.command("UA1", "start")
    return workspace


def form(ws, user, level):
    ws.click(user, ws.last_area(), f"{ids.ACTION_CHOOSE_LEVEL}_{level}")
    return ws.last_view()


def cycle_of(store):
    with store.connect() as db:
        school = storage.find_school(db, "Hillmead")
        return storage.current_cycle(db, school.id)


def areas_posted(ws, number):
    return [p for p in ws.posts() if p["text"].startswith(f"Area {number} of 5")]


@pytest.mark.parametrize("_round", ROUNDS)
def test_a_double_click_records_once_and_presents_the_next_area_once(hillmead, store, _round):
    view = form(hillmead, "UA1", 2)
    values = judgement_values(2, "Same words")
    assert race(hillmead, ("UA1", view, values), ("UA1", view, values)) == [{}, {}]
    with store.connect() as db:
        assert len(storage.history_for(db, cycle_of(store).id)) == 1
    assert len(areas_posted(hillmead, 2)) == 1


@pytest.mark.parametrize("_round", ROUNDS)
def test_two_members_judging_an_area_at_once_keep_both_in_the_history(hillmead, store, _round):
    first, second = form(hillmead, "UA1", 2), form(hillmead, "UA2", 3)
    race(
        hillmead,
        ("UA1", first, judgement_values(2, "Ours")),
        ("UA2", second, judgement_values(3, "Theirs")),
    )
    with store.connect() as db:
        history = storage.history_for(db, cycle_of(store).id)
        stored = storage.judgements_for(db, cycle_of(store).id)["leadership"]
    assert sorted((h.changed_by, h.level) for h in history) == [("UA1", 2), ("UA2", 3)]
    assert history[-1].level == stored.level  # the last to commit is what stands
    assert len(areas_posted(hillmead, 2)) == 1


@pytest.mark.parametrize("_round", ROUNDS)
def test_the_fifth_judgement_twice_at_once_posts_one_summary(hillmead, slack, store, _round):
    for level in (3, 3, 2, 4):
        view = form(hillmead, "UA1", level)
        hillmead.submit("UA1", view, judgement_values(level, "ev"))
    first, second = form(hillmead, "UA1", 2), form(hillmead, "UA2", 1)
    race(
        hillmead,
        ("UA1", first, judgement_values(2, "Ours")),
        ("UA2", second, judgement_values(1, "Theirs")),
    )
    summaries = [p for p in hillmead.posts(TRIO) if not p.get("thread_ts")]
    assert len(summaries) == 1
    cycle = cycle_of(store)
    with store.connect() as db:
        s2ss = storage.judgements_for(db, cycle.id)["s2ss"]
        history = storage.history_for(db, cycle.id, "s2ss")
    assert sorted(h.changed_by for h in history) == ["UA1", "UA2"]
    # The summary, updated in place after the second, shows what stands in the end.
    shown = json.dumps(slack.messages[(TRIO, cycle.summary_ts)]["blocks"], ensure_ascii=False)
    level = {1: "Emerging (1)", 2: "Expanding (2)"}[s2ss.level]
    assert f"S2SS — {level}" in shown
    assert 1 <= len(slack.called("files.completeUploadExternal")) <= 2
    assert sum("All 5 areas are judged" in p["text"] for p in hillmead.posts()) == 1


def wait_until_delivered(store):
    def delivered():
        with store.connect() as db:
            return outbox.waiting(db) == 0

    eventually(delivered, seconds=10.0, waiting_for="the outbox to be delivered")


@pytest.mark.parametrize("_round", ROUNDS)
def test_changes_arriving_while_the_summary_is_being_posted_make_no_second_summary(
    hillmead, slack, store, _round
):
    """The worker pool runs while changes arrive; Slack is slow, so each change finds the
    summary in flight. The school's lane keeps its effects in order: one summary."""
    import time

    for level in (3, 3, 2, 4):
        hillmead.submit("UA1", form(hillmead, "UA1", level), judgement_values(level, "ev"))
    views = [form(hillmead, user, 2) for user in ("UA1", "UA2", "UA1")]
    hillmead.deliver = False
    slack.delays["chat.postMessage"] = 0.3
    hillmead.bot.worker.start()
    try:
        for n, (user, view) in enumerate(zip(("UA1", "UA2", "UA1"), views, strict=True)):
            hillmead.submit(user, view, judgement_values(2, f"evidence {n}"))
            time.sleep(0.1)
        wait_until_delivered(store)
    finally:
        hillmead.bot.worker.stop()
    assert len([p for p in hillmead.posts(TRIO) if not p.get("thread_ts")]) == 1
    assert slack.called("chat.update")  # the later changes updated it in place
    with store.connect() as db:
        assert len(storage.history_for(db, cycle_of(store).id, "s2ss")) == 3
