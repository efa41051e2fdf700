"""The report for governors, read as a viewer shows it: one A4 page, the school, the people,
the levels and the overall rating as text, nothing drawn over anything else, whatever was
typed (rendered to PNG with pdftoppm and checked with pdfinfo and pdftotext)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

import storage
from core.clock import uk_date
from reports import SchoolReport, school_report, write_pdf
from reports.paper import MORE, Paper
from tests.conftest import judge_all
from tests.reports import pdftools
from tests.reports.samples import two_reviews

# What people may type: emoji (the font has none), a right-to-left override, a bell,
# a formula, letters of a script the font lacks (Japanese), accents, and a lot of it.
HOSTILE = 'Ünïcødé 👩‍🏫🏫 \u202eRTL\u202c \x07 =HYPERLINK("x") 日本語 '


@pytest.fixture
def paper():
    found = Paper()
    found.add_page()
    yield found
    found.close()


@pytest.fixture
def hillmead(db, framework) -> SchoolReport:
    return two_reviews(db, framework)


def saved(reports, framework, tmp_path: Path, name: str = "report.pdf") -> Path:
    path = tmp_path / name
    write_pdf(reports, framework, path)
    return path


def lacking(text: str, *parts: str) -> list[str]:
    """Those of `parts` that `text` does not hold (none, when the page shows them all)."""
    return [part for part in parts if part not in text]


def one_a4_page(pdf: Path) -> None:
    info = pdftools.info(pdf)
    assert info["Pages"] == "1"
    assert pdftools.page_size(pdf) == pytest.approx(pdftools.A4_POINTS, abs=0.5)
    assert "A4" in info["Page size"]


def test_the_report_is_one_a4_page_with_the_school_people_levels_and_overall(
    hillmead, framework, tmp_path
):
    pdf = saved([hillmead], framework, tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF")
    one_a4_page(pdf)
    text = pdftools.text(pdf)
    assert (
        lacking(
            text,
            "Hillmead Teaching School",
            "Review cycle 2",
            "Jo Patel and Sam Okafor",  # completed by: names, not Slack ids
            "Priya Shah and Tom Ellis",  # peer challenged by
            uk_date(hillmead.current.cycle.started_at),
            "Secure (3)",
            "Expanding (2)",
            "Sustainable (4)",
            "Overall: Expanding (2)",
            "Mean 2.8 of 4 across the 5 areas, +0.8 since cycle 1",
            "ITT: revised from Secure (3) to Expanding (2)",
            "Cycle 1",  # the radar's legend
            "Cycle 2 (this review)",
        )
        == []
    )
    assert "UHM1" not in text
    assert "UOK1" not in text


def test_key_actions_are_printed_as_the_list_they_are(hillmead, framework, tmp_path):
    lines = [line.text for line in pdftools.lines(saved([hillmead], framework, tmp_path))]
    # "- Recruit…\n- Shared…" typed as a list: one bullet each, without the typed "- ".
    for item in ("Recruit ITT leads in every school", "Shared mentor quality assurance"):
        assert f"• {item}" in lines
    assert "• Appoint a data manager shared by the alliance" in lines  # typed "1. Appoint…"


def test_the_page_as_a_picture(hillmead, framework, tmp_path):
    pictures = pdftools.pictures(saved([hillmead], framework, tmp_path), tmp_path / "png")
    assert len(pictures) == 1
    with Image.open(pictures[0]) as image:
        width, height = image.size
        assert height / width == pytest.approx(297 / 210, abs=0.01)
        ink = sum(image.convert("L").histogram()[:128])  # pixels darker than mid-grey
    assert ink > width * height // 100  # text and a chart, not a blank page


def test_nothing_is_drawn_over_anything_else(hillmead, framework, tmp_path):
    found = pdftools.lines(saved([hillmead], framework, tmp_path))
    assert len(found) > 60
    assert pdftools.overlapping(found) == []


def test_long_and_hostile_text_still_fits_one_page(db, framework, tmp_path):
    long = (HOSTILE * 60)[:2990]
    many = "\n".join(f"- Action {n} " + "w" * 80 for n in range(40))[:2999]
    report = two_reviews(
        db,
        framework,
        name="🏫 St Mary's & All Saints' C of E Voluntary Aided Multi-Academy Trust 日本",
        evidence=dict.fromkeys(framework.area_ids, long),
        key_actions=dict.fromkeys(framework.area_ids, many),
        challenge=long,
        successes=long,
        improvements=long,
    )
    cycle = report.current.cycle.id
    for n in range(30):
        storage.add_challenge(
            db,
            cycle,
            author_id=f"UP{n}",
            text=long,
            channel_id="CTRIO",
            ts=f"20{n}.0",
            framework=framework,
            area_id=framework.area_ids[n % 5],
        )
    names = {f"UP{n}": "Ms " + "Verylongname" * 8 for n in range(30)} | {"UHM1": "👩‍🏫 " + "A" * 90}
    report = SchoolReport(
        school=report.school,
        cycles=school_report(db, framework, report.school.id).cycles,
        names=names,
    )
    pdf = saved([report], framework, tmp_path)
    one_a4_page(pdf)
    text = pdftools.text(pdf)
    assert (
        lacking(
            text,
            "St Mary's & All Saints' C of E",
            "full text in the workbook",
            "more key actions in the workbook",
            "more in the diagnostic workbook",
            "Ünïcødé",
            "□□□",  # Japanese letters: shown as missing
        )
        == []
    )
    assert "\u202e" not in text
    assert "\x07" not in text
    challenged = pdftools.column(pdf, 0, pdftools.A4_POINTS[0] / 2)
    for name in [a.short_name for a in framework.areas] + ["In general"]:  # each has its line
        assert any(line.startswith(f"{name}: ") and "challenge" in line for line in challenged)
    found = pdftools.lines(pdf)
    assert pdftools.overlapping(found) == []
    width, height = pdftools.A4_POINTS
    assert all(
        line.x0 > 0 and line.x1 < width and line.y0 > 0 and line.y1 < height for line in found
    )


def test_a_review_in_progress(db, framework, tmp_path):
    school = storage.create_school(db, "Riverside Infant School", "URS1")
    cycle = storage.start_cycle(db, school.id, framework, "URS1")
    storage.record_judgement(
        db, cycle.id, "leadership", 2, evidence="e", recorded_by="URS1", framework=framework
    )
    pdf = saved([school_report(db, framework, school.id)], framework, tmp_path)
    one_a4_page(pdf)
    assert (
        lacking(
            pdftools.text(pdf),
            "In progress: 1 of 5 areas judged",
            "Overall: not yet rated",
            "Still to judge: Infrastructure, ITT, CPD, S2SS",
            "not judged",
            "No peer challenge recorded yet.",
            "No outcomes agreed yet.",
            "URS1",  # no name known: the Slack id, as the workbook shows it
        )
        == []
    )


def test_a_trio_gets_a_page_per_school(db, framework, tmp_path, hillmead):
    oakfield = storage.find_school(db, "Oakfield Academy")
    judge_all(db, framework, storage.start_cycle(db, oakfield.id, framework, "UOK1").id, 3)
    reports = [hillmead, school_report(db, framework, oakfield.id)]
    pdf = saved(reports, framework, tmp_path)
    assert pdftools.info(pdf)["Pages"] == "2"
    pages = pdftools.text(pdf).split("\f")
    assert "Hillmead Teaching School" in pages[0]
    assert "Oakfield Academy" not in pages[0]
    assert "Oakfield Academy" in pages[1]


def test_the_pdf_goes_to_a_binary_file_too(hillmead, framework):
    import io

    buffer = io.BytesIO()
    write_pdf([hillmead], framework, buffer)
    assert buffer.getvalue().startswith(b"%PDF")


# -- the page's text rules --------------------------------------------------------------------


def test_only_what_the_font_can_print_reaches_the_page(paper):
    assert paper.clean("Zoë\tand\u00a0Siân") == "Zoë and\u00a0Siân"
    assert paper.clean("a\x00b\u202ec\u200dd\ufe0f") == "abcd"  # control, override, joiner
    assert paper.clean("👩‍🏫 Hillmead") == " Hillmead"  # a symbol the font lacks: left out
    assert paper.clean("日本") == "□□"  # letters it lacks: shown as missing
    assert paper.clean("one\ntwo\u2028three") == "one\ntwo\nthree"


def test_long_text_is_cut_to_its_lines_and_says_where_the_rest_is(paper):
    paper.use(9)
    assert paper.fitted("Short.", 100, 2) == ["Short."]
    lines = paper.fitted("word " * 400, 100, 2)
    assert len(lines) == 2
    assert lines[-1].endswith(MORE)
    assert paper.get_string_width(lines[-1]) <= 100
    assert paper.fitted("x" * 2000, 100, 3)[-1].endswith(MORE)  # one long "word" too
    line = paper.one_line("A very long school name " * 10, 50)
    assert line.endswith("…")
    assert paper.get_string_width(line) <= 50


def test_the_overlap_check_sees_lines_drawn_over_each_other(paper, tmp_path):
    """The positive control for the checks above: two lines printed at the same place."""
    paper.use(10)
    for y in (20, 22, 40):
        paper.set_xy(20, y)
        paper.cell(100, 5, f"A line of text at {y} mm")
    pdf = tmp_path / "overlap.pdf"
    pdf.write_bytes(bytes(paper.output()))
    pairs = pdftools.overlapping(pdftools.lines(pdf))
    assert [(a.text, b.text) for a, b in pairs] == [
        ("A line of text at 20 mm", "A line of text at 22 mm")
    ]
