"""A whole review round of an alliance, end to end through the real Bolt app and the local
Slack: nine schools in three trios and an external challenger. The lead creates the
alliance and opens the round; every school judges; partners and the external challenger
are reminded and challenge in the summaries' threads; each school proposes its outcomes and
a partner agrees them; the lead's Home tab shows where things stand at every step, and the
lead's export holds the round."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import openpyxl
import pytest
import time_machine

import storage
from bot import ids
from bot.reminders import check
from tests.bot.alliance_setup import form_alliance
from tests.bot.handlers.test_agreements import agreement_state
from tests.bot.handlers.test_exports import uploaded
from tests.bot.handlers.test_home import open_home
from tests.bot.handlers.test_rounds import dates
from tests.bot.trio_setup import form_trio, thread_reply
from tests.bot.workspace import judgement_values, outcome_state

ALLIANCE = "East Midlands TSA"
TRIOS = {  # trio channel: its schools (the first person of each is its member)
    "CTRIOA0001": ("Hillmead", "Oakfield", "Riverside"),
    "CTRIOB0001": ("Ashby", "Brookside", "Cedars"),
    "CTRIOC0001": ("Dale View", "Elmwood", "Fenwick"),
}
MEMBER = {
    school: f"U{channel[5]}{n}"
    for channel, schools in TRIOS.items()
    for n, school in enumerate(schools, start=1)
}  # Hillmead: UA1, Oakfield: UA2 … Fenwick: UC3
SIP = "USIP"  # Hillmead's school improvement partner, an external challenger
LEAD = "ULEAD"

OPENED = datetime(2026, 11, 25, 10, tzinfo=UTC)  # Wednesday; self-evaluation due 16 Dec
JUDGED = datetime(2026, 12, 1, 10, tzinfo=UTC)
REMINDED = datetime(2026, 12, 23, 10, tzinfo=UTC)  # a week before challenge is due, 30 Dec
CHALLENGED = datetime(2026, 12, 28, 11, tzinfo=UTC)
AGREED = datetime(2027, 1, 12, 11, tzinfo=UTC)


def lead_home(ws) -> str:
    return json.dumps(open_home(ws, LEAD), ensure_ascii=False)


def summary_of(ws, school):
    with ws.bot.services.store.connect() as db:
        return storage.current_cycle(db, storage.find_school(db, school).id)


def partners_of(school):
    return next(s for s in TRIOS.values() if school in s)


@pytest.fixture
def alliance(workspace):
    """Nine schools in three trios; the lead creates the alliance, and each school joins."""
    for channel, schools in TRIOS.items():
        form_trio(workspace, [(MEMBER[s], s) for s in schools], channel=channel)
    form_alliance(workspace, LEAD, ALLIANCE, [s for t in TRIOS.values() for s in t])
    answer = workspace.command(MEMBER["Hillmead"], f"external <@{SIP}|Sam Lee>")
    assert "I've asked <@USIP> to challenge Hillmead's self-evaluation" in json.dumps(answer)
    return workspace


def test_an_alliance_plays_a_whole_round(alliance, slack):
    ws = alliance
    assert "*9 schools* · 9 not started" in lead_home(ws)

    # The lead opens the round: every school starts a cycle and is told the dates.
    with time_machine.travel(OPENED, tick=False):
        assert ws.command(LEAD, "alliance round") == {}
        opened = ws.submit(LEAD, ws.last_view(), dates())
        assert "9 schools started a new review cycle" in json.dumps(opened)
        home = lead_home(ws)
    assert "Round 1 · self-evaluation due Wednesday 16 December" in home
    assert "*9 schools* · 9 self-evaluating" in home
    for member in MEMBER.values():
        assert any("opened review round 1" in p["text"] for p in ws.posts(member))

    # Every school judges its five areas; its summary goes to its trio's channel.
    with time_machine.travel(JUDGED, tick=False):
        for school, member in MEMBER.items():
            ws.command(member, "start")
            for level in (2, 3, 3, 2, 4) if school == "Hillmead" else (2, 2, 3, 3, 1):
                ws.click(member, ws.last_post(), f"{ids.ACTION_CHOOSE_LEVEL}_{level}")
                ws.submit(member, ws.last_view(), judgement_values(level, f"{school} evidence"))
        home = lead_home(ws)
    assert "*9 schools* · 9 in peer challenge" in home
    assert "🟧🟨🟨🟧🟩" in home  # Hillmead's row of the heatmap
    for school in MEMBER:
        assert summary_of(ws, school).summary_ts is not None

    # A week before challenge is due, partners and the external challenger are reminded,
    # each once, however many summaries wait for them.
    with time_machine.travel(REMINDED, tick=False):
        assert check(ws.bot.services) == 9 + 1
        ws.bot.worker.drain()
        assert check(ws.bot.services) == 0
    [reminder] = [p for p in ws.posts("UA2") if p["text"].startswith("A reminder: ")]
    assert "Hillmead's summary in <#CTRIOA0001> is waiting for your challenge" in (reminder["text"])
    assert "Riverside's summary" in reminder["text"]  # both partners' summaries, one DM
    assert "due Wednesday 30 December" in reminder["text"]
    [sip] = [p for p in ws.posts(SIP) if p["text"].startswith("A reminder: ")]
    assert "Hillmead's summary" in sip["text"]
    assert "Oakfield" not in sip["text"]  # the one school they challenge

    # Partners challenge in each summary's thread; so does Hillmead's external challenger.
    with time_machine.travel(CHALLENGED, tick=False):
        for n, school in enumerate(MEMBER):
            cycle = summary_of(ws, school)
            for k, partner in enumerate(p for p in partners_of(school) if p != school):
                text = f"ITT: what does {partner} see of {school}'s mentoring?"
                ts = f"{2000 + 2 * n + k}.0001"
                thread_reply(
                    ws, MEMBER[partner], text, ts, cycle.summary_ts, f"Ev{ts}",
                    channel=cycle.summary_channel,
                )  # fmt: skip
        hill = summary_of(ws, "Hillmead")
        thread_reply(
            ws, SIP, "CPD: impact evidence?", "3000.0001", hill.summary_ts, "EvSIP",
            channel=hill.summary_channel,
        )  # fmt: skip
        ws.bot.worker.drain()
        home = lead_home(ws)
    assert "*9 schools* · 9 recording outcomes" in home
    with ws.bot.services.store.connect() as db:
        assert len(storage.challenges_for(db, hill.id)) == 3
    summary = json.dumps(ws.slack.messages[(hill.summary_channel, hill.summary_ts)])
    assert "<@USIP> (external challenger)" in summary

    # Each school proposes its outcomes; a partner agrees them.
    with time_machine.travel(AGREED, tick=False):
        for school, member in MEMBER.items():
            cycle = summary_of(ws, school)
            where = (cycle.summary_channel, cycle.summary_ts)
            ws.click(member, where, ids.ACTION_OPEN_OUTCOMES)
            state = outcome_state({"itt": ("stands", "")}, agreed=("Mentoring", "CPD impact"))
            assert ws.submit(member, ws.last_view(), state) == {}
        assert "*9 schools* · 9 waiting for partners to agree outcomes" in lead_home(ws)
        for school in MEMBER:
            cycle = summary_of(ws, school)
            partner = next(p for p in partners_of(school) if p != school)
            ws.click(MEMBER[partner], (cycle.summary_channel, cycle.summary_ts),
                     ids.ACTION_OPEN_AGREEMENT)  # fmt: skip
            assert ws.submit(MEMBER[partner], ws.last_view(), agreement_state("agree")) == {}
        ws.bot.worker.drain()
        assert "*9 schools* · 9 outcomes agreed" in lead_home(ws)
        summary = json.dumps(ws.slack.messages[(hill.summary_channel, hill.summary_ts)])
        assert "Outcomes agreed* by <@UA2> (Oakfield) on <!date^" in summary

        # The lead's export holds the round: every school, its levels and where it stands.
        assert "in our DM" in json.dumps(ws.command(LEAD, "alliance export"))
    files = uploaded(slack)
    [workbook] = [name for name in files if name.endswith(".xlsx")]
    assert workbook.startswith("East Midlands TSA - review round 1")
    book = openpyxl.load_workbook(io.BytesIO(files[workbook]))
    overview = [[c for c in row if c is not None] for row in book["Overview"].values]
    shown = json.dumps(overview, ensure_ascii=False, default=str)
    for school in MEMBER:
        assert school in shown
    assert shown.count("outcomes agreed") == 9
    assert "Hillmead" in book.sheetnames
    hillmead = json.dumps([list(r) for r in book["Hillmead"].values], default=str)
    assert "Hillmead evidence" not in hillmead  # not shared with the alliance's leads
    assert "Evidence not shared with the alliance" in hillmead
