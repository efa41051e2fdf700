"""The alliance workbook and CSV: the overview as a heatmap with each school's progress, the
distribution chart, a sheet per school with its evidence only where it shares it with the
alliance's leads, and nothing a person typed that can run."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import UTC, date, datetime
from xml.etree import ElementTree

import openpyxl
import pytest

import storage
from core.clock import uk_date
from reports.alliance import (
    alliance_file_stem,
    level_colour,
    write_alliance_csv,
    write_alliance_xlsx,
)
from reports.alliance_model import NOT_SHARED, alliance_report
from storage import alliances
from tests.reports import office, pdftools
from tests.reports.alliance_samples import (
    HILL_EVIDENCE,
    OAK_ACTIONS,
    OAK_EVIDENCE,
    east_midlands,
    join,
)
from tests.reports.test_workbook import CHART, HOSTILE, REFERENCE, cells

TODAY = date(2026, 3, 16)  # after the challenge date, before the outcomes date


def book_of(report, framework) -> bytes:
    buffer = io.BytesIO()
    write_alliance_xlsx(report, framework, buffer)
    return buffer.getvalue()


@pytest.fixture
def sample(db, framework):
    return east_midlands(db, framework)


@pytest.fixture
def report(db, framework, sample):
    return alliance_report(db, framework, sample.alliance.id, viewer="ULEAD", today=TODAY)


@pytest.fixture
def book(report, framework):
    return openpyxl.load_workbook(io.BytesIO(book_of(report, framework)))


def rows_by_school(sheet, header_row: int = 3) -> dict[str, dict[str, object]]:
    every = cells(sheet)
    headers = every[header_row - 1]
    return {row[0]: dict(zip(headers, row, strict=True)) for row in every[header_row:] if row[0]}


def test_the_book_has_the_overview_the_heatmap_and_a_sheet_per_school(book):
    assert book.sheetnames == ["Overview", "Heatmap", "Hillmead", "Oakfield", "Riverside"]
    assert book["Overview"]["A1"].value == (
        "East Midlands TSA: review round 1 (self-evaluation due 6 Mar 2026, challenge due "
        "13 Mar 2026, outcomes due 27 Mar 2026)"
    )


def test_the_overview_has_each_schools_levels_and_progress_trio_by_trio(book):
    rows = rows_by_school(book["Overview"])
    assert list(rows) == ["Hillmead", "Oakfield", "Riverside"]  # Faraway is in no alliance
    hill, oak, river = rows.values()
    assert [hill[f"{n} {a}"] for n, a in enumerate(AREAS, start=1)] == [3, 2, 1, 2, 4]
    assert (hill["Overall"], hill["Overall rating"], hill["Mean"]) == (2, "Expanding", 2.4)
    assert hill["Trio partners"] == "Oakfield"
    assert (hill["Stage"], hill["Areas judged"], hill["Summary posted"]) == (
        "outcomes agreed",
        5,
        "yes",
    )
    assert (hill["Challenges open"], hill["Challenges answered"], hill["Challenges resolved"]) == (
        1,
        0,
        0,
    )
    assert hill["Outcomes agreed"] == f"{uk_date(datetime.now(UTC))} by Priya Shah"
    assert hill["Evidence shared"] == "yes"
    assert (oak["Stage"], oak["Due"], oak["Overdue"]) == ("outcomes", "27 Mar 2026", None)
    assert (oak["Summary posted"], oak["Evidence shared"]) == ("no", "no")
    assert oak["Outcomes agreed"] is None
    assert (river["Stage"], river["Review cycle"], river["1 Leadership"]) == (
        "not started",
        None,
        None,
    )
    assert river["Overall rating"] == "not yet rated"


AREAS = ("Leadership", "Infrastructure", "ITT", "CPD", "S2SS")


def test_a_stage_past_its_date_is_overdue(db, framework, sample):
    later = alliance_report(
        db, framework, sample.alliance.id, viewer="ULEAD", today=date(2026, 3, 28)
    )
    rows = rows_by_school(openpyxl.load_workbook(io.BytesIO(book_of(later, framework)))["Overview"])
    assert rows["Oakfield"]["Overdue"] == "overdue"
    assert rows["Hillmead"]["Overdue"] is None  # done: nothing is due


def test_the_levels_are_coloured_as_a_heatmap(book):
    overview = book["Overview"]
    ranges = {str(r.sqref): r.rules for r in overview.conditional_formatting}
    assert list(ranges) == ["D4:I6"]  # five areas and the overall level, every school
    (rule,) = ranges["D4:I6"]
    assert rule.type == "colorScale"
    assert [v.val for v in rule.colorScale.cfvo] == [1, 2.5, 4]  # lowest, middle, highest
    grid = {str(r.sqref) for r in book["Heatmap"].conditional_formatting}
    assert len(grid) == 1


def test_the_heatmap_counts_the_schools_at_each_level_in_each_area(book):
    every = cells(book["Heatmap"])
    assert every[2][:6] == (
        "Area",
        "Emerging (1)",
        "Expanding (2)",
        "Secure (3)",
        "Sustainable (4)",
        "Not judged",
    )
    table = {row[0]: row[1:6] for row in every[3:8]}
    assert table == {
        "1 Leadership": (0, 1, 1, 0, 1),  # Hillmead 3, Oakfield 2, Riverside not started
        "2 Infrastructure": (0, 2, 0, 0, 1),
        "3 ITT": (1, 0, 1, 0, 1),
        "4 CPD": (0, 1, 1, 0, 1),
        "5 S2SS": (0, 1, 0, 1, 1),
    }
    grid = {row[0]: row[1:7] for row in every[9:] if row[0] in ("Hillmead", "Oakfield")}
    assert grid == {"Hillmead": (3, 2, 1, 2, 4, 2), "Oakfield": (2, 2, 3, 3, 2, 2)}


def charts_in(data: bytes) -> list[ElementTree.Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = sorted(n for n in archive.namelist() if n.startswith("xl/charts/chart"))
        return [ElementTree.fromstring(archive.read(n)) for n in names]  # noqa: S314


def test_the_heatmap_sheet_has_a_stacked_column_chart_of_the_levels(report, framework):
    (chart,) = charts_in(book_of(report, framework))
    bar = chart.find(f"{CHART}chart/{CHART}plotArea/{CHART}barChart")
    assert bar is not None
    assert bar.find(f"{CHART}grouping").get("val") == "stacked"
    cached = f"{CHART}tx/{CHART}strRef/{CHART}strCache/{CHART}pt/{CHART}v"
    names = [s.find(cached).text for s in bar.iter(f"{CHART}ser")]
    assert names == ["Emerging (1)", "Expanding (2)", "Secure (3)", "Sustainable (4)", "Not judged"]
    formulas = [f.text for f in chart.iter(f"{CHART}f")]
    assert "Heatmap!$A$1" in formulas  # the title is the sheet's title cell
    assert "Heatmap!$A$4:$A$8" in formulas  # the areas


def test_the_chart_colours_the_levels_as_the_heatmap_does():
    levels = (1, 2, 3, 4)
    assert level_colour(1, levels) == "#F8696B"
    assert level_colour(4, levels) == "#63BE7B"
    assert level_colour(2, levels) not in ("#F8696B", "#FFEB84", "#63BE7B")


def test_evidence_is_shown_only_for_a_school_that_shares_it(book):
    hill = cells(book["Hillmead"])
    oak = cells(book["Oakfield"])
    hill_text = {v for row in hill for v in row if isinstance(v, str)}
    oak_text = {v for row in oak for v in row if isinstance(v, str)}
    assert HILL_EVIDENCE in hill_text
    assert "Recruit ITT leads" in hill_text
    assert NOT_SHARED not in hill_text
    assert NOT_SHARED in oak_text
    assert not {OAK_EVIDENCE, OAK_ACTIONS} & {v for ws in book for row in cells(ws) for v in row}
    levels = {row[0]: row[1] for row in oak if row[0] and row[0][0].isdigit()}
    assert levels["3 Initial Teacher Training"] == 3  # the levels are there all the same
    assert "Peer challenge comments" in hill_text
    assert "Peer challenge comments" not in oak_text


def test_once_a_school_shares_its_evidence_it_is_in_the_book(db, framework, sample):
    alliances.set_evidence_sharing(db, sample.oak.id, True)
    shared = alliance_report(db, framework, sample.alliance.id, viewer="ULEAD", today=TODAY)
    book = openpyxl.load_workbook(io.BytesIO(book_of(shared, framework)))
    assert OAK_EVIDENCE in {v for row in cells(book["Oakfield"]) for v in row}


def test_a_lead_who_is_also_a_member_sees_their_own_schools_evidence(db, framework, sample):
    report = alliance_report(db, framework, sample.alliance.id, viewer="UB1", today=TODAY)
    assert [s.evidence for s in report.schools] == [True, True, False]  # member, partner


def test_the_offline_export_shows_what_any_lead_sees(db, framework, sample):
    report = alliance_report(db, framework, sample.alliance.id, viewer=None, today=TODAY)
    assert [s.evidence for s in report.schools] == [True, False, False]


def test_people_are_named(book):
    header = {row[0]: row[1] for row in cells(book["Hillmead"]) if row[0]}
    assert header["Completed by"] == "Jo Patel"
    assert header["Peer challenged by"] == "Priya Shah"
    assert header["Outcomes agreed"].endswith("by Priya Shah")


def test_the_csv_is_the_overview(report, framework):
    out = io.StringIO()
    assert write_alliance_csv(report, framework, out) == 3
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [r["School"] for r in rows] == ["Hillmead", "Oakfield", "Riverside"]
    assert rows[0]["3 ITT"] == "1"
    assert rows[1]["Stage"] == "outcomes"


def test_the_file_is_named_after_the_alliance_and_round(report):
    stem = alliance_file_stem(report, TODAY)
    assert stem == "East Midlands TSA - review round 1 - 16 Mar 2026"


def test_an_alliance_without_a_round_shows_each_schools_current_cycle(db, framework):
    made = alliances.create_alliance(db, "North", "ULEAD")
    school = storage.create_school(db, "Northfield", "UN1")
    join(db, made.id, school, "UN1")
    storage.start_cycle(db, school.id, framework, "UN1")
    report = alliance_report(db, framework, made.id, viewer="ULEAD", today=TODAY)
    assert report.round is None
    assert alliance_file_stem(report, TODAY) == "North - current reviews - 16 Mar 2026"
    book = openpyxl.load_workbook(io.BytesIO(book_of(report, framework)))
    assert rows_by_school(book["Overview"])["Northfield"]["Stage"] == "self-evaluation"


@pytest.fixture
def hostile(db, framework):
    """The alliance with a school of each hostile name besides, its evidence shared."""
    sample = east_midlands(db, framework, hill_name=HOSTILE[0])
    for n, text in enumerate([*HOSTILE[1:], "Overview", "Heatmap"]):
        school = storage.create_school(db, text, f"UH{n}")
        join(db, sample.alliance.id, school, f"UH{n}")
        alliances.set_evidence_sharing(db, school.id, True)
        cycle = storage.start_cycle(db, school.id, framework, f"UH{n}")
        storage.record_judgement(
            db, cycle.id, "itt", 2, evidence=text, recorded_by=f"UH{n}", framework=framework
        )
    report = alliance_report(db, framework, sample.alliance.id, viewer="ULEAD", today=TODAY)
    return book_of(report, framework)


def test_hostile_names_make_valid_unique_sheets_and_no_formulas(hostile):
    book = openpyxl.load_workbook(io.BytesIO(hostile))
    names = book.sheetnames
    assert len(names) == len({n.casefold() for n in names}) == 2 + 3 + len(HOSTILE) + 1
    assert names[:2] == ["Overview", "Heatmap"]
    assert "Overview (2)" in names
    assert "Heatmap (2)" in names
    for name in names:
        assert len(name.encode("utf-16-le")) <= 62
        assert not re.search(r"[\[\]:*?/\\]", name)
    formulas = [
        c.coordinate for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"
    ]
    assert formulas == []
    texts = [c.value for ws in book for row in ws.iter_rows() for c in row if c.data_type == "s"]
    for text in HOSTILE:
        assert text in texts  # as typed, in a string cell
    for formula in (f.text for chart in charts_in(hostile) for f in chart.iter(f"{CHART}f")):
        assert REFERENCE.fullmatch(formula), formula


def test_the_csv_makes_text_that_starts_like_a_formula_safe(db, framework):
    sample = east_midlands(db, framework, hill_name="=cmd|' /C calc'!A0")
    report = alliance_report(db, framework, sample.alliance.id, viewer="ULEAD", today=TODAY)
    out = io.StringIO()
    write_alliance_csv(report, framework, out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows[0]["School"] == "'=cmd|' /C calc'!A0"
    assert rows[1]["Trio partners"] == "'=cmd|' /C calc'!A0"


def test_libreoffice_prints_the_book_with_no_text_over_other_text(db, framework, tmp_path):
    """The workbook as LibreOffice prints it (as tests/reports/test_libreoffice.py reads the
    school's): every sheet, each row tall enough for its wrapped text."""
    office.office()
    pdftools.need("pdftotext")
    long = "Mentor training in every school of the trio; governors briefed each term. " * 30
    sample = east_midlands(db, framework)
    db.execute("UPDATE judgements SET evidence = ?, key_actions = ?", [long, long])
    db.execute("UPDATE alliances SET name = ?", ["St Mary's & All Saints' Teaching Alliance"])
    report = alliance_report(db, framework, sample.alliance.id, viewer="ULEAD", today=TODAY)
    path = tmp_path / "alliance.xlsx"
    path.write_bytes(book_of(report, framework))
    (pdf,) = office.to_pdf([path], tmp_path)
    words = pdftools.words(pdf)
    text = " ".join(w.text for w in words)
    for shown in (
        "Teaching Alliance: review round 1",  # the overview's title
        "Each school's levels",  # the heatmap sheet
        "Hillmead: review cycle 1",
        "Oakfield: review cycle 1",
        "Riverside: no review yet",
    ):
        assert shown in text
    assert "Evidence not shared with the alliance" in text
    assert pdftools.overlapping(words) == []


def test_an_alliance_of_80_schools_has_a_sheet_each(db, framework):
    made = alliances.create_alliance(db, "Big Alliance", "ULEAD")
    for n in range(80):
        school = storage.create_school(db, f"School {n:02}", f"U{n}")
        join(db, made.id, school, f"U{n}")
        cycle = storage.start_cycle(db, school.id, framework, f"U{n}")
        storage.record_judgement(
            db, cycle.id, "cpd", 1 + n % 4, evidence="e", recorded_by=f"U{n}", framework=framework
        )
    report = alliance_report(db, framework, made.id, viewer="ULEAD", today=TODAY)
    book = openpyxl.load_workbook(io.BytesIO(book_of(report, framework)))
    assert len(book.sheetnames) == 2 + 80
    table = {row[0]: row[1:6] for row in cells(book["Heatmap"])[3:8]}
    assert table["4 CPD"] == (20, 20, 20, 20, 0)
    assert table["1 Leadership"] == (0, 0, 0, 0, 80)
