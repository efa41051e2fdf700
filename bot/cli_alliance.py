"""``peer-review export --alliance NAME [--out FILE]``: an alliance's review round as a
workbook and CSV on the server, as its leads see it in Slack (a school's evidence only where
it shares it with them). A part of the ``peer-review`` command (:mod:`bot.cli`)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from core.clock import uk_today
from core.wording import plural
from reports.alliance import alliance_file_stem, write_alliance_csv, write_alliance_xlsx
from reports.alliance_model import alliance_report
from rubric.loader import load_builtin
from rubric.parsing import match_school
from storage.alliances import list_alliances


def export_alliance(db: Any, db_path: Path, name: str, out: str | None, *, alone: bool) -> None:
    """Write the alliance's round to `out` (.xlsx or .csv), or to both files named after
    it in this folder; exit 1, saying why, for an alliance not known or a file type not
    made."""
    if not alone:
        raise click.UsageError("--alliance exports the whole round: name no SCHOOL with it.")
    every = list_alliances(db)
    guess = match_school(name, [a.name for a in every])  # forgivingly, as schools are found
    found = next((a for a in every if a.name == guess), None)
    if found is None:
        known = ", ".join(a.name for a in every) or "none yet"
        click.echo(f"No alliance called {name!r} in {db_path}. Known alliances: {known}.", err=True)
        sys.exit(1)
    if out is not None and not out.lower().endswith((".xlsx", ".csv")):
        click.echo(f"{out}: choose a file ending in .xlsx or .csv", err=True)
        sys.exit(1)
    framework = load_builtin()
    report = alliance_report(db, framework, found.id, viewer=None, today=uk_today())
    stem = alliance_file_stem(report, report.today)
    shared = sum(s.evidence for s in report.schools)
    what = (
        f"the {report.alliance.name} {report.round_text}, {plural(len(report.schools), 'school')}"
        f" ({shared} sharing evidence with the leads)"
    )
    for path in [out] if out else [f"{stem}.xlsx", f"{stem}.csv"]:
        if path.lower().endswith(".csv"):
            with open(path, "w", newline="", encoding="utf-8") as handle:
                write_alliance_csv(report, framework, handle)
            click.echo(f"{path}: the overview of {what}")
        else:
            write_alliance_xlsx(report, framework, path)
            click.echo(f"{path}: {what}")
