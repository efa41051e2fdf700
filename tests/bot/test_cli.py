from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from bot.cli import main
from rubric.loader import BUILTIN_PACKAGE
from storage import LATEST

BUILTIN = Path(__file__).resolve().parents[2] / "rubric" / "frameworks" / "east-midlands-2017.yaml"


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in (
        "SLACK_BOT_TOKEN",
        "SLACK_APP_TOKEN",
        "SLACK_SIGNING_SECRET",
        "SLACK_API_URL",
        "PEER_REVIEW_DB",
    ):
        monkeypatch.delenv(name, raising=False)

    def invoke(*args: str, env: dict[str, str] | None = None, input: str | None = None):
        return CliRunner().invoke(main, list(args), env=env, input=input)

    return invoke


def test_builtin_package_name():
    assert BUILTIN_PACKAGE == "rubric.frameworks"
    assert BUILTIN.is_file()


def test_rubric_check_good_file(run):
    result = run("rubric", "check", str(BUILTIN))
    assert result.exit_code == 0
    assert "ok: East Midlands Teaching Schools Peer Review Framework" in result.output
    assert "5 areas, 4 levels" in result.output


def test_rubric_check_broken_file_prints_one_line(run, tmp_path):
    data = yaml.safe_load(BUILTIN.read_text())
    data["areas"][2]["levels"][3] = []
    broken = tmp_path / "broken.yaml"
    broken.write_text(yaml.safe_dump(data))
    result = run("rubric", "check", str(broken))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines == [f"{broken}: areas[2].levels.3: should not be empty"]
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("title: [unclosed\n", "line 2, column 1: is not valid YAML"),
        ("- just\n- a list\n", "should hold a mapping (key: value) at the top, not a list"),
        ("", "not nothing"),
    ],
)
def test_rubric_check_reports_yaml_problems(run, tmp_path, content, says):
    bad = tmp_path / "bad.yaml"
    bad.write_text(content)
    result = run("rubric", "check", str(bad))
    assert result.exit_code == 1
    assert says in result.output
    assert str(bad) in result.output


def test_rubric_check_missing_file(run):
    result = run("rubric", "check", "nowhere.yaml")
    assert result.exit_code == 1
    assert result.output.strip() == "nowhere.yaml: no such file"


def test_rubric_check_lists_further_problems(run, tmp_path):
    data = yaml.safe_load(BUILTIN.read_text())
    del data["title"]
    data["areas"][0]["colour"] = "red"
    bad = tmp_path / "two.yaml"
    bad.write_text(yaml.safe_dump(data))
    result = run("rubric", "check", str(bad))
    assert result.exit_code == 1
    assert result.output.splitlines()[0].endswith("(and 1 more problem)")
    assert "  also: " in result.output


@pytest.mark.parametrize("name", ["itt", "ITT", "3", "area 3", "Initial Teacher Training"])
def test_rubric_show_area(run, name):
    result = run("rubric", "show", name)
    assert result.exit_code == 0
    out = result.output
    assert out.startswith("Area 3: Initial Teacher Training (ITT)\n")
    for heading in (
        "Emerging (1)",
        "Expanding (2)",
        "Secure (3)",
        "Sustainable (4)",
        "Questions to support judgement: To what extent does the TS:",
        "Possible sources of evidence",
    ):
        assert heading in out
    assert out.index("Emerging (1)") < out.index("Sustainable (4)") < out.index("Questions")
    assert "Recruitment targets met." in out


def test_rubric_show_lists_areas(run):
    result = run("rubric", "show")
    assert result.exit_code == 0
    assert "5  s2ss" in result.output
    assert "Overall rating rule: floor" in result.output


def test_rubric_show_unknown_area(run):
    result = run("rubric", "show", "finance")
    assert result.exit_code == 1
    assert "No area 'finance'" in result.output
    assert "3 (itt)" in result.output


def test_rubric_show_from_a_file(run):
    assert run("rubric", "show", "cpd", "--framework", str(BUILTIN)).exit_code == 0


@pytest.mark.parametrize(
    ("args", "env", "says"),
    [
        (["serve"], {}, "SLACK_BOT_TOKEN is not set"),
        (["serve"], {"SLACK_BOT_TOKEN": "hunter2-secret"}, "should start with 'xoxb-'"),
        (["serve"], {"SLACK_BOT_TOKEN": "xoxb-1-secret"}, "SLACK_APP_TOKEN is not set"),
        (
            ["serve"],
            {"SLACK_BOT_TOKEN": "xoxb-1-secret", "SLACK_APP_TOKEN": "xoxb-2-secret"},
            "SLACK_APP_TOKEN does not look like an App-Level Token"[:31],
        ),
        (
            ["serve", "--http"],
            {"SLACK_BOT_TOKEN": "xoxb-1-secret"},
            "SLACK_SIGNING_SECRET is not set",
        ),
        (
            ["serve"],
            {"SLACK_BOT_TOKEN": "xoxb-1-secret", "SLACK_API_URL": "ftp://x"},
            "SLACK_API_URL must start with http",
        ),
    ],
)
def test_serve_refuses_bad_configuration_in_one_line(run, args, env, says):
    result = run(*args, env=env)
    assert result.exit_code == 2
    assert says in result.output
    assert "README.md" in result.output
    assert "Traceback" not in result.output
    for value in env.values():  # no token or secret is ever echoed back
        assert value.startswith("ftp") or value not in result.output


def test_db_migrate(run, tmp_path):
    target = tmp_path / "data" / "pr.db"
    target.parent.mkdir()
    result = run("db", "migrate", env={"PEER_REVIEW_DB": str(target)})
    assert result.exit_code == 0, result.output
    assert f"schema version {LATEST} of {LATEST}" in result.output
    again = run("db", "migrate", env={"PEER_REVIEW_DB": str(target)})
    assert "nothing to do" in again.output


@pytest.fixture
def reviewed_db(tmp_path):
    """A database file where Hillmead has two cycles and Oakfield is its partner."""
    import storage
    from rubric.loader import load_builtin
    from storage.store import Store
    from tests.conftest import judge_all

    framework = load_builtin()
    path = tmp_path / "cli.db"
    with Store(path).connect() as db:
        school = storage.create_school(db, "Hillmead Primary", "UA1")
        partner = storage.create_school(db, "Oakfield", "UB1")
        storage.set_trio(db, "C1", [school.id, partner.id], "UA1")
        judge_all(db, framework, storage.start_cycle(db, school.id, framework, "UA1").id, 2)
        second = storage.new_cycle(db, school.id, framework, "UA1")
        judge_all(db, framework, second.id, [3, 2, 1, 2, 4], key_actions="Recruit ITT leads")
        judge_all(db, framework, storage.start_cycle(db, partner.id, framework, "UB1").id, 3)
        storage.remember_name(db, "U1", "Jo Patel")  # who judged, as Slack names them
    return {"PEER_REVIEW_DB": str(path)}


def test_report_prints_ratings_shift_and_priorities(run, reviewed_db):
    result = run("report", "hillmead", env=reviewed_db)
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("Hillmead Primary · review cycle 2 (judged) · 5 of 5 areas judged")
    assert "1 Leadership" in out
    assert "Secure (3)" in out
    assert "Overall: Expanding (2), mean 2.4 (+0.4 since cycle 1)" in out
    assert "1. ITT — Emerging (1)\n       • Recruit ITT leads" in out
    assert "· completed by Jo Patel" in out  # a name, not a member ID
    lines = {line.split()[1]: line for line in out.splitlines() if line.startswith("  3 ")}
    assert lines["Initial"].rstrip().endswith("↓")


def test_unknown_school_lists_the_known_ones(run, reviewed_db):
    result = run("report", "Greenfield", env=reviewed_db)
    assert result.exit_code == 1
    assert "No school called 'Greenfield'" in result.output
    assert "Known schools: Hillmead Primary, Oakfield." in result.output
    assert run("export", "Greenfield", "--out", "x.xlsx", env=reviewed_db).exit_code == 1


def test_export_xlsx_and_csv(run, reviewed_db, tmp_path):
    import openpyxl

    xlsx = tmp_path / "hill.xlsx"
    result = run("export", "Hillmead Primary", "--out", str(xlsx), env=reviewed_db)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(xlsx)
    assert book["Input"]["B3"].value == "Hillmead Primary"
    trio = tmp_path / "trio.xlsx"
    assert run("export", "hillmead", "--trio", "--out", str(trio), env=reviewed_db).exit_code == 0
    assert openpyxl.load_workbook(trio).sheetnames[0] == "Trio"
    csv_file = tmp_path / "hill.csv"
    result = run("export", "Hillmead Primary", "--out", str(csv_file), env=reviewed_db)
    assert "10 judgements of Hillmead Primary" in result.output
    assert csv_file.read_text().count("\n") == 11


def test_export_pdf_writes_the_one_page_report_for_governors(run, reviewed_db, tmp_path):
    from tests.reports import pdftools

    pdf = tmp_path / "report.pdf"
    result = run("export", "Hillmead Primary", "--out", str(pdf), env=reviewed_db)
    assert result.exit_code == 0, result.output
    assert f"{pdf}: the report for governors of Hillmead Primary (cycle 2)" in result.output
    assert pdf.read_bytes().startswith(b"%PDF")
    assert pdftools.info(pdf)["Pages"] == "1"
    text = pdftools.text(pdf)
    assert "Hillmead Primary" in text
    assert "Overall: Expanding (2)" in text
    assert "Mean 2.4 of 4 across the 5 areas, +0.4 since cycle 1" in text
    trio = tmp_path / "trio.pdf"
    assert run("export", "hillmead", "--trio", "--out", str(trio), env=reviewed_db).exit_code == 0
    assert pdftools.info(trio)["Pages"] == "2"  # a page per school


def test_export_pdf_of_the_cycle_asked_for(run, reviewed_db, tmp_path):
    from tests.reports import pdftools

    pdf = tmp_path / "report.pdf"
    result = run("export", "hillmead", "--cycle", "1", "--out", str(pdf), env=reviewed_db)
    assert result.exit_code == 0, result.output
    assert f"{pdf}: the report for governors of Hillmead Primary (cycle 1)" in result.output
    text = pdftools.text(pdf)
    assert "Review cycle 1" in text
    assert "Overall: Expanding (2)" in text
    assert "since cycle" not in text  # cycle 1 has none before it


def test_export_refuses_a_cycle_there_is_not_and_a_cycle_of_the_workbook(
    run, reviewed_db, tmp_path
):
    pdf = tmp_path / "report.pdf"
    result = run("export", "hillmead", "--cycle", "3", "--out", str(pdf), env=reviewed_db)
    assert result.exit_code == 1
    assert "Hillmead Primary has no review cycle 3: there are cycles 1 and 2." in result.output
    xlsx = tmp_path / "hill.xlsx"
    result = run("export", "hillmead", "--cycle", "1", "--out", str(xlsx), env=reviewed_db)
    assert result.exit_code == 1
    assert "--cycle is for the .pdf: the workbook and CSV hold every cycle." in result.output
    assert not pdf.exists()
    assert not xlsx.exists()


def test_export_refuses_other_formats(run, reviewed_db, tmp_path):
    result = run("export", "Oakfield", "--out", str(tmp_path / "oak.docx"), env=reviewed_db)
    assert result.exit_code == 1
    assert "choose a file ending in .xlsx, .csv or .pdf" in result.output
    assert not (tmp_path / "oak.docx").exists()


def _schools(env: dict[str, str]) -> list[str]:
    import storage

    db = storage.open_database(env["PEER_REVIEW_DB"])
    try:
        return [s.name for s in storage.list_schools(db)]
    finally:
        db.close()


def test_school_erase_with_yes(run, reviewed_db):
    from storage.erasure import erasures
    from storage.store import Store

    result = run("school", "erase", "hillmead primary", "--yes", env=reviewed_db)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("school #1 erased: 2 review cycles, 10 judgements")
    assert _schools(reviewed_db) == ["Oakfield"]
    with Store(reviewed_db["PEER_REVIEW_DB"]).connect() as db:
        assert [e[:2] for e in erasures(db)] == [(1, "cli")]


def test_school_erase_asks_for_the_name_first(run, reviewed_db):
    result = run("school", "erase", "Hillmead Primary", env=reviewed_db, input="Hillmead\n")
    assert result.exit_code == 1
    assert "It cannot be undone" in result.output
    assert "Nothing erased." in result.output
    assert _schools(reviewed_db) == ["Hillmead Primary", "Oakfield"]
    result = run("school", "erase", "Hillmead Primary", env=reviewed_db, input="hillmead primary\n")
    assert result.exit_code == 0, result.output
    assert _schools(reviewed_db) == ["Oakfield"]


def test_school_erase_needs_the_exact_name(run, reviewed_db):
    result = run("school", "erase", "hillmead", "--yes", env=reviewed_db)
    assert result.exit_code == 1
    assert "No school called 'hillmead'" in result.output
    assert _schools(reviewed_db) == ["Hillmead Primary", "Oakfield"]


def test_db_backup_copies_and_will_not_overwrite_unless_forced(run, reviewed_db, tmp_path):
    copy = tmp_path / "backup.db"
    result = run("db", "backup", str(copy), env=reviewed_db)
    assert result.exit_code == 0, result.output
    assert f"backed up to {copy}" in result.output
    assert _schools({"PEER_REVIEW_DB": str(copy)}) == ["Hillmead Primary", "Oakfield"]
    again = run("db", "backup", str(copy), env=reviewed_db)
    assert again.exit_code == 1
    assert "already exists" in again.output
    assert run("db", "backup", str(copy), "--force", env=reviewed_db).exit_code == 0
    missing = run("db", "backup", str(copy), "--force", env={"PEER_REVIEW_DB": "nowhere.db"})
    assert missing.exit_code == 1
    assert "no such database file" in missing.output


@pytest.fixture
def alliance_db(tmp_path):
    """East Midlands TSA in review round 1 (tests/reports/alliance_samples.py): Hillmead
    shares its evidence with the leads, Oakfield does not."""
    from rubric.loader import load_builtin
    from storage.store import Store
    from tests.reports.alliance_samples import east_midlands

    path = tmp_path / "alliance.db"
    with Store(path).connect() as db:
        east_midlands(db, load_builtin())
    return {"PEER_REVIEW_DB": str(path)}


def test_export_alliance_writes_the_rounds_workbook_as_the_leads_see_it(run, alliance_db, tmp_path):
    import openpyxl

    from reports.alliance_model import NOT_SHARED
    from tests.reports.alliance_samples import HILL_EVIDENCE, OAK_EVIDENCE

    xlsx = tmp_path / "round.xlsx"
    result = run("export", "--alliance", "east midlands", "--out", str(xlsx), env=alliance_db)
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"{xlsx}: the East Midlands TSA review round 1, 3 schools (1 sharing evidence with "
        "the leads)\n"
    )
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames == ["Overview", "Heatmap", "Hillmead", "Oakfield", "Riverside"]
    every = {v for ws in book for row in ws.iter_rows(values_only=True) for v in row}
    assert HILL_EVIDENCE in every
    assert NOT_SHARED in every
    assert OAK_EVIDENCE not in every
    table = tmp_path / "round.csv"
    result = run("export", "--alliance", "East Midlands TSA", "--out", str(table), env=alliance_db)
    assert result.exit_code == 0, result.output
    assert table.read_text().count("\n") == 4  # the header and a row a school


def test_export_alliance_names_both_files_after_the_round(run, alliance_db, tmp_path):
    result = run("export", "--alliance", "East Midlands TSA", env=alliance_db)
    assert result.exit_code == 0, result.output
    made = sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".xlsx", ".csv"))
    assert [Path(name).suffix for name in made] == [".csv", ".xlsx"]
    assert all(name.startswith("East Midlands TSA - review round 1 - ") for name in made)


def test_export_alliance_refuses_what_it_cannot_do(run, alliance_db):
    unknown = run("export", "--alliance", "Northern Lights", "--out", "x.xlsx", env=alliance_db)
    assert unknown.exit_code == 1
    assert "No alliance called 'Northern Lights'" in unknown.output
    assert "Known alliances: East Midlands TSA." in unknown.output
    assert "Traceback" not in unknown.output
    pdf = run("export", "--alliance", "East Midlands TSA", "--out", "x.pdf", env=alliance_db)
    assert (pdf.exit_code, pdf.output) == (1, "x.pdf: choose a file ending in .xlsx or .csv\n")
    both = run("export", "Hillmead", "--alliance", "East Midlands TSA", env=alliance_db)
    assert both.exit_code == 2  # a usage error, as click gives
    assert "name no SCHOOL with it" in both.output
    neither = run("export", env=alliance_db)
    assert neither.exit_code == 2
    assert "Name a SCHOOL and --out FILE (or --alliance NAME)." in neither.output
