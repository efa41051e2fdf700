"""Reports without Slack: the diagnostic workbook (.xlsx) and CSV, and the one-page report
for governors (.pdf), from the core's read model, in files named after the school and cycle.

Used by ``/peer-review export`` and by the ``peer-review export`` command.
"""

from typing import Any

from reports.files import file_stem
from reports.model import SchoolReport, as_of, named, reports_of, school_report
from reports.table import write_csv
from reports.workbook import write_xlsx


def write_pdf(*args: Any, **kwargs: Any) -> None:
    """:func:`reports.pdf.write_pdf`, imported when a report is first made: fpdf2 and its
    font tools take longer to import than the rest of the bot, which mostly never needs
    them (a serving process stays quick to start and small until someone asks)."""
    from reports.pdf import write_pdf as write

    write(*args, **kwargs)


__all__ = [
    "SchoolReport",
    "as_of",
    "file_stem",
    "named",
    "reports_of",
    "school_report",
    "write_csv",
    "write_pdf",
    "write_xlsx",
]
