"""The diagnostic workbook (.xlsx), like the workbook's own spreadsheet.

An *Input* sheet (school, cycle, dates, who completed and who challenged it, a score per
area), an *Output* sheet (maturity rating per area, overall rating, priorities), a sheet per
area (evidence, key actions, challenge comments, agreed outcome) and a *Shape* sheet with a
native Excel radar chart of the cycles. A trio export holds every school of the trio, with a
*Trio* sheet comparing them.

Text a person typed is shown exactly as typed and can never run: it goes into string cells
(``write_string``, which Excel and LibreOffice never read as a formula), and the charts take
their title and series names from those cells by reference, never from the text itself
(xlsxwriter would read a name like ``Sheet!A1`` as a reference).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from core.clock import uk_date
from reports.model import SchoolReport
from reports.rows import column_widths, row_height
from rubric.models import Framework


def sheet_name(text: str, taken: set[str]) -> str:
    """An Excel sheet name: at most 31 characters as Excel counts them (UTF-16), none of
    []:*?/\\, no ' first or last (one inside is kept: references quote it), unique in the book."""
    base = _cut(re.sub(r"[\[\]:*?/\\]", " ", text), 31) or "Sheet"
    name, n = base, 2
    while name.casefold() in taken:
        suffix = f" ({n})"
        name, n = _cut(base, 31 - len(suffix)) + suffix, n + 1
    taken.add(name.casefold())
    return name


def _cut(text: str, units: int) -> str:
    """At most ``units`` UTF-16 code units of text (an emoji is two), without spaces or ' at
    either end."""
    while len(text.encode("utf-16-le")) > 2 * units:
        text = text[:-1]
    return text.strip(" '")


def write_xlsx(reports: Sequence[SchoolReport], framework: Framework, out: Any) -> None:
    """The diagnostic workbook for one school (or a trio) to a path or binary file."""
    book, styles = open_book(out)
    taken: set[str] = set()
    several = len(reports) > 1
    if several:
        _trio_sheet(book, reports, framework, styles, taken)
    for report in reports:
        prefix = f"{report.school.name[:12].strip()} " if several else ""
        _input_sheet(book, report, framework, styles, sheet_name(prefix + "Input", taken))
        _output_sheet(book, report, framework, styles, sheet_name(prefix + "Output", taken))
        for area in framework.areas:
            name = sheet_name(f"{prefix}{area.number} {area.short_name}", taken)
            _area_sheet(book, report, framework, area, styles, name)
        _shape_sheet(book, report, framework, styles, sheet_name(prefix + "Shape", taken))
    book.close()


def open_book(out: Any) -> tuple[Any, dict[str, Any]]:
    """A workbook to a path or binary file, where no text becomes a formula or a link, and
    its styles: title, head, wrap and bold."""
    import xlsxwriter

    book = xlsxwriter.Workbook(
        out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    styles = {
        "title": book.add_format({"bold": True, "font_size": 14}),
        "head": book.add_format(
            {"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True, "valign": "top"}
        ),
        "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
        "bold": book.add_format({"bold": True}),
    }
    return book, styles


class _Sheet:
    """A worksheet (its methods are this object's) and its columns' widths, by which the
    rows of wrapped text are made tall enough."""

    def __init__(self, worksheet: Any, widths: dict[int, float]):
        self.worksheet, self.widths = worksheet, widths

    def __getattr__(self, name: str) -> Any:
        return getattr(self.worksheet, name)


def _new_sheet(
    book: Any, name: str, title: str, styles: dict, widths: dict[tuple[int, int], int]
) -> Any:
    """A worksheet with its title in A1 and its column widths set."""
    sheet = book.add_worksheet(name)
    sheet.write_string(0, 0, title, styles["title"])
    for (first, last), width in widths.items():
        sheet.set_column(first, last, width)
    sheet.fit_to_pages(1, 0)  # printed (or saved as PDF) one page wide
    sheet.set_landscape()
    return _Sheet(sheet, column_widths(widths))


def within_a_cell(text: str) -> str:
    """Text as a cell can hold it: a thread challenge may run to Slack's 40,000 characters,
    a spreadsheet cell to 32,767; a longer one is cut, saying where the rest is."""
    if len(text) <= CELL_LIMIT:
        return text
    return text[: CELL_LIMIT - len(CUT)] + CUT


CELL_LIMIT = 32_767  # characters in one cell, in Excel and LibreOffice alike
CUT = " … (cut here: a cell holds 32,767 characters; the full text is in the Slack thread)"


def _write_rows(sheet: Any, first_row: int, rows: Sequence[Sequence[Any]], style: Any) -> int:
    """Rows of text and numbers from ``first_row``; text is a string cell, whatever it starts
    with, and a row is as tall as its longest wrapped text. Returns the row after the last."""
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, str) and value:
                sheet.write_string(first_row + r, c, within_a_cell(value), style)
            elif value is None or value == "":
                sheet.write_blank(first_row + r, c, None, style)
            else:
                sheet.write_number(first_row + r, c, value, style)
        height = row_height(row, sheet.widths, bold=bool(getattr(style, "bold", False)))
        if height is not None:
            sheet.set_row(first_row + r, height)
    return first_row + len(rows)


def _day(moment: str | None) -> str:
    """The day in the UK, as people write it: 24 Nov 2026 (blank for none)."""
    return uk_date(moment) if moment else ""


def _people(report: SchoolReport, ids: Sequence[str]) -> str:
    return ", ".join(report.name(user_id) for user_id in ids)


def _input_sheet(
    book: Any, report: SchoolReport, framework: Framework, styles: dict, name: str
) -> None:
    sheet = _new_sheet(book, name, framework.title, styles, {(0, 0): 42, (1, 1): 30})
    current = report.current
    cycle = current.cycle
    recorders = list(current.completed_by)
    fields = {f.key: f.label for f in framework.form.school_fields}
    header = [
        (fields.get("school_name", "Name of Teaching school"), report.school.name),
        ("Review cycle", cycle.number),
        ("Framework", f"{cycle.framework_id} {cycle.framework_version}"),
        ("Started", _day(cycle.started_at)),
        (fields.get("date_of_completion", "Date of completion"), _day(cycle.completed_at)),
        (fields.get("completed_by", "Completed by"), _people(report, recorders)),
        (
            fields.get("peer_challenged_by", "Peer challenged by"),
            ", ".join(report.peer_challenged_by),
        ),
        (
            fields.get("date_of_peer_challenge", "Date of peer challenge"),
            _day(report.peer_challenged_on),
        ),
    ]
    row = _write_rows(sheet, 2, header, styles["wrap"])
    _write_rows(sheet, row + 1, [["Area", "Best fit score (1-4)"]], styles["head"])
    _write_rows(
        sheet,
        row + 2,
        [
            (
                f"{a.number} {a.title}",
                current.judgements[a.id].level if a.id in current.judgements else None,
            )
            for a in framework.areas
        ],
        styles["wrap"],
    )


def _output_sheet(
    book: Any, report: SchoolReport, framework: Framework, styles: dict, name: str
) -> None:
    current = report.current
    title = f"{report.school.name}: maturity rating, cycle {current.cycle.number}"
    sheet = _new_sheet(book, name, title, styles, {(0, 0): 42, (1, 2): 18, (3, 3): 80})
    _write_rows(sheet, 2, [["Area", "Score", "Maturity rating"]], styles["head"])
    rows = [
        (f"{r.area.number} {r.area.title}", r.level, r.label or "not judged")
        for r in current.diagnostic.areas
    ]
    row = _write_rows(sheet, 3, rows, styles["wrap"])
    overall = current.diagnostic.overall
    overall_rows = [
        ("Overall mean", float(overall.mean) if overall else None, ""),
        (
            "Overall rating",
            overall.level if overall else None,
            overall.label if overall else current.diagnostic.missing_text,
        ),
        ("Rule", framework.diagnostic.overall_rule, ""),
    ]
    row = _write_rows(sheet, row + 1, overall_rows, styles["bold"])
    _write_rows(sheet, row + 1, [["Priority", "Area", "Score", "Key actions"]], styles["head"])
    _write_rows(
        sheet,
        row + 2,
        [
            (n, p.area.title, p.level, p.key_actions)
            for n, p in enumerate(current.priorities, start=1)
        ],
        styles["wrap"],
    )


def _area_sheet(
    book: Any, report: SchoolReport, framework: Framework, area: Any, styles: dict, name: str
) -> None:
    sheet = _new_sheet(
        book, name, area.heading, styles, {(0, 0): 36, (1, 1): 80, (2, 5): 16, (6, 6): 80}
    )
    current = report.current
    j = current.judgements.get(area.id)
    labels = {f.key: f.label for f in framework.form.area_fields}
    rows: list[tuple[Any, ...]] = [
        (
            labels.get("judgement", "Best fit overall judgement"),
            framework.level_text(j.level) if j else "not judged",
        ),
        (labels.get("evidence", "Evidence"), j.evidence if j else ""),
        (labels.get("key_actions", "Key actions"), j.key_actions if j else ""),
        ("Sources of evidence the school has", "\n".join(j.evidence_sources) if j else ""),
        ("Links to evidence", "\n".join(j.evidence_links) if j else ""),
        ("Last cycle's actions done", "\n".join(j.actions_done) if j else ""),
        ("Recorded by", f"{report.name(j.recorded_by)} on {_day(j.recorded_at)}" if j else ""),
    ]
    outcome = current.outcomes.get(area.id)
    if outcome:
        rows.append(
            (
                "Agreed after challenge",
                f"{outcome.decision}: {framework.level_text(outcome.level)}"
                + (f" — {outcome.reason}" if outcome.reason else ""),
            )
        )
    row = _write_rows(sheet, 2, rows, styles["wrap"])
    sheet.write_string(
        row + 1, 0, labels.get("peer_challenge_comments", "Peer challenge comments"), styles["bold"]
    )
    _write_rows(
        sheet,
        row + 2,
        [["Date", "Author", "Kind", "View", "Suggested level", "Status", "Comment"]],
        styles["head"],
    )
    comments = [c for c in current.comments if c.area_id == area.id]
    _write_rows(
        sheet,
        row + 3,
        [
            (
                _day(c.created_at),
                report.name(c.author_id),
                c.kind,
                c.view or "",
                c.suggested_level,
                c.status,
                c.text,
            )
            for c in comments
        ],
        styles["wrap"],
    )


def _shape_sheet(
    book: Any, report: SchoolReport, framework: Framework, styles: dict, name: str
) -> None:
    cycles = report.cycles[-3:]
    sheet = _new_sheet(
        book,
        name,
        f"{report.school.name}: the shape, cycle by cycle",
        styles,
        {(0, 0): 18, (1, len(cycles) + 1): 22},
    )
    headers = ["Area"] + [f"Cycle {c.cycle.number} ({_day(c.cycle.started_at)})" for c in cycles]
    _write_rows(sheet, 2, [headers], styles["head"])
    _write_rows(
        sheet,
        3,
        [
            (
                area.short_name,
                *(c.judgements[area.id].level if area.id in c.judgements else 0 for c in cycles),
            )
            for area in framework.areas
        ],
        styles["wrap"],
    )
    _radar(book, sheet, name, len(framework.areas), len(cycles))


def _radar(book: Any, sheet: Any, name: str, areas: int, series: int) -> None:
    """A native Excel radar chart of the table at A3 (areas down, one series a column).

    Its title is the sheet's title cell and each series is named by its column's header
    cell: references to string cells, so no text a person typed is ever read as a reference.
    """
    chart = book.add_chart({"type": "radar"})
    for column in range(1, series + 1):
        chart.add_series(
            {
                "name": [name, 2, column],
                "categories": [name, 3, 0, 2 + areas, 0],
                "values": [name, 3, column, 2 + areas, column],
            }
        )
    chart.set_title({"name": [name, 0, 0]})
    chart.set_y_axis({"min": 0, "max": 4, "major_unit": 1})
    sheet.insert_chart(areas + 5, 0, chart, {"x_scale": 1.3, "y_scale": 1.5})  # below


def _trio_sheet(
    book: Any, reports: Sequence[SchoolReport], framework: Framework, styles: dict, taken: set[str]
) -> None:
    name = sheet_name("Trio", taken)
    sheet = _new_sheet(
        book, name, "The trio's current ratings", styles, {(0, len(reports) + 1): 24}
    )
    headers = ["Area"] + [f"{r.school.name} (cycle {r.current.cycle.number})" for r in reports]
    _write_rows(sheet, 2, [headers], styles["head"])
    row = _write_rows(
        sheet,
        3,
        [
            (
                area.short_name,
                *(
                    r.current.judgements[area.id].level if area.id in r.current.judgements else 0
                    for r in reports
                ),
            )
            for area in framework.areas
        ],
        styles["wrap"],
    )
    _write_rows(
        sheet,
        row,
        [
            (
                "Overall",
                *(
                    r.current.diagnostic.overall.label
                    if r.current.diagnostic.overall
                    else "not yet rated"
                    for r in reports
                ),
            )
        ],
        styles["bold"],
    )
    _radar(book, sheet, name, len(framework.areas), len(reports))
