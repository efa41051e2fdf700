from __future__ import annotations

import csv
import io
import re
import zipfile
from xml.etree import ElementTree

import openpyxl
import pytest

import storage
from core.errors import Refusal
from core.outcomes import Decision, record_outcomes
from reports import SchoolReport, school_report, write_csv, write_xlsx
from reports.cells import safe
from reports.workbook import sheet_name
from storage.challenges import MAX_THREAD_CHARS
from tests.conftest import judge_all

EVIL = '=HYPERLINK("http://evil.example","click")'
HOSTILE = [
    "=cmd|' /C calc'!A0",
    "+SUM(1)",
    "-2",
    "@A1",
    '=HYPERLINK("http://x","y")',
    "St Mary's C of E",
    "Sheet1!A1",  # xlsxwriter takes a chart name like this for a reference
    "🏫" * 12 + " Academy",  # Excel counts an emoji as two characters of a sheet name
]
CHART = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
# A reference to cells of a sheet, its name quoted or plain: 'St Mary''s'!$A$1:$A$5, Trio!$A$1
REFERENCE = re.compile(r"(?:'((?:[^']|'')+)'|([\w.]+))!\$[A-Z]+\$\d+(?::\$[A-Z]+\$\d+)?")


@pytest.fixture
def two_cycles(db, framework):
    """Hillmead: cycle 1 all Expanding; cycle 2 with a revision after challenge."""
    school = storage.create_school(db, "Hillmead", "UA1")
    partner = storage.create_school(db, "Oakfield", "UB1")
    storage.set_trio(db, "C1", [school.id, partner.id], "UA1")
    first = storage.start_cycle(db, school.id, framework, "UA1")
    judge_all(
        db, framework, first.id, 2, user="UA1", evidence="cycle 1 evidence", key_actions="Grow SD"
    )
    second = storage.new_cycle(db, school.id, framework, "UA1")
    for area_id, level in zip(framework.area_ids, [3, 2, 1, 2, 4], strict=True):
        storage.record_judgement(
            db,
            second.id,
            area_id,
            level,
            evidence=f"{area_id} evidence",
            key_actions="+44 mentors" if area_id == "itt" else "",
            evidence_sources=framework.area(area_id).evidence_sources[:1],
            actions_done=["Grow SD"],
            recorded_by="UA2",
            framework=framework,
        )
    storage.set_summary_message(db, second.id, "C1", "100.0")
    storage.add_challenge(
        db,
        second.id,
        author_id="UB1",
        text=EVIL,
        channel_id="C1",
        ts="101.0",
        framework=framework,
        area_id="itt",
        suggested_level=2,
    )
    record_outcomes(
        db,
        framework,
        "UA1",
        second.id,
        {"itt": Decision(level=2, reason="-we agree")},
        successes="@everyone CPD",
        improvements="S2SS",
    )
    return school, partner


def workbook(db, framework, *school_ids):
    return workbook_of([school_report(db, framework, s) for s in school_ids], framework)


def workbook_of(reports, framework):
    buffer = io.BytesIO()
    write_xlsx(reports, framework, buffer)
    return buffer.getvalue()


def cells(sheet):
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_workbook_mirrors_the_diagnostic(db, framework, two_cycles):
    school, _ = two_cycles
    data = workbook(db, framework, school.id)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == [
        "Input",
        "Output",
        "1 Leadership",
        "2 Infrastructure",
        "3 ITT",
        "4 CPD",
        "5 S2SS",
        "Shape",
    ]
    inputs = {row[0]: row[1] for row in cells(book["Input"]) if row[0]}
    assert inputs["Name of Teaching school"] == "Hillmead"
    assert inputs["Review cycle"] == 2
    assert inputs["Framework"] == "east-midlands-2017 2017.03"
    assert inputs["Completed by"] == "UA2"  # who self-evaluated; UA1 only revised after challenge
    assert inputs["Peer challenged by"] == "UB1"
    assert inputs["1 Leadership"] == 3
    assert inputs["3 Initial Teacher Training"] == 2  # revised after challenge
    assert inputs["5 Improvement through School to School Support"] == 4

    output = cells(book["Output"])
    by_area = {row[0]: row for row in output if row[0]}
    assert by_area["1 Leadership"][1:3] == (3, "Secure")
    assert by_area["3 Initial Teacher Training"][1:3] == (2, "Expanding")
    assert by_area["Overall mean"][1] == pytest.approx(2.6)
    assert by_area["Overall rating"][1:3] == (2, "Expanding")
    priority_rows = [row for row in output if isinstance(row[0], int)]
    assert [row[1] for row in priority_rows][:3] == [
        "Infrastructure",
        "Initial Teacher Training",
        "Continuing Professional Development",
    ]

    itt = cells(book["3 ITT"])
    values = {row[0]: row[1] for row in itt if row[0]}
    assert values["Best fit overall judgement"] == "Expanding (2)"
    assert values["Evidence to support best fit judgement"] == "itt evidence"
    assert values["Key actions to move Teaching school to next maturity level."] == "+44 mentors"
    assert values["Agreed after challenge"].startswith("revised: Expanding (2) — -we agree")
    comment = next(row for row in itt if row[1] == "UB1")
    assert comment[6] == EVIL  # as typed: a string cell never runs as a formula
    assert comment[4] == 2
    formulas = [c for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []


def test_the_shape_sheet_has_a_native_radar_chart_of_both_cycles(db, framework, two_cycles):
    school, _ = two_cycles
    data = workbook(db, framework, school.id)
    shape = cells(openpyxl.load_workbook(io.BytesIO(data))["Shape"])
    assert shape[2][0] == "Area"
    assert [row[1:3] for row in shape[3:8]] == [(2, 3), (2, 2), (2, 2), (2, 2), (2, 4)]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        xml = archive.read(charts[0]).decode()
    assert len(charts) == 1
    assert "<c:radarChart>" in xml
    assert xml.count("<c:ser>") == 2


def test_trio_workbook_has_every_school(db, framework, two_cycles):
    school, partner = two_cycles
    cycle = storage.start_cycle(db, partner.id, framework, "UB1")
    storage.record_judgement(
        db, cycle.id, "cpd", 3, evidence="e", recorded_by="UB1", framework=framework
    )
    book = openpyxl.load_workbook(io.BytesIO(workbook(db, framework, school.id, partner.id)))
    assert book.sheetnames[0] == "Trio"
    assert "Hillmead Input" in book.sheetnames
    assert "Oakfield 4 CPD" in book.sheetnames
    trio = cells(book["Trio"])
    assert trio[2][1:3] == ("Hillmead (cycle 2)", "Oakfield (cycle 1)")
    assert trio[8][:3] == ("Overall", "Expanding", "not yet rated")


def test_csv_of_all_judgements(db, framework, two_cycles):
    school, _ = two_cycles
    out = io.StringIO()
    rows = write_csv([school_report(db, framework, school.id)], framework, out)
    assert rows == 10
    table = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(r["cycle"], r["area"], r["level"]) for r in table[:2]] == [
        ("1", "Leadership", "2"),
        ("1", "Infrastructure", "2"),
    ]
    itt = next(r for r in table if r["cycle"] == "2" and r["area"] == "Initial Teacher Training")
    assert itt["key_actions"] == "'+44 mentors"
    assert itt["maturity_rating"] == "Expanding"
    assert itt["actions_done"] == "Grow SD"


def test_people_are_named_in_the_workbook_and_the_csv(db, framework, two_cycles):
    school, _ = two_cycles
    found = school_report(db, framework, school.id)
    named = SchoolReport(
        school=found.school, cycles=found.cycles, names={"UA2": "Jo Patel", "UB1": "Priya Shah"}
    )
    book = openpyxl.load_workbook(io.BytesIO(workbook_of([named], framework)))
    inputs = {row[0]: row[1] for row in cells(book["Input"]) if row[0]}
    assert inputs["Completed by"] == "Jo Patel"
    assert inputs["Peer challenged by"] == "Priya Shah"
    leadership = cells(book["1 Leadership"])
    assert next(row[1] for row in leadership if row[0] == "Recorded by").startswith("Jo Patel on ")
    itt = cells(book["3 ITT"])
    assert any(row[1] == "Priya Shah" and row[6] == EVIL for row in itt)  # the comment's author
    out = io.StringIO()
    write_csv([named], framework, out)
    table = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert {r["recorded_by"] for r in table} == {"UA1", "Jo Patel"}  # UA1: no name known
    assert "UA2" not in out.getvalue()


def test_dates_are_uk_days(db, framework, two_cycles):
    """A judgement recorded at 23:30 UTC in summer was made the next day in the UK."""
    school, _ = two_cycles
    db.execute("UPDATE judgements SET recorded_at = '2026-08-31T23:30:00+00:00'")
    book = openpyxl.load_workbook(io.BytesIO(workbook(db, framework, school.id)))
    recorded = next(row[1] for row in cells(book["1 Leadership"]) if row[0] == "Recorded by")
    assert recorded == "UA2 on 1 Sep 2026"


@pytest.fixture
def hostile_book(db, framework) -> bytes:
    """One workbook of eight schools, each with its name, evidence and key actions typed
    like a formula or a reference."""
    reports = []
    for n, text in enumerate(HOSTILE):
        school = storage.create_school(db, text, f"U{n}")
        cycle = storage.start_cycle(db, school.id, framework, f"U{n}")
        judge_all(db, framework, cycle.id, 3, user=f"U{n}", evidence=text, key_actions=text)
        reports.append(school_report(db, framework, school.id))
    buffer = io.BytesIO()
    write_xlsx(reports, framework, buffer)
    return buffer.getvalue()


def charts_of(data: bytes) -> list[ElementTree.Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = sorted(n for n in archive.namelist() if n.startswith("xl/charts/chart"))
        # The test reads XML the project itself just wrote.
        return [ElementTree.fromstring(archive.read(n)) for n in names]  # noqa: S314


def test_text_typed_like_a_formula_is_shown_exactly_as_typed(hostile_book):
    book = openpyxl.load_workbook(io.BytesIO(hostile_book))
    texts = [c.value for ws in book for row in ws.iter_rows() for c in row if c.data_type == "s"]
    for text in HOSTILE:
        assert texts.count(text) >= 1 + 2 * 5  # its name; its evidence and key actions per area
        assert f"{text} (cycle 1)" in texts  # its column on the Trio sheet
    assert [t for t in texts if t.startswith("'")] == []  # no apostrophe shows


def test_no_cell_of_the_workbook_is_a_formula(hostile_book):
    book = openpyxl.load_workbook(io.BytesIO(hostile_book))
    formulas = [
        c.coordinate for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"
    ]
    assert formulas == []
    with zipfile.ZipFile(io.BytesIO(hostile_book)) as archive:
        names = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        sheets = [archive.read(n).decode() for n in names]
    assert len(sheets) == len(book.sheetnames) == 1 + 8 * len(HOSTILE)
    assert [n for n, xml in zip(names, sheets, strict=True) if re.search("<f[ >]", xml)] == []


def test_charts_refer_only_to_cells_of_the_book(hostile_book):
    sheets = openpyxl.load_workbook(io.BytesIO(hostile_book)).sheetnames
    charts = charts_of(hostile_book)
    assert len(charts) == 1 + len(HOSTILE)  # the Trio's and each school's Shape
    for chart in charts:
        formulas = [f.text for f in chart.iter(f"{CHART}f")]
        assert formulas  # the chart's own references: title, series names, categories, values
        for formula in formulas:
            reference = REFERENCE.fullmatch(formula)
            assert reference, formula
            quoted, plain = reference.groups()
            assert (plain or quoted.replace("''", "'")) in sheets


def test_chart_titles_and_series_names_show_the_text_of_their_cells(hostile_book):
    trio, *shapes = charts_of(hostile_book)
    cached = f"{CHART}tx/{CHART}strRef/{CHART}strCache/{CHART}pt/{CHART}v"
    series = [s.find(cached).text for s in trio.iter(f"{CHART}ser")]
    assert series == [f"{text} (cycle 1)" for text in HOSTILE]
    titles = [shape.find(f"{CHART}chart/{CHART}title/{cached}").text for shape in shapes]
    assert titles == [f"{text}: the shape, cycle by cycle" for text in HOSTILE]


def test_csv_prefixes_text_that_starts_like_a_formula(db, framework):
    school = storage.create_school(db, "=cmd|' /C calc'!A0", "U1")
    cycle = storage.start_cycle(db, school.id, framework, "U1")
    judge_all(db, framework, cycle.id, 2, user="U1", evidence="-2", key_actions="@A1")
    out = io.StringIO()
    write_csv([school_report(db, framework, school.id)], framework, out)
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert (row["school"], row["evidence"], row["key_actions"]) == (
        "'=cmd|' /C calc'!A0",
        "'-2",
        "'@A1",
    )
    assert row["area"] == "Leadership"  # text that starts plainly is left as it is


def test_nothing_to_export_before_a_review(db, framework):
    school = storage.create_school(db, "New", "U1")
    with pytest.raises(Refusal, match="nothing to export"):
        school_report(db, framework, school.id)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("ok = fine", "ok = fine"),
        ("", ""),
        (3, 3),
        (None, None),
    ],
)
def test_safe(value, expected):
    assert safe(value) == expected


def test_sheet_names_are_valid_and_unique():
    taken: set[str] = set()
    names = [
        sheet_name(n, taken)
        for n in ["Input", "input", "A/B:C*D?E[F]G\\H", "x" * 40, "x" * 40, "'Quoted'", "🏫" * 20]
    ]
    assert names[:2] == ["Input", "input (2)"]
    assert names[5:] == ["Quoted", "🏫" * 15]  # Excel counts an emoji as two characters
    assert all(len(n.encode("utf-16-le")) <= 2 * 31 for n in names)
    assert not any(ch in n for n in names for ch in "[]:*?/\\")
    assert len({n.casefold() for n in names}) == len(names)


def test_an_apostrophe_in_a_school_name_stays_in_its_sheet_names(hostile_book):
    sheets = openpyxl.load_workbook(io.BytesIO(hostile_book)).sheetnames
    assert "St Mary's C Shape" in sheets
    formulas = {f.text for chart in charts_of(hostile_book) for f in chart.iter(f"{CHART}f")}
    assert "'St Mary''s C Shape'!$A$1" in formulas  # quoted, the ' doubled, in a reference


def test_a_challenge_longer_than_a_cell_holds_is_cut_saying_where_the_rest_is(
    db, framework, two_cycles
):
    school, _ = two_cycles
    cycle = storage.current_cycle(db, school.id)
    long = "Mentor evidence. " * 2400  # a thread reply may run to 40,000 characters
    storage.add_challenge(
        db,
        cycle.id,
        author_id="UB1",
        text=long[:40_000],
        channel_id="C1",
        ts="102.0",
        framework=framework,
        area_id="cpd",
        limit=MAX_THREAD_CHARS,
    )
    book = openpyxl.load_workbook(io.BytesIO(workbook(db, framework, school.id)))
    found = [
        c for sheet in book for row in cells(sheet) for c in row if str(c).startswith("Mentor")
    ]
    assert len(found) == 1
    assert len(found[0]) == 32_767
    assert found[0].endswith("the full text is in the Slack thread)")
    assert found[0].startswith(long[:32_000])  # nothing before the cut is lost
