"""``peer-review demo``: the demo alliance as the real bot left it, kept between runs."""

from __future__ import annotations

import json
import urllib.request

import pytest

import storage
from bot.cli import main
from playground import alliance
from playground.demo import playground, restore, workspace_file
from playground.slack import LocalSlack
from storage.agreements import agreement_for
from storage.store import Store


def state(url: str, **query: str) -> dict:
    asked = "&".join(f"{k}={v}" for k, v in query.items())
    with urllib.request.urlopen(f"{url}/state?{asked}", timeout=10) as answer:
        return json.load(answer)


def do(url: str, **asked) -> dict:
    request = urllib.request.Request(
        f"{url}/do", data=json.dumps(asked).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.load(answer)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    with playground(db) as url:
        yield url, db


def test_one_school_is_done_one_half_way_one_not_started(demo):
    _, db = demo
    with Store(db).connect() as conn:
        cycles = {
            name: storage.current_cycle(conn, storage.find_school(conn, name).id)
            for name in alliance.SCHOOLS
        }
        hill = cycles["Hillmead Primary"]
        assert hill.summary_ts
        assert len(storage.scores_for(conn, hill.id)) == 5
        judged = storage.judgements_for(conn, hill.id)
        assert {a: len(j.evidence_sources) for a, j in judged.items()} == {
            area: len(ticked) for area, (_, _, ticked) in alliance.HILLMEAD_LEVELS.items()
        }
        comments = storage.challenges_for(conn, hill.id)
        assert [(c.kind, c.area_id) for c in comments][:3] == [
            ("challenge", "cpd"),
            ("challenge", "itt"),
            ("response", "cpd"),  # Hillmead answers the CPD challenge, so it is not open
        ]
        assert comments[0].status == "answered"
        outcome = storage.cycle_outcome_for(conn, hill.id)
        assert outcome.successes == "Lesson study across the alliance"
        agreed = agreement_for(conn, hill.id)
        assert (agreed.state, agreed.answered_school) == ("agreed", "Riverside Infant School")
        assert len(storage.scores_for(conn, cycles["Oakfield Academy"].id)) == 2
        assert cycles["Riverside Infant School"] is None


def test_the_trio_channel_shows_the_summary_its_radar_and_thread(demo):
    url, _ = demo
    seen = state(url, **{"as": "UOK1", "at": alliance.TRIO})
    assert "Hillmead Primary · Peer review summary" in seen["main"]
    assert "replies</button>" in seen["main"]
    summary_ts = seen["main"].split('data-thread="')[1].split('"')[0]
    thread = state(url, **{"as": "UOK1", "at": alliance.TRIO, "thread": summary_ts})["thread"]
    assert "lesson study changed practice" in thread
    assert '<img src="/files/' in thread  # the radar, inline
    assert "Evidence sources: 5 of 15" in seen["main"]  # CPD's, ticked in the story
    assert "Evidence sources: 0 of" not in seen["main"]


def test_an_outsider_sees_neither_the_trio_nor_a_school_channel(demo):
    url, _ = demo
    rooms = {r["id"] for r in state(url, **{"as": "UOUT1"})["rooms"]}
    assert alliance.GENERAL in rooms  # the positive control: a public channel
    assert alliance.TRIO not in rooms
    assert "CHILLMEAD1" not in rooms
    refused = do(url, **{"as": "UOUT1", "kind": "post", "channel": alliance.TRIO, "text": "hi"})
    assert refused == {"error": "Only the channel's members can post in it."}


def test_the_demo_is_kept_and_reset(tmp_path, monkeypatch):
    db = tmp_path / "d.db"
    with playground(db, empty=True) as url:
        do(url, **{"as": "UHM1", "kind": "post", "channel": alliance.GENERAL, "text": "kept?"})
    assert workspace_file(db).exists()
    with playground(db) as url:  # not rebuilt: what was there is there
        assert "kept?" in state(url, **{"as": "UHM1", "at": alliance.GENERAL})["main"]
    monkeypatch.setenv("PEER_REVIEW_DB", str(db))
    with pytest.raises(SystemExit) as stopped:
        main(["demo", "--db", str(db), "--reset"])
    assert stopped.value.code == 2  # the real database is never the demo's
    assert workspace_file(db).exists()


def test_a_workspace_kept_before_blocks_had_ids_has_them_when_restored(tmp_path):
    divider = [{"type": "divider"}]
    kept = {
        "messages": [["CT", "1.000001", {"ts": "1.000001", "blocks": divider}]],
        "ephemeral": [{"user": "U1", "channel": "CT", "ts": "1.000002", "blocks": divider}],
        "views": {"V1": {"id": "V1", "type": "home", "user": "U1", "blocks": divider}},
    }
    path = tmp_path / "old.slack.json"
    path.write_text(json.dumps(kept), encoding="utf-8")
    slack = LocalSlack()
    restore(slack, path)
    assert slack.messages[("CT", "1.000001")]["blocks"][0]["block_id"]
    assert slack.ephemeral[0]["blocks"][0]["block_id"]
    assert slack.views["V1"]["blocks"][0]["block_id"]
