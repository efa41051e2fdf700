"""The alliance's round as a workbook (.xlsx) and a CSV, for its leads.

*Overview*: a row a school, trio by trio, with its level in each area and overall
(coloured as a heatmap, from the lowest level to the highest) and where its review stands:
stage, areas judged, summary posted, challenges open, answered and resolved, outcomes
agreed, the stage's due date and whether it is overdue. *Heatmap*: how many schools are at
each level in each area, as a table and a stacked column chart, above the coloured grid of
schools by areas. Then a sheet per school (:mod:`reports.alliance_school`), its evidence
only where the school shares it with the alliance's leads. The CSV is the overview.

As in the school's workbook (:mod:`reports.workbook`), typed text goes into string cells,
which never run, and the chart takes its title and series names from cells by reference.
"""

from __future__ import annotations

import csv
from datetime import date
from typing import IO, Any

from reports.alliance_model import (
    AREAS_FROM,
    AllianceReport,
    overview_headers,
    overview_row,
)
from reports.alliance_school import school_sheet
from reports.cells import safe
from reports.files import safe_name
from reports.workbook import _new_sheet, _write_rows, open_book, sheet_name
from rubric.models import Framework

LOW, MIDDLE, HIGH = "#F8696B", "#FFEB84", "#63BE7B"  # the heatmap: lowest level to highest
NOT_JUDGED = "#D9D9D9"
OVERVIEW_WIDTHS = {  # characters; any other column 14
    "School": 30,
    "Trio partners": 30,
    "Review cycle": 10,
    "Overall": 10,
    "Overall rating": 16,
    "Mean": 8,
    "Stage": 18,
    "Outcomes agreed": 26,
}


def write_alliance_xlsx(report: AllianceReport, framework: Framework, out: Any) -> None:
    """The alliance workbook to a path or binary file."""
    book, styles = open_book(out)
    taken: set[str] = set()
    _overview_sheet(book, report, framework, styles, sheet_name("Overview", taken))
    _heatmap_sheet(book, report, framework, styles, sheet_name("Heatmap", taken))
    for school in report.schools:
        school_sheet(book, report, framework, school, styles, sheet_name(school.school.name, taken))
    book.close()


def write_alliance_csv(report: AllianceReport, framework: Framework, out: IO[str]) -> int:
    """The overview, a row a school; text that starts like a formula is made text. Returns
    the number of schools."""
    writer = csv.writer(out)
    writer.writerow(overview_headers(framework))
    for school in report.schools:
        writer.writerow([safe(v) for v in overview_row(report, framework, school)])
    return len(report.schools)


def alliance_file_stem(report: AllianceReport, today: date) -> str:
    """ "East Midlands TSA - review round 2 - 14 Mar 2026" in characters safe anywhere."""
    name = safe_name(report.alliance.name)
    return f"{name} - {report.round_text} - {today.day} {today:%b %Y}"


def title(report: AllianceReport) -> str:
    """ "East Midlands TSA: review round 2 (self-evaluation due 14 Mar 2026, …)"."""
    found = report.round
    text = f"{report.alliance.name}: {report.round_text}"
    if found is not None:
        text += (
            f" (self-evaluation due {_date(found.self_due)}, challenge due "
            f"{_date(found.challenge_due)}, outcomes due {_date(found.outcomes_due)})"
        )
    return text


def _date(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.day} {day:%b %Y}"


def _overview_sheet(
    book: Any, report: AllianceReport, framework: Framework, styles: dict, name: str
) -> None:
    last_level = AREAS_FROM + len(framework.areas)  # the overall level's column
    headers = overview_headers(framework)
    widths = {(n, n): OVERVIEW_WIDTHS.get(header, 14) for n, header in enumerate(headers)}
    sheet = _new_sheet(book, name, title(report), styles, widths)
    made = f"Made {report.today.day} {report.today:%b %Y}. " + _scale(framework)
    sheet.write_string(1, 0, made)
    _write_rows(sheet, 2, [headers], styles["head"])
    rows = [overview_row(report, framework, school) for school in report.schools]
    _write_rows(sheet, 3, rows, styles["wrap"])
    sheet.freeze_panes(3, 1)
    if rows:
        _heat(sheet, framework, 3, AREAS_FROM, 2 + len(rows), last_level)


def _scale(framework: Framework) -> str:
    return "Levels: " + ", ".join(f"{n} {framework.label(n)}" for n in framework.levels) + "."


def _heat(sheet: Any, framework: Framework, first_row: int, first: int, last_row: int, last: int):
    """Colour the levels in these cells from the lowest (red) to the highest (green);
    a blank cell (not judged) stays blank."""
    levels = framework.levels
    sheet.conditional_format(
        first_row,
        first,
        last_row,
        last,
        {
            "type": "3_color_scale",
            "min_type": "num",
            "min_value": levels[0],
            "mid_type": "num",
            "mid_value": (levels[0] + levels[-1]) / 2,
            "max_type": "num",
            "max_value": levels[-1],
            "min_color": LOW,
            "mid_color": MIDDLE,
            "max_color": HIGH,
        },
    )


def _heatmap_sheet(
    book: Any, report: AllianceReport, framework: Framework, styles: dict, name: str
) -> None:
    levels = framework.levels
    sheet = _new_sheet(
        book,
        name,
        f"{report.alliance.name}: how many schools are at each level, area by area",
        styles,
        {(0, 0): 30, (1, len(framework.areas) + 1): 16},
    )
    headers = ["Area", *(framework.level_text(n) for n in levels), "Not judged"]
    _write_rows(sheet, 2, [headers], styles["head"])
    counted = [s.standing.diagnostic for s in report.schools if s.standing is not None]
    unstarted = len(report.schools) - len(counted)
    table = []
    for n, area in enumerate(framework.areas):
        found = [d.areas[n].level for d in counted]
        table.append(
            (
                f"{area.number} {area.short_name}",
                *(found.count(level) for level in levels),
                found.count(None) + unstarted,
            )
        )
    end = _write_rows(sheet, 3, table, styles["wrap"])
    _distribution_chart(book, sheet, name, framework, end - 1)
    grid = end + 22  # below the chart
    sheet.write_string(grid, 0, "Each school's levels", styles["bold"])
    grid_headers = ["School", *(f"{a.number} {a.short_name}" for a in framework.areas)]
    _write_rows(sheet, grid + 1, [[*grid_headers, "Overall"]], styles["head"])
    rows = []
    for school in report.schools:
        diagnostic = school.standing.diagnostic if school.standing else None
        levels_of = [r.level for r in diagnostic.areas] if diagnostic else [None] * len(table)
        overall = diagnostic.overall.level if diagnostic and diagnostic.overall else None
        rows.append((school.school.name, *levels_of, overall))
    _write_rows(sheet, grid + 2, rows, styles["wrap"])
    if rows:
        _heat(sheet, framework, grid + 2, 1, grid + 1 + len(rows), len(framework.areas) + 1)


def _distribution_chart(book: Any, sheet: Any, name: str, framework: Framework, last: int):
    """A stacked column chart of the table at A3: an area a column, a level a series,
    coloured as the heatmap; its title and series names are cells of the sheet."""
    chart = book.add_chart({"type": "column", "subtype": "stacked"})
    levels = framework.levels
    colours = [*(level_colour(n, levels) for n in levels), NOT_JUDGED]
    for column, colour in enumerate(colours, start=1):
        chart.add_series(
            {
                "name": [name, 2, column],
                "categories": [name, 3, 0, last, 0],
                "values": [name, 3, column, last, column],
                "fill": {"color": colour},
                "border": {"color": "#595959"},
            }
        )
    chart.set_title({"name": [name, 0, 0]})
    chart.set_y_axis({"name": "Schools", "min": 0, "major_unit": 1})
    chart.set_legend({"position": "bottom"})
    sheet.insert_chart(last + 2, 0, chart, {"x_scale": 1.6, "y_scale": 1.35})


def level_colour(level: int, levels: tuple[int, ...]) -> str:
    """The heatmap's colour of `level`: as the colour scale paints it, red through yellow
    to green."""
    share = (level - levels[0]) / max(1, levels[-1] - levels[0])
    start, end = (LOW, MIDDLE) if share <= 0.5 else (MIDDLE, HIGH)
    part = share * 2 if share <= 0.5 else share * 2 - 1
    mixed = (
        round(int(start[i : i + 2], 16) * (1 - part) + int(end[i : i + 2], 16) * part)
        for i in (1, 3, 5)
    )
    return "#" + "".join(f"{c:02X}" for c in mixed)
