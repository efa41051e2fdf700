"""The alliance's export end to end: a lead asks (the command, or the "Export the round"
button), the outbox builds the workbook and CSV and sends them to the lead's DM; anyone
else, and any forged button, is refused in plain words and nothing is sent."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import openpyxl
import pytest

import storage
from bot import ids
from core.clock import uk_date
from reports.alliance_model import NOT_SHARED
from storage import alliances, rounds
from tests.bot.handlers.test_exports import dm_uploads, uploaded
from tests.bot.trio_setup import form_trio, school_id
from tests.conftest import judge_all
from tests.reports.alliance_samples import first_round, join

LEAD = "ULEAD"
HILL_EVIDENCE = "Hillmead's evidence: governors meet termly"
OAK_EVIDENCE = "Oakfield's evidence, kept from the leads"


@pytest.fixture
def alliance(workspace, store, framework):
    """East Midlands TSA, led by ULEAD, in review round 1: Hillmead (shares its evidence)
    and Oakfield (does not) in one trio, each judged every area; Faraway set up outside."""
    form_trio(workspace, [("UA1", "Hillmead"), ("UB1", "Oakfield")])
    form_trio(workspace, [("UX1", "Faraway")], channel="CFAR000001")
    with store.connect() as db:
        made = alliances.create_alliance(db, "East Midlands TSA", LEAD)
        opened = first_round(db, made.id)
        for user, name, evidence in (
            ("UA1", "Hillmead", HILL_EVIDENCE),
            ("UB1", "Oakfield", OAK_EVIDENCE),
        ):
            school = school_id(workspace, name)
            join(db, made.id, storage.get_school(db, school), user)
            cycle = storage.start_cycle(db, school, framework, user)
            rounds.add_cycle(db, opened.id, school, cycle.id)
            judge_all(db, framework, cycle.id, 3, user=user, evidence=evidence)
        alliances.set_evidence_sharing(db, school_id(workspace, "Hillmead"), True)
    return made


def button(alliance_id) -> dict:
    return {
        "type": "button",
        "action_id": ids.ACTION_EXPORT_ALLIANCE,
        "value": json.dumps({"a": alliance_id}),
    }


def test_the_lead_gets_the_rounds_workbook_and_csv_by_dm(workspace, slack, alliance):
    said = workspace.command(LEAD, "alliance export")["text"]
    assert said == (
        "Building the East Midlands TSA round workbook and its CSV; I'll send them to you in "
        "a moment, in our DM."
    )
    (upload,) = dm_uploads(slack)
    assert upload["channel_id"] == "DLEAD"
    assert upload["initial_comment"].startswith("The East Midlands TSA review round 1, 2 schools")
    assert (
        "the evidence of the 1 school that shares it with the alliance's leads"
        in (upload["initial_comment"])
    )
    files = uploaded(slack)
    stem = f"East Midlands TSA - review round 1 - {uk_date(datetime.now(UTC))}"
    assert sorted(files) == [f"{stem}.csv", f"{stem}.xlsx"]
    book = openpyxl.load_workbook(io.BytesIO(files[f"{stem}.xlsx"]))
    assert book.sheetnames == ["Overview", "Heatmap", "Hillmead", "Oakfield"]
    every = {v for ws in book for row in ws.iter_rows(values_only=True) for v in row}
    assert HILL_EVIDENCE in every
    assert OAK_EVIDENCE not in every
    assert NOT_SHARED in every
    assert "Faraway" not in every  # not in the alliance
    names = {row[0]: row[1] for row in book["Hillmead"].iter_rows(values_only=True) if row[0]}
    assert names["Completed by"] == "Person UA1"  # the name Slack gave (users.info)
    csv_text = files[f"{stem}.csv"].decode()
    assert csv_text.count("\n") == 3  # the header and a row a school


def test_the_lead_may_ask_for_the_csv_alone(workspace, slack, alliance):
    said = workspace.command(LEAD, "alliance export csv")["text"]
    assert said.startswith("Building the East Midlands TSA round CSV; I'll send it to you")
    assert [name[-4:] for name in uploaded(slack)] == [".csv"]


def test_the_button_sends_the_round_and_says_so(workspace, slack, alliance):
    workspace.act(LEAD, button(alliance.id))
    assert workspace.ephemeral_replies()[-1].startswith("Building the East Midlands TSA round")
    assert len(dm_uploads(slack)) == 1


@pytest.mark.parametrize("user", ["UA1", "UX1", "UZ9"])  # a member of an alliance school,
def test_nobody_but_a_lead_may_export_the_round(workspace, slack, alliance, user):  # others
    said = workspace.command(user, "alliance export")["text"]
    assert said.startswith("You don't lead an alliance, so there is no round to export.")
    workspace.act(user, button(alliance.id))  # the lead's button, forwarded or forged
    assert workspace.ephemeral_replies()[-1] == (
        "Only the leads of East Midlands TSA can export the alliance's round."
    )
    assert dm_uploads(slack) == []
    workspace.command(LEAD, "alliance export")  # the positive control
    assert len(dm_uploads(slack)) == 1


def test_a_forged_alliance_is_refused(workspace, slack, store, alliance):
    with store.connect() as db:
        other = alliances.create_alliance(db, "North Alliance", "UNORTH")
    workspace.act(LEAD, button(other.id))  # an alliance the lead does not lead
    assert workspace.ephemeral_replies()[-1] == (
        "Only the leads of North Alliance can export the alliance's round."
    )
    workspace.act(LEAD, button(999_999))
    assert workspace.ephemeral_replies()[-1] == (
        "That alliance no longer exists, so there is nothing to export."
    )
    workspace.act(LEAD, {**button(alliance.id), "value": '{"a": "1; drop"}'})
    assert workspace.ephemeral_replies()[-1].startswith("This button or form is out of date")
    assert dm_uploads(slack) == []


def test_a_lead_of_two_alliances_names_the_one(workspace, slack, store, alliance):
    with store.connect() as db:
        alliances.create_alliance(db, "North Alliance", LEAD)
    said = workspace.command(LEAD, "alliance export")["text"]
    assert said.startswith("Which alliance? You lead East Midlands TSA, North Alliance")
    assert dm_uploads(slack) == []
    said = workspace.command(LEAD, "alliance export east midlands xlsx")["text"]
    assert said.startswith("Building the East Midlands TSA round workbook; I'll send it")
    assert [name[-5:] for name in uploaded(slack)] == [".xlsx"]


def test_a_refused_upload_is_explained(workspace, slack, alliance):
    slack.fail("files.completeUploadExternal", "not_allowed_token_type")
    workspace.command(LEAD, "alliance export")
    said = workspace.posts(LEAD)[-1]["text"]
    assert said.startswith(
        "I couldn't send you the alliance's round (not_allowed_token_type). Nothing is lost: "
        "try `/peer-review alliance export` again"
    )


def test_a_lead_removed_before_the_files_are_built_gets_nothing(workspace, slack, store, alliance):
    workspace.deliver = False
    workspace.command(LEAD, "alliance export")
    with store.connect() as db:
        db.execute("DELETE FROM alliance_leads WHERE user_id = ?", [LEAD])
    workspace.bot.worker.drain()
    assert dm_uploads(slack) == []
    assert "you no longer lead that alliance" in workspace.posts(LEAD)[-1]["text"]
    with store.connect() as db:
        alliances.add_lead(db, alliance.id, LEAD, added_by=LEAD)
    workspace.deliver = True
    workspace.command(LEAD, "alliance export")  # the positive control
    assert len(dm_uploads(slack)) == 1


def test_the_alliances_name_is_shown_as_typed_never_as_markup(workspace, slack, store, alliance):
    with store.connect() as db:
        db.execute("UPDATE alliances SET name = ? WHERE id = ?", ["<!channel> & Co", alliance.id])
    said = workspace.command(LEAD, "alliance export")["text"]
    assert said.startswith("Building the &lt;!channel&gt; &amp; Co round workbook")
    assert dm_uploads(slack)[-1]["initial_comment"].startswith("The &lt;!channel&gt; &amp; Co")
