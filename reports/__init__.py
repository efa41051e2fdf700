"""Reports without Slack: the diagnostic workbook (.xlsx) and CSV, and the one-page report
for governors (.pdf), from the core's read model, in files named after the school and cycle.

Used by ``/peer-review export`` and by the ``peer-review export`` command.
"""

from reports.files import file_stem
from reports.model import SchoolReport, as_of, reports_of, school_report
from reports.pdf import write_pdf
from reports.table import write_csv
from reports.workbook import write_xlsx

__all__ = [
    "SchoolReport",
    "as_of",
    "file_stem",
    "reports_of",
    "school_report",
    "write_csv",
    "write_pdf",
    "write_xlsx",
]
