"""One school's sheet in the alliance workbook: its review in the round as the alliance's
leads may see it. Levels, the overall rating and where the review stands always; the
evidence, key actions, challenge comments and agreed successes only when the school shares
its evidence with its leads (the access policy decides), "Evidence not shared with the
alliance" in their place otherwise.

Written with the diagnostic workbook's own sheet writer (:mod:`reports.workbook`), so text is
a string cell, never a formula, and every row is as tall as its wrapped text.
"""

from __future__ import annotations

from typing import Any

from core.clock import uk_date
from reports.alliance_model import NOT_SHARED, AllianceReport, AllianceSchool, agreed_text
from reports.workbook import _day, _new_sheet, _write_rows
from rubric.models import Framework

WIDTHS = {(0, 0): 36, (1, 1): 26, (2, 2): 16, (3, 4): 60, (5, 5): 30, (6, 7): 22}
COMMENT_HEADERS = ["Date", "Author", "Area", "Comment", "Kind", "View", "Suggested level", "Status"]


def school_sheet(
    book: Any,
    report: AllianceReport,
    framework: Framework,
    school: AllianceSchool,
    styles: dict[str, Any],
    name: str,
) -> None:
    current = school.standing
    title = school.school.name + (
        f": review cycle {current.cycle.number}" if current else ": no review yet"
    )
    sheet = _new_sheet(book, name, title, styles, WIDTHS)
    row = _write_rows(sheet, 2, _header(report, school), styles["wrap"])
    if current is None:
        return
    row = _write_rows(sheet, row + 1, [_AREA_HEADERS], styles["head"])
    row = _write_rows(sheet, row, _area_rows(framework, school), styles["wrap"])
    overall = current.diagnostic.overall
    overall_rows = [
        ("Overall mean", float(overall.mean) if overall else None),
        ("Overall rating", overall.label if overall else current.diagnostic.missing_text),
    ]
    row = _write_rows(sheet, row + 1, overall_rows, styles["bold"])
    if not school.evidence:
        _write_rows(sheet, row + 1, [(NOT_SHARED,)], styles["bold"])
        return
    if current.agreed is not None:
        agreed = [
            ("Agreed successes", current.agreed.successes),
            ("Agreed areas for improvement", current.agreed.improvements),
        ]
        row = _write_rows(sheet, row + 1, agreed, styles["wrap"])
    sheet.write_string(row + 1, 0, "Peer challenge comments", styles["bold"])
    row = _write_rows(sheet, row + 2, [COMMENT_HEADERS], styles["head"])
    areas = {a.id: a.short_name for a in framework.areas}
    comments = [
        (
            _day(c.created_at),
            report.name(c.author_id),
            areas.get(c.area_id or "", "general"),
            c.text,
            c.kind,
            c.view or "",
            c.suggested_level,
            c.status,
        )
        for c in current.comments
    ]
    _write_rows(sheet, row, comments, styles["wrap"])


_AREA_HEADERS = [
    "Area",
    "Score",
    "Maturity rating",
    "Evidence",
    "Key actions",
    "Sources of evidence",
    "Challenges",
    "Agreed after challenge",
]


def _header(report: AllianceReport, school: AllianceSchool) -> list[tuple[str, Any]]:
    current, found = school.standing, school.progress
    rows: list[tuple[str, Any]] = [("Trio partners", ", ".join(school.partners) or "none")]
    if current is not None:
        cycle = current.cycle

        def people(ids: tuple[str, ...]) -> str:
            return ", ".join(report.name(u) for u in ids)

        rows += [
            ("Review cycle", cycle.number),
            ("Started", _day(cycle.started_at)),
            ("Date of completion", _day(cycle.completed_at)),
            ("Completed by", people(current.completed_by)),
            ("Peer challenged by", people(current.challenged_by)),
            ("Date of peer challenge", _day(current.challenged_on)),
            ("External challengers", people(current.externals)),
        ]
    rows += [
        ("Stage", found.stage.value),
        ("Due", uk_date(found.due) if found.due else ""),
        ("Outcomes agreed", agreed_text(report, school)),
        ("Evidence shared with the alliance's leads", "yes" if school.evidence else "no"),
    ]
    return rows


def _area_rows(framework: Framework, school: AllianceSchool) -> list[tuple[Any, ...]]:
    current = school.standing
    assert current is not None
    rows = []
    for rating in current.diagnostic.areas:
        area = rating.area
        j = current.judgements.get(area.id)
        counts = current.counts.get(area.id)
        challenges = f"{counts.total} ({counts.open} open)" if counts else ""
        outcome = current.outcomes.get(area.id)
        agreed = f"{outcome.decision}: {framework.level_text(outcome.level)}" if outcome else ""
        if school.evidence:
            evidence = j.evidence if j else ""
            actions = j.key_actions if j else ""
            sources = "\n".join(j.evidence_sources) if j else ""
            if outcome and outcome.reason:
                agreed += f" — {outcome.reason}"
        else:
            evidence, actions, sources = (NOT_SHARED if j else ""), "", ""
        rows.append(
            (
                f"{area.number} {area.title}",
                rating.level,
                rating.label or "not judged",
                evidence,
                actions,
                sources,
                challenges,
                agreed,
            )
        )
    return rows
