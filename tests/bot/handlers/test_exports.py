from __future__ import annotations

import io

import openpyxl

from tests.bot.conftest import TRIO, setup_values


def uploaded(slack):
    """The files of the last upload, by file name (the upload URL's bytes)."""
    names = [c["filename"] for c in slack.called("files.getUploadURLExternal")]
    return dict(zip(names, list(slack.uploads.values())[-len(names) :], strict=True))


def test_export_sends_the_workbook_and_csv_to_the_requesters_dm(workspace, slack, summary):
    ack = workspace.command("UA2", "export")
    assert "Preparing the diagnostic of Hillmead" in ack["text"]
    complete = slack.called("files.completeUploadExternal")[-1]
    assert complete["channel_id"] == "DA2"
    files = uploaded(slack)
    xlsx = next(v for k, v in files.items() if k.endswith(".xlsx"))
    csv_text = next(v for k, v in files.items() if k.endswith(".csv")).decode()
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
