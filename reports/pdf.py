"""The report for governors: one A4 page per school, its current review cycle in brief.

At the top, the workbook's header fields (school, who completed it and when, who challenged
it and when); then the five areas' levels and the overall rating beside the radar of this
cycle and up to two before it; then the priorities with their key actions as lists, and the
peer challenge and the agreed outcomes in brief. It is always exactly one page: every piece
of text has a place and a number of lines, and what is longer ends with "… full text in the
workbook" (the diagnostic workbook holds everything).

Dates are UK dates (core.clock); people are named by ``SchoolReport.name``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from fractions import Fraction
from pathlib import Path
from typing import IO

from core.clock import uk_date
from core.standing import Standing
from core.wording import plural
from reports.brief import draw_lower
from reports.model import SchoolReport
from reports.paper import ACCENT, BODY, INK, LINE, MARGIN, MUTED, SOFT, Paper
from reports.radar import draw_radar
from rubric.diagnostic import format_mean
from rubric.models import Framework

RULES = {
    "floor": "the level the mean rounds down to, as in the workbook",
    "round": "the level nearest the mean",
    "min": "the lowest level of any area",
}
FOOTER_Y = 283.0
LEFT_WIDTH = 102.0  # the levels; the radar has the rest of the width


def write_pdf(
    reports: Sequence[SchoolReport],
    framework: Framework,
    out: str | Path | IO[bytes],
    *,
    today: datetime | None = None,
) -> None:
    """The report for governors, one page per school, to a path or binary file."""
    data = pdf_bytes(reports, framework, today=today)
    if isinstance(out, str | Path):
        Path(out).write_bytes(data)
    else:
        out.write(data)


def pdf_bytes(
    reports: Sequence[SchoolReport], framework: Framework, *, today: datetime | None = None
) -> bytes:
    paper = Paper()
    day = uk_date(today or datetime.now(UTC))
    names = ", ".join(r.school.name for r in reports)
    try:
        paper.set_title(paper.clean(f"Peer review: report for governors of {names}"))
        paper.set_creator("peer-review")
        for report in reports:
            paper.add_page()
            _page(paper, report, framework, day)
        return bytes(paper.output())
    finally:
        paper.close()


def _page(paper: Paper, report: SchoolReport, framework: Framework, day: str) -> None:
    y = _header(paper, report, framework)
    y = _fields(paper, report, framework, y + 3)
    y = _middle(paper, report, framework, y + 5)
    draw_lower(paper, report, framework, y + 4, FOOTER_Y - 3)
    _footer(paper, report, day)


# -- the top: who, what and when ------------------------------------------------------------


def _header(paper: Paper, report: SchoolReport, framework: Framework) -> float:
    width = paper.inner_width
    paper.use(7.5, bold=True, colour=ACCENT)
    paper.set_xy(MARGIN, MARGIN - 2)
    paper.cell(width, 4, "PEER REVIEW · REPORT FOR GOVERNORS")
    paper.use(19, bold=True)
    paper.set_xy(MARGIN, MARGIN + 3)
    paper.cell(width, 9, paper.one_line(report.school.name, width))
    paper.use(9, colour=MUTED)
    paper.set_xy(MARGIN, MARGIN + 13)
    cycle = report.current.cycle
    subtitle = f"Review cycle {cycle.number} · {framework.title}"
    paper.cell(width, 4.5, paper.one_line(subtitle, width))
    paper.rule(MARGIN, MARGIN + 19.5, width, colour=ACCENT, thickness=0.6)
    return MARGIN + 19.5


def _fields(paper: Paper, report: SchoolReport, framework: Framework, y: float) -> float:
    """The workbook's header fields in a tinted band: three columns of two."""
    current = report.current
    cycle = current.cycle
    labels = {f.key: f.label for f in framework.form.school_fields}
    started = uk_date(cycle.started_at)
    fields: list[tuple[str, str | list[str]]] = [
        (
            labels.get("completed_by", "Completed by"),
            [report.name(u) for u in current.completed_by] or "nobody yet",
        ),
        (
            labels.get("date_of_completion", "Date of completion"),
            uk_date(cycle.completed_at) if cycle.completed_at else "not yet complete",
        ),
        (
            labels.get("peer_challenged_by", "Peer challenged by"),
            report.peer_challenged_by or "no challenge yet",
        ),
        (
            labels.get("date_of_peer_challenge", "Date of peer challenge"),
            uk_date(report.peer_challenged_on) if report.peer_challenged_on else "—",
        ),
        (
            ("Review dates", f"{started} to {uk_date(cycle.closed_at)}")
            if cycle.closed_at
            else ("Review started", started)
        ),
        ("Status", _status(current)),
    ]
    height, column = 21.0, paper.inner_width / 3
    paper.set_fill_color(*SOFT)
    paper.rect(MARGIN, y, paper.inner_width, height, style="F")
    for index, (label, value) in enumerate(fields):
        x = MARGIN + 3 + (index // 2) * column
        top = y + 2.5 + (index % 2) * 9.5
        paper.use(6.6, bold=True, colour=MUTED)
        paper.set_xy(x, top)
        paper.cell(column - 5, 3, paper.one_line(label.upper(), column - 5))
        paper.use(9)
        paper.set_xy(x, top + 3.4)
        if isinstance(value, str):
            shown = paper.one_line(value, column - 5)
        else:  # people: as many names as fit whole, the others counted
            shown = paper.names(value, column - 5)
        paper.cell(column - 5, 4.2, shown)
    return y + height


def _status(current: Standing) -> str:
    """Where the review is: in progress, complete, under peer challenge, outcomes proposed
    to the partners, returned with a change or agreed by a partner (on that day), outcomes
    agreed (on the day last saved: a school with nobody to agree them) or closed without
    them."""
    agreement = current.agreement
    if agreement is not None:
        day = uk_date(agreement.answered_at or agreement.proposed_at)
        return {
            "proposed": f"Outcomes proposed {day}",
            "agreed": f"Outcomes agreed {day}",
            "returned": f"Outcomes returned {day}",
        }[agreement.state]
    agreed = [o.recorded_at for o in current.outcomes.values()]
    agreed += [current.agreed.recorded_at] if current.agreed else []
    if agreed:
        return f"Outcomes agreed {uk_date(max(agreed))}"
    if current.state == "closed":
        return "Closed, no outcomes agreed"
    if current.state == "judged":
        return "Peer challenge under way" if current.challenges else "Self-evaluation complete"
    return f"In progress: {current.diagnostic.progress_text}"


# -- the middle: levels, overall rating and the shape --------------------------------------


def _middle(paper: Paper, report: SchoolReport, framework: Framework, y: float) -> float:
    current = report.current
    paper.heading("Maturity rating by area", MARGIN, y, LEFT_WIDTH)
    radar_left = MARGIN + LEFT_WIDTH + 6
    radar_width = paper.inner_width - LEFT_WIDTH - 6
    paper.heading("The shape, cycle by cycle", radar_left, y, radar_width)
    bottom = _levels(paper, framework, current, y + 8)
    bottom = _overall(paper, framework, current, bottom + 2)
    cycles = [
        (_cycle_name(c, c is current), c.scores)
        for c in report.cycles[-3:]  # this cycle and up to two before it
    ]
    below_radar = draw_radar(
        paper, framework, cycles, top=y + 13, left=radar_left, right=radar_left + radar_width
    )
    return max(bottom, below_radar)


def _cycle_name(standing: Standing, current: bool) -> str:
    started = uk_date(standing.cycle.started_at)
    return f"Cycle {standing.cycle.number}" + (" (this review)" if current else f" · {started}")


def _levels(paper: Paper, framework: Framework, current: Standing, y: float) -> float:
    """A row per area: its name, the level as filled squares and in words, the shift."""
    arrows = {s.area.id: s.arrow for s in current.shift.areas} if current.shift else {}
    top = max(framework.levels)
    row = 8.6
    for index, rating in enumerate(current.diagnostic.areas):
        line_y = y + index * row
        paper.use(BODY)
        title = paper.wrapped(f"{rating.area.number}  {rating.area.title}", 44)
        if len(title) > 2:
            title = paper.wrapped(f"{rating.area.number}  {rating.area.short_name}", 44)
        title_top = line_y + (row - LINE * len(title[:2])) / 2
        for n, line in enumerate(title[:2]):
            paper.set_xy(MARGIN, title_top + n * LINE)
            paper.cell(44, LINE, line)
        for level in range(1, top + 1):
            filled = rating.level is not None and level <= rating.level
            paper.set_fill_color(*(ACCENT if filled else SOFT))
            paper.rect(MARGIN + 46 + (level - 1) * 4.0, line_y + row / 2 - 1.6, 3.2, 3.2, "F")
        paper.use(BODY, bold=rating.level is not None, colour=INK if rating.level else MUTED)
        paper.set_xy(MARGIN + 47.5 + top * 4.0, line_y + (row - LINE) / 2)
        text = framework.level_text(rating.level) if rating.level else "not judged"
        paper.cell(29, LINE, paper.one_line(text, 29))
        paper.use(BODY + 1, bold=True, colour=MUTED)
        paper.set_xy(MARGIN + LEFT_WIDTH - 7, line_y + (row - LINE) / 2)
        paper.cell(7, LINE, arrows.get(rating.area.id, ""), align="C")
        paper.rule(MARGIN, line_y + row, LEFT_WIDTH)
    bottom = y + len(current.diagnostic.areas) * row
    if current.previous:
        paper.use(6.8, colour=MUTED)
        paper.set_xy(MARGIN, bottom + 0.8)
        paper.cell(
            LEFT_WIDTH, 3, f"↑ ↓ = : the change since cycle {current.previous.number}", align="R"
        )
        bottom += 3.6
    return bottom


def _overall(paper: Paper, framework: Framework, current: Standing, y: float) -> float:
    """The overall rating in a tinted box, with the mean, its change and the rule."""
    overall, height = current.diagnostic.overall, 15.0
    paper.set_fill_color(*SOFT)
    paper.rect(MARGIN, y, LEFT_WIDTH, height, style="F")
    paper.set_fill_color(*ACCENT)
    paper.rect(MARGIN, y, 1.2, height, style="F")
    paper.use(12, bold=True)
    paper.set_xy(MARGIN + 4, y + 2)
    if overall is None:
        paper.cell(LEFT_WIDTH - 6, 5.5, "Overall: not yet rated")
        detail = current.diagnostic.missing_text + " (every area needs a level)."
    else:
        paper.cell(LEFT_WIDTH - 6, 5.5, f"Overall: {framework.level_text(overall.level)}")
        top = max(framework.levels)
        detail = (
            f"Mean {overall.mean_text} of {top} across the {plural(len(framework.areas), 'area')}"
        )
        change = current.shift.mean_change if current.shift else None
        if change is not None and current.previous:
            detail += f", {_change(change)} since cycle {current.previous.number}"
        detail += f"; the overall rating is {RULES.get(overall.rule, overall.rule)}."
    paper.use(7.4, colour=MUTED)
    for n, line in enumerate(paper.fitted(detail, LEFT_WIDTH - 6, 2)):
        paper.set_xy(MARGIN + 4, y + 8 + n * 3.2)
        paper.cell(LEFT_WIDTH - 6, 3.2, line)
    return y + height


def _change(value: Fraction) -> str:
    """+0.4, -0.2 or "no change", as the summary in Slack says it."""
    text = format_mean(value)
    return ("+" + text if value > 0 else text) if value else "no change"


def _footer(paper: Paper, report: SchoolReport, day: str) -> None:
    width = paper.inner_width
    paper.rule(MARGIN, FOOTER_Y, width)
    paper.use(6.8, colour=MUTED)
    paper.set_xy(MARGIN, FOOTER_Y + 1.2)
    cycle = report.current.cycle.number
    note = (
        f"Made on {day} from the records of {report.school.name}, review cycle {cycle}. "
        "The evidence, every key action and every comment in full are in the diagnostic "
        "workbook (/peer-review export)."
    )
    for n, line in enumerate(paper.fitted(note, width, 2)):
        paper.set_xy(MARGIN, FOOTER_Y + 1.2 + n * 3.2)
        paper.cell(width, 3.2, line)
