from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import openpyxl

from bot import ids
from core.clock import uk_date
from tests.bot.conftest import TRIO, setup_values
from tests.reports import pdftools


def uploaded(slack):
    """The files of the last upload to a DM, by file name (the upload URL's bytes)."""
    last = [c for c in slack.called("files.completeUploadExternal") if c["channel_id"][0] == "D"]
    shared = json.loads(last[-1]["files"])
    return {slack.files[f["id"]]["name"]: slack.uploads[f["id"]] for f in shared}


def dm_uploads(slack):
    return [c for c in slack.called("files.completeUploadExternal") if c["channel_id"][0] == "D"]


def test_export_sends_the_workbook_and_csv_to_the_requesters_dm(workspace, slack, summary):
    ack = workspace.command("UA2", "export")
    assert "Preparing the diagnostic of Hillmead" in ack["text"]
    complete = slack.called("files.completeUploadExternal")[-1]
    assert complete["channel_id"] == "DA2"
    files = uploaded(slack)
    xlsx = next(v for k, v in files.items() if k.endswith(".xlsx"))
    csv_text = next(v for k, v in files.items() if k.endswith(".csv")).decode()
    stem = f"Hillmead - peer review cycle 1 - {uk_date(datetime.now(UTC))}"
    assert sorted(files) == [f"{stem}.csv", f"{stem}.xlsx"]
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    assert book.sheetnames[:2] == ["Input", "Output"]
    assert book["Input"]["B3"].value == "Hillmead"
    assert csv_text.count("\n") == 6  # header and five judgements


def test_trio_export_holds_the_partners_with_a_review(workspace, slack, summary):
    workspace.command("UB1", "start")  # Oakfield has begun; Riverside has not
    workspace.command("UA1", "export trio")
    book = openpyxl.load_workbook(
        io.BytesIO(next(v for k, v in uploaded(slack).items() if k.endswith(".xlsx")))
    )
    assert book.sheetnames[0] == "Trio"
    name = next(iter(uploaded(slack)))
    assert name.startswith("Hillmead and Oakfield - trio peer review - ")
    trio = list(book["Trio"].iter_rows(values_only=True))
    assert trio[2][1:3] == ("Hillmead (cycle 1)", "Oakfield (cycle 1)")


def test_nobody_outside_a_school_can_export(workspace, slack):
    assert "not a member of any school" in workspace.command("UZ9", "export")["text"]
    assert slack.called("files.completeUploadExternal") == []


def test_nothing_to_export_yet(workspace, slack):
    workspace.command("UA1", "setup")
    workspace.submit("UA1", workspace.last_view(), setup_values("Hillmead", channel=TRIO))
    said = workspace.command("UA1", "export")["text"]
    assert "Hillmead has no review yet, so there is nothing to export" in said
    assert slack.called("files.completeUploadExternal") == []


def test_a_refused_upload_is_explained(workspace, slack, summary):
    slack.fail("files.completeUploadExternal", "not_allowed_token_type")
    assert "Preparing the diagnostic of Hillmead" in workspace.command("UA1", "export")["text"]
    said = workspace.posts("UA1")[-1]["text"]
    assert "I couldn't send you the diagnostic (not_allowed_token_type)" in said


def test_a_refused_report_for_governors_is_called_the_report(workspace, slack, summary):
    slack.fail("files.completeUploadExternal", "not_allowed_token_type")
    workspace.click_home("UA1", ids.ACTION_EXPORT_PDF)
    said = workspace.posts("UA1")[-1]["text"]
    assert said.startswith(
        "I couldn't send you the report for governors (not_allowed_token_type). Nothing is "
        "lost: try `/peer-review export pdf` again"
    )


def test_someone_removed_before_the_export_is_sent_gets_nothing(workspace, slack, store):
    workspace.command("UA1", "setup")
    workspace.submit(
        "UA1", workspace.last_view(), setup_values("Hillmead", members=("UA2",), channel=TRIO)
    )
    workspace.command("UA1", "start")
    workspace.deliver = False
    assert "Preparing" in workspace.command("UA2", "export")["text"]
    import storage

    with store.connect() as db:  # UA2 leaves Hillmead before the worker gets to it
        storage.remove_member(db, storage.find_school(db, "Hillmead").id, "UA2", "UA1")
    workspace.bot.worker.drain()
    assert slack.called("files.completeUploadExternal") == []
    assert "you are no longer a member of that school" in workspace.posts("UA2")[-1]["text"]
    workspace.deliver = True
    workspace.command("UA1", "export")  # the positive control: a member still gets it
    assert len(slack.called("files.completeUploadExternal")) == 1


def one_page_pdf(data: bytes, tmp_path) -> str:
    """The text of a PDF that a viewer reads as one A4 page."""
    assert data.startswith(b"%PDF")
    pdf = tmp_path / "uploaded.pdf"
    pdf.write_bytes(data)
    assert pdftools.info(pdf)["Pages"] == "1"
    assert "A4" in pdftools.info(pdf)["Page size"]
    return pdftools.text(pdf)


def test_export_pdf_sends_the_report_for_governors_by_dm(workspace, slack, summary, tmp_path):
    ack = workspace.command("UA2", "export pdf")
    assert "Preparing the report for governors of Hillmead" in ack["text"]
    complete = dm_uploads(slack)[-1]
    assert complete["channel_id"] == "DA2"
    assert "The report for governors of Hillmead" in complete["initial_comment"]
    files = uploaded(slack)
    stem = f"Hillmead - peer review cycle 1 - {uk_date(datetime.now(UTC))}"
    assert list(files) == [f"{stem}.pdf"]  # the report only: no workbook, no CSV
    text = one_page_pdf(files[f"{stem}.pdf"], tmp_path)
    assert "Hillmead" in text
    assert "Overall: Expanding (2)" in text
    assert "Person UA1" in text  # who completed it, by the name Slack gave (users.info)
    assert "UA1" not in text.replace("Person UA1", "")


def test_the_home_tab_button_sends_the_report_for_governors(workspace, slack, summary, tmp_path):
    """From the Home tab the report in our DM is the answer: no message comes before or
    after it saying it is on its way; its words say whose it is and of which cycle."""
    said = len(workspace.posts("UA1"))
    workspace.click_home("UA1", ids.ACTION_EXPORT_PDF)
    assert len(workspace.posts("UA1")) == said
    complete = dm_uploads(slack)[-1]
    assert complete["channel_id"] == "DA1"
    assert complete["initial_comment"] == (
        "The report for governors of Hillmead, review cycle 1: one page, to print."
    )
    files = uploaded(slack)
    assert [name[-4:] for name in files] == [".pdf"]
    assert "Secure (3)" in one_page_pdf(next(iter(files.values())), tmp_path)
    workspace.click_home("UA1", ids.ACTION_EXPORT)  # the workbook too: its files are the answer
    assert len(workspace.posts("UA1")) == said
    assert sorted(name[-4:] for name in uploaded(slack)) == [".csv", "xlsx"]
    workspace.click_home("UZ9", ids.ACTION_EXPORT_PDF)  # the positive control: a refusal is said
    assert "not a member of any school" in workspace.posts("UZ9")[-1]["text"]


def test_the_acknowledgement_says_what_comes_and_where(workspace, slack, summary):
    """Typed in our DM, the report will be here; typed in a channel, it goes to our DM. One
    school's report is one page; a trio's, a page per school (those with a review)."""
    in_dm = workspace.command("UA1", "export pdf", channel="DA1")["text"]
    assert in_dm == (
        "Preparing the report for governors of Hillmead (PDF, one page); it will be here in a "
        "moment."
    )
    in_channel = workspace.command("UA1", "export pdf", channel="CGENERAL")["text"]
    assert in_channel.endswith("(PDF, one page); I'll send it to our DM.")
    workspace.command("UB1", "start")  # Oakfield has begun; Riverside has not
    trio = workspace.command("UA1", "export pdf trio", channel="CGENERAL")["text"]
    assert trio.startswith("Preparing the report for governors of Hillmead and Oakfield (PDF, a")
    assert "a page per school" in trio
    workbook = workspace.command("UA1", "export", channel="DA1")["text"]
    assert workbook == (
        "Preparing the diagnostic of Hillmead (workbook and CSV); they will be here in a moment."
    )


def start_cycle_2(workspace):
    workspace.command("UA1", "new-cycle")  # one confirmation: its form, submitted
    workspace.submit("UA1", workspace.last_view(), {})


def test_after_a_new_cycle_the_report_is_of_the_finished_one(workspace, slack, summary, tmp_path):
    """The new cycle has nothing judged yet: both routes report cycle 1, whose outcomes and
    levels governors need; cycle 2, with nothing in it yet, is not offered."""
    start_cycle_2(workspace)
    workspace.click_home("UA1", ids.ACTION_EXPORT_PDF)
    workspace.command("UA1", "export pdf", channel="DA1")
    stem = f"Hillmead - peer review cycle 1 - {uk_date(datetime.now(UTC))}"
    for complete in dm_uploads(slack):
        assert complete["initial_comment"] == (
            "The report for governors of Hillmead, review cycle 1: one page, to print."
        )
    ((name, data),) = uploaded(slack).items()
    assert name == f"{stem}.pdf"
    text = one_page_pdf(data, tmp_path)
    assert "Review cycle 1" in text
    assert "Secure (3)" in text
    assert "Review cycle 2" not in text


def test_the_report_of_a_cycle_asked_for(workspace, slack, summary, tmp_path):
    start_cycle_2(workspace)
    ack = workspace.command("UA1", "export pdf cycle 2", channel="DA1")["text"]
    assert ack.startswith("Preparing the report for governors of Hillmead (cycle 2, PDF, one")
    assert dm_uploads(slack)[-1]["initial_comment"].startswith(
        "The report for governors of Hillmead, review cycle 2: one page, to print. "
        "For another cycle: `/peer-review export pdf cycle 1`."
    )
    text = one_page_pdf(next(iter(uploaded(slack).values())), tmp_path)
    assert "Review cycle 2" in text
    assert "In progress: 0 of 5 areas judged" in text
    assert "Cycle 1 · " in text  # the radar shows the cycle before it
    workspace.command("UA1", "export pdf cycle1")  # written together, or the number alone
    workspace.command("UA1", "export pdf 1")
    for data in last_pdfs(slack, 2):
        assert "Review cycle 1" in one_page_pdf(data, tmp_path)


def last_pdfs(slack, count):
    shared = [json.loads(c["files"])[0]["id"] for c in dm_uploads(slack)[-count:]]
    return [slack.uploads[f] for f in shared]


def test_a_cycle_there_is_not_is_refused_naming_those_there_are(workspace, slack, summary):
    only = workspace.command("UA1", "export pdf cycle 2")["text"]
    assert only == "Hillmead has no review cycle 2: there is only cycle 1."
    start_cycle_2(workspace)
    assert workspace.command("UA1", "export pdf cycle 7")["text"] == (
        "Hillmead has no review cycle 7: there are cycles 1 and 2."
    )
    which = workspace.command("UA1", "export pdf cycle")["text"]
    assert which == "Which review cycle? For example `/peer-review export pdf cycle 1`."
    workbook = workspace.command("UA1", "export cycle 1")["text"]
    assert workbook.startswith("The workbook and its CSV hold every review cycle")
    assert "`/peer-review export pdf cycle 1`" in workbook
    assert dm_uploads(slack) == []
    workspace.command("UA1", "export pdf cycle 2")  # the positive control: one there is
    assert len(dm_uploads(slack)) == 1


def test_a_trio_report_for_governors_has_a_page_per_school(workspace, slack, summary, tmp_path):
    workspace.command("UB1", "start")
    workspace.command("UA1", "export pdf trio")
    ((name, data),) = uploaded(slack).items()
    assert name.startswith("Hillmead and Oakfield - trio peer review - ")
    pdf = tmp_path / "trio.pdf"
    pdf.write_bytes(data)
    assert pdftools.info(pdf)["Pages"] == "2"


def test_nobody_outside_the_school_gets_its_report_for_governors(workspace, slack, summary):
    said = workspace.command("UB1", "export pdf")["text"]  # a partner, with a school of its own
    assert "has no review yet" in said
    assert "not a member of any school" in workspace.command("UZ9", "export pdf")["text"]
    workspace.click_home("UZ9", ids.ACTION_EXPORT_PDF)
    assert "not a member of any school" in workspace.posts("UZ9")[-1]["text"]
    assert dm_uploads(slack) == []
    workspace.command("UA1", "export pdf")  # the positive control: a member gets it
    assert len(dm_uploads(slack)) == 1


def test_the_workbook_names_people_as_slack_does_not_by_member_id(workspace, slack, summary, store):
    """Names learned at setup (users.info), one learned at export time (a partner who
    challenged), one renamed since (user_change): the files show each by name."""
    from tests.bot.handlers.test_threads import reply
    from tests.bot.workspace import event_body

    with store.connect() as db:  # as if Oakfield's head joined before names were kept
        db.execute("DELETE FROM people WHERE user_id = 'UB1'")
    slack.people["UB1"] = "Sam Lee"
    reply(
        workspace,
        "UB1",
        "ITT: where is the mentor evidence?",
        "1700000500.1",
        thread_ts=summary.summary_ts,
    )
    renamed = {"type": "user_change", "user": {"id": "UA1", "profile": {"real_name": "Jo Patel"}}}
    workspace.dispatch(event_body(renamed, "EvRename"))

    workspace.command("UA1", "export")
    files = uploaded(slack)
    book = openpyxl.load_workbook(
        io.BytesIO(next(v for k, v in files.items() if k.endswith("xlsx")))
    )
    cells = [
        str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row if c
    ]
    assert any("Jo Patel" in c for c in cells)  # completed and recorded by
    assert "Sam Lee" in cells  # the challenge's author, asked of Slack for the export
    assert not any(c in ("UA1", "UB1") or "UA1" in c.split(", ") for c in cells)
    csv_text = next(v for k, v in files.items() if k.endswith(".csv")).decode()
    assert "Jo Patel" in csv_text
    assert "UA1" not in csv_text
