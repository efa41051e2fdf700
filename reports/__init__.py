"""Reports without Slack: the diagnostic workbook (.xlsx) and CSV, from the core's read model.

Used by ``/peer-review export`` and by the ``peer-review export`` command.
"""

from reports.model import SchoolReport, reports_of, school_report
from reports.table import write_csv
from reports.workbook import write_xlsx

__all__ = ["SchoolReport", "reports_of", "school_report", "write_csv", "write_xlsx"]
