"""A CSV of every judgement of every cycle, one row each."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from typing import IO

from reports.cells import safe
from reports.model import SchoolReport
from rubric.models import Framework

CSV_COLUMNS = (
    "school",
    "cycle",
    "cycle_status",
    "area_number",
    "area",
    "level",
    "maturity_rating",
    "evidence",
    "key_actions",
    "evidence_sources",
    "evidence_links",
    "actions_done",
    "recorded_by",
    "recorded_at",
)


def write_csv(reports: Sequence[SchoolReport], framework: Framework, out: IO[str]) -> int:
    """Every judgement of every cycle, one row each; returns the number of rows."""
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    rows = 0
    for report in reports:
        for cycle_report in report.cycles:
            for area in framework.areas:
                j = cycle_report.judgements.get(area.id)
                if j is None:
                    continue
                writer.writerow(
                    [
                        safe(v)
                        for v in (
                            report.school.name,
                            cycle_report.cycle.number,
                            cycle_report.cycle.status,
                            area.number,
                            area.title,
                            j.level,
                            framework.label(j.level),
                            j.evidence,
                            j.key_actions,
                            "; ".join(j.evidence_sources),
                            " ".join(j.evidence_links),
                            "; ".join(j.actions_done),
                            report.name(j.recorded_by),
                            j.recorded_at,
                        )
                    ]
                )
                rows += 1
    return rows
