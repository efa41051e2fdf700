"""``peer-review demo``: the demo alliance as the real bot left it, kept between runs."""

from __future__ import annotations

import html
import json
import re
import urllib.request

import pytest

import storage
from bot.cli import main
from playground import alliance
from playground.demo import playground, restore, workspace_file
from playground.slack import LocalSlack
from storage import alliances, rounds
from storage.agreements import agreement_for
from storage.store import Store


def state(url: str, **query: str) -> dict:
    asked = "&".join(f"{k}={v}" for k, v in query.items())
    with urllib.request.urlopen(f"{url}/state?{asked}", timeout=10) as answer:
        return json.load(answer)


def words(page: str) -> str:
    """What a person reads of some of the page's HTML: its text, one space between words."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


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
        riverside = cycles["Riverside Infant School"]  # the round's cycle, nothing judged
        assert storage.scores_for(conn, riverside.id) == {}


def test_a_lead_formed_the_alliance_of_two_trios_and_opened_a_round_before_anyone_began(demo):
    _, db = demo
    with Store(db).connect() as conn:
        found = alliances.find_alliance(conn, alliance.ALLIANCE)
        assert alliances.leads_of(conn, found.id) == [alliance.LEAD]
        names = {**alliance.SCHOOLS, **alliance.SCHOOLS2}
        schools = {name: storage.find_school(conn, name).id for name in names}
        assert sorted(alliances.schools_in(conn, found.id)) == sorted(schools.values())
        opened = rounds.open_round_of(conn, found.id)
        assert (opened.number, opened.opened_by) == (1, alliance.LEAD)
        current = {s: storage.current_cycle(conn, s).id for s in schools.values()}
        assert rounds.cycles_in(conn, opened.id) == current  # every school's cycle is the round's
        trio = {name: storage.partners_of(conn, schools[name]) for name in alliance.SCHOOLS2}
        assert {p.name for p in trio["Ashby Fields Primary"]} == {
            "Brook Lane Academy",
            "Castle Hill Junior School",
        }


def test_the_leads_home_shows_the_round_every_school_its_stage_and_levels(demo):
    url, _ = demo
    seen = state(url, **{"as": alliance.LEAD, "at": "home"})
    assert alliance.LEAD in {p["id"] for p in seen["people"]}  # the person picker lists the lead
    home = words(seen["main"])
    assert "Alliance · East Midlands TSA" in home
    assert "Round 1 · self-evaluation due" in home
    assert "6 schools · 4 self-evaluating · 1 in peer challenge · 1 outcomes agreed" in home
    assert "🟨🟨🟨🟩🟧 Hillmead Primary · cycle 1 · overall Secure outcomes agreed" in home
    assert "🟧🟧⬜⬜⬜ Oakfield Academy · cycle 1 self-evaluating, 2 of 5 areas judged" in home
    assert "⬜⬜⬜⬜⬜ Riverside Infant School · cycle 1 self-evaluating, 0 of 5" in home
    assert "Ashby Fields Primary · cycle 1 · overall Emerging in peer challenge" in home
    assert "Brook Lane Academy · cycle 1 self-evaluating, 3 of 5 areas judged" in home
    assert home.count("Trio ") == 2
    assert "Open a review round" in home


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
