"""The workbook as LibreOffice prints it: every row is tall enough for its wrapped text, so
no text is drawn over the next row's (converted to PDF by ``soffice --headless``, the words'
boxes read with ``pdftotext -bbox-layout``)."""

from __future__ import annotations

from pathlib import Path

import pytest
import xlsxwriter
from sqlite_utils import Database

import storage
from reports import write_xlsx
from rubric.loader import load_builtin
from tests.reports import office, pdftools
from tests.reports.samples import two_reviews

LONG = "Governors' teaching school committee meets termly; vision shared by 14 schools. "
HOSTILE = 'Ünïcødé 👩‍🏫🏫 日本語 =HYPERLINK("x") Mentor_training_in_every_school_of_the_trio '


def sample_book(folder: Path, stem: str, **typed) -> Path:
    framework = load_builtin()
    db = storage.prepare(Database(memory=True))
    storage.migrate(db)
    path = folder / f"{stem}.xlsx"
    write_xlsx([two_reviews(db, framework, **typed)], framework, str(path))
    db.close()
    return path


def too_short_row(folder: Path) -> Path:
    """The positive control: a label wrapped over four lines in a row one line tall."""
    path = folder / "too-short.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    sheet.set_column(0, 0, 20)
    sheet.write_string(0, 0, "A label long enough to wrap over three or four lines", wrap)
    sheet.set_row(0, 15)
    sheet.write_string(1, 0, "The next row", wrap)
    book.close()
    return path


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, Path]:
    """The workbooks as LibreOffice prints them, converted in one run: a school's as a real
    alliance writes it, one with long and hostile text in every field, and the control."""
    office.office()
    pdftools.need("pdftotext")
    folder = tmp_path_factory.mktemp("libreoffice")
    framework = load_builtin()
    long = (HOSTILE * 60)[:2990]
    books = [
        sample_book(folder, "typical", evidence=dict.fromkeys(framework.area_ids, LONG * 4)),
        sample_book(
            folder,
            "hostile",
            name="St Mary's & All Saints' C of E Voluntary Aided Multi-Academy Trust",
            evidence=dict.fromkeys(framework.area_ids, long),
            key_actions=dict.fromkeys(framework.area_ids, "\n".join(["- " + LONG] * 30)[:2999]),
            challenge=long,
            successes=long,
            improvements=long,
        ),
        too_short_row(folder),
    ]
    return {book.stem: pdf for book, pdf in zip(books, office.to_pdf(books, folder), strict=True)}


@pytest.mark.parametrize("book", ["typical", "hostile"])
def test_no_wrapped_text_runs_into_the_next_row(printed, book):
    words = pdftools.words(printed[book])
    assert {w.page for w in words} >= set(range(1, 9))  # Input, Output, 5 areas, Shape
    assert pdftools.overlapping(words) == []


def test_the_workbook_prints_the_names_and_the_key_actions(printed):
    text = " ".join(w.text for w in pdftools.words(printed["typical"]))
    assert "Jo Patel, Sam Okafor" in text
    assert "- Recruit ITT leads in every school" in text


def test_the_check_sees_a_row_too_short_for_its_text(printed):
    pairs = pdftools.overlapping(pdftools.words(printed["too-short"]))
    assert ("wrap", "The") in [(a.text, b.text) for a, b in pairs]
