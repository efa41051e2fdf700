"""Exported files are named after the school and cycle, in characters safe anywhere."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

import storage
from reports import file_stem, school_report
from reports.files import safe_name
from tests.conftest import judge_all

# 23:30 UTC on 31 Aug is already 1 September in the UK (summer time).
LATE_SUMMER_EVENING = datetime(2026, 8, 31, 23, 30, tzinfo=UTC)


def test_a_school_export_is_named_after_the_school_cycle_and_uk_day(db, framework):
    school = storage.create_school(db, "Hillmead Teaching School", "UA1")
    judge_all(db, framework, storage.start_cycle(db, school.id, framework, "UA1").id, 2)
    storage.new_cycle(db, school.id, framework, "UA1")
    report = school_report(db, framework, school.id)
    stem = file_stem([report], today=LATE_SUMMER_EVENING)
    assert stem == "Hillmead Teaching School - peer review cycle 2 - 1 Sep 2026"


def test_a_trio_export_is_named_after_its_schools(db, framework):
    reports = []
    for name in ("Hillmead", "Oakfield Academy", "Riverside"):
        school = storage.create_school(db, name, f"U{name[0]}")
        storage.start_cycle(db, school.id, framework, f"U{name[0]}")
        reports.append(school_report(db, framework, school.id))
    stem = file_stem(reports, today=LATE_SUMMER_EVENING)
    assert stem == "Hillmead, Oakfield Academy and Riverside - trio peer review - 1 Sep 2026"
    assert file_stem(reports[:2], today=LATE_SUMMER_EVENING).startswith(
        "Hillmead and Oakfield Academy - trio peer review"
    )


@pytest.mark.parametrize(
    ("typed", "safe"),
    [
        ("St Mary's & St John's C of E", "St Marys and St Johns C of E"),
        ("École Saint-Exupéry", "Ecole Saint-Exupery"),
        ("Ysgol Gymraeg Bro Ŵyn", "Ysgol Gymraeg Bro Wyn"),
        ("../../etc/passwd", "etc passwd"),
        ('Hill:mead*?"<>|\\ School\n', "Hill mead School"),
        ("🏫🏫", "School"),  # nothing safe is left
        ("A" * 100, "A" * 60),
    ],
)
def test_names_keep_only_safe_characters(typed, safe):
    assert safe_name(typed) == safe
