"""A workbook row is as tall as its longest wrapped text (reports.rows)."""

from __future__ import annotations

import io

import openpyxl
import pytest

from reports.rows import LINE, TALLEST, column_widths, lines_of, row_height


def test_column_widths_from_spans():
    assert column_widths({(0, 0): 36, (2, 4): 16}) == {0: 36, 2: 16, 3: 16, 4: 16}


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("Evidence", 36, 1),
        ("Key actions to move Teaching school to next maturity level.", 36, 3),
        ("one\ntwo\n\nfour", 80, 4),  # a blank line is a line
        ("x" * 100, 10, 13),  # a word longer than a line is broken: 8 characters a line
        ("日本語の学校" * 4, 10, 6),  # wide characters count two
    ],
)
def test_lines_of_wrapped_text(text, width, lines):
    assert lines_of(text, width) == lines


def test_bold_text_wraps_sooner():
    text = "Evidence sources and links"  # 16 characters fit a line of width 20, 14 in bold
    assert (lines_of(text, 20), lines_of(text, 20, bold=True)) == (2, 3)


def test_row_height_is_its_tallest_cell_and_none_for_one_line():
    widths = {0: 36, 1: 80}
    assert row_height(["Evidence", 3], widths) is None
    assert row_height(["Evidence", "one\ntwo\nthree"], widths) == 3 * LINE
    assert row_height(["Evidence", "word " * 3000], widths) == TALLEST  # Excel's most


def test_the_workbook_sets_the_heights(db, framework):
    from reports import write_xlsx
    from tests.reports.samples import two_reviews

    buffer = io.BytesIO()
    write_xlsx([two_reviews(db, framework)], framework, buffer)
    book = openpyxl.load_workbook(buffer)
    sheet = book["3 ITT"]
    label = next(r for r in range(1, 20) if str(sheet.cell(r, 1).value).startswith("Key actions"))
    assert sheet.row_dimensions[label].height == 3 * LINE  # the three actions, a line each
    output = book["Output"]
    itt = next(r for r in range(1, 30) if output.cell(r, 2).value == "Initial Teacher Training")
    assert output.row_dimensions[itt].height == 3 * LINE
    assert output.row_dimensions[1].height is None  # the title: one line, as it was
