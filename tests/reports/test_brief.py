"""The lower half of the report for governors when a review is busy: every area with
challenges gets its line (their number and state), people are named whole, nothing is cut
mid-list or drawn over anything else, still on one A4 page; and the status box says where
the review is."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

import storage
from core.clock import uk_date
from reports import as_of, school_report, write_pdf
from tests.conftest import judge_all
from tests.reports import pdftools
from tests.reports.samples import DENSE_NAMES, dense_review

MIDDLE = pdftools.A4_POINTS[0] / 2  # between the peer challenge and the agreed outcomes


def saved(reports, framework, tmp_path: Path) -> Path:
    path = tmp_path / "report.pdf"
    write_pdf(reports, framework, path)
    return path


def peer_challenge(pdf: Path) -> list[str]:
    """The left column's lines from the "Peer challenge" heading down, footer excluded."""
    lines = pdftools.column(pdf, 0, MIDDLE)
    return lines[lines.index("Peer challenge") + 1 : -2]


@pytest.fixture
def dense(db, framework, tmp_path) -> Path:
    """Cycle 1 of the busy trio, reported after cycle 2 has started, as the playground's
    tester found it."""
    return saved(as_of([dense_review(db, framework, then_new_cycle=True)]), framework, tmp_path)


def test_a_busy_review_is_one_page_with_nothing_drawn_over_anything(dense):
    assert pdftools.info(dense)["Pages"] == "1"
    assert "A4" in pdftools.info(dense)["Page size"]
    found = pdftools.lines(dense)
    assert pdftools.overlapping(found) == []
    width, height = pdftools.A4_POINTS
    assert all(b.x0 > 0 and b.x1 < width and b.y0 > 0 and b.y1 < height for b in found)


def test_every_area_challenged_has_a_line_with_the_number_and_state(dense):
    shown = peer_challenge(dense)
    heads = [line for line in shown if ": " in line and "challenge" in line]
    assert heads == [
        "Leadership: 2 challenges: 1 answered, 1 resolved",
        "ITT: 2 challenges: 1 open, 1 resolved",
        "CPD: 3 challenges: 1 open, 1 answered, 1",  # its state goes on to the next line
        "S2SS: 1 challenge, resolved",
        "In general: 1 challenge, answered",
    ]
    assert shown[shown.index(heads[2]) + 1] == "resolved"
    assert shown[-1] == "… more in the diagnostic workbook (/peer-review export)"


def test_people_are_named_whole_and_the_others_counted(dense):
    said = " ".join(peer_challenge(dense))
    assert said.startswith(
        "9 challenges (2 open, 3 answered, 4 resolved) from Dr Chloe Patel-Whitmore "
        "(Principal, Oakfield Academy) and 2 others."
    )
    assert "— Dan Evans (CPD and Professional Learning Lead, Oakfield Academy)" in said
    # A name is never cut for "full text in the workbook": that is for what people wrote.
    for name in DENSE_NAMES.values():
        for cut in range(8, len(name)):
            assert f"{name[:cut]}… full text" not in said
    fields = pdftools.text(dense)
    assert "Dr Chloe Patel-Wh… and 2 others" in fields  # peer challenged by, in one line


def test_the_finished_cycle_says_its_outcomes_were_proposed_and_when_it_closed(dense):
    text, today = pdftools.text(dense), uk_date(datetime.now(UTC))
    assert "Review cycle 1" in text
    assert "REVIEW DATES" in text
    assert f"{today} to {today}" in text  # started, then closed when cycle 2 began
    assert f"Outcomes proposed {today}" in text  # to its partners, who had not agreed yet
    assert "Self-evaluation complete" not in text


def test_the_status_says_where_the_review_is(db, framework, tmp_path):
    school = storage.create_school(db, "Riverside Infant School", "URS1")
    cycle = storage.start_cycle(db, school.id, framework, "URS1")
    judge_all(db, framework, cycle.id, 3, user="URS1")
    storage.mark_judged(db, cycle.id)

    def status(number: int | None = None) -> str:
        found = as_of([school_report(db, framework, school.id)], number)
        text = pdftools.text(saved(found, framework, tmp_path))
        [line] = [line for line in text.splitlines() if "COMPLETION" in line]
        return text.splitlines()[text.splitlines().index(line) + 1].split("  ")[-1].strip()

    assert status() == "Self-evaluation complete"
    storage.add_challenge(
        db,
        cycle.id,
        author_id="UOK1",
        text="Is this Secure?",
        channel_id="CTRIO",
        ts="1.0",
        framework=framework,
        area_id="itt",
    )
    assert status() == "Peer challenge under way"
    storage.new_cycle(db, school.id, framework, "URS1")
    assert status(1) == "Closed, no outcomes agreed"
    assert status(2) == "In progress: 0 of 5 areas judged"
