"""The names of exported files, after the school and cycle, in characters safe anywhere.

``Hillmead Teaching School - peer review cycle 2 - 24 Nov 2026.xlsx``; a trio's export is
named after its schools: ``Hillmead, Oakfield and Riverside - trio peer review - 24 Nov
2026.pdf``. Letters are written without their accents (é → e) and anything else that a file
system, a shell or an email client may trip over is left out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import UTC, datetime

from core.clock import uk_date
from reports.model import SchoolReport

LONGEST_NAME = 60  # characters of one school's name in a file name
UNSAFE = re.compile(r"[^A-Za-z0-9 ,.()_-]+")


def file_stem(reports: Sequence[SchoolReport], *, today: datetime | None = None) -> str:
    """The file name without its extension, for the export of `reports` made `today`."""
    day = uk_date(today or datetime.now(UTC))
    if len(reports) == 1:
        report = reports[0]
        cycle = report.current.cycle.number
        return f"{safe_name(report.school.name)} - peer review cycle {cycle} - {day}"
    names = [safe_name(r.school.name) for r in reports]
    schools = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]
    return f"{schools} - trio peer review - {day}"


def safe_name(text: str) -> str:
    """A school's name in safe characters: accents and apostrophes taken off, & as "and",
    other characters left out, spaces collapsed, at most LONGEST_NAME characters ("School"
    if nothing is left)."""
    text = text.replace("&", " and ").replace("'", "")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    plain = " ".join(UNSAFE.sub(" ", plain).split())[:LONGEST_NAME]
    return plain.strip(" .,-_") or "School"
