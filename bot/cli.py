"""The ``peer-review`` command: run the bot, check and read frameworks, manage the database."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from bot.cli_rubric import area_lines, overview
from rubric.builtin import DEFAULT_FRAMEWORK_ID

if TYPE_CHECKING:  # the framework's models load pydantic: only for the commands that need them
    from rubric.models import Framework

EXIT_CONFIG = 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="peer-review")
def main() -> None:
    """peer-review: school self-evaluation and peer review in Slack."""


# -- rubric -------------------------------------------------------------------------------


@main.group()
def rubric() -> None:
    """Check and read peer review frameworks."""


def _framework(source: str) -> Framework:
    """A built-in framework by id, or a framework file by path."""
    from rubric.loader import load_builtin, load_framework

    if source.endswith((".yaml", ".yml")) or "/" in source:
        return load_framework(source)
    return load_builtin(source)


@rubric.command("check")
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
def rubric_check(file: str) -> None:
    """Validate a framework FILE; exit 0 when it is good, 1 with the reason when not."""
    from rubric.loader import FrameworkError, load_framework

    try:
        framework = load_framework(file)
    except FrameworkError as exc:
        click.echo(exc.message, err=True)
        for problem in exc.problems[1:]:
            click.echo(f"  also: {problem}", err=True)
        sys.exit(1)
    statements = sum(len(s) for a in framework.areas for s in a.levels.values())
    click.echo(
        f"{file}: ok: {framework.title} ({framework.version}), {len(framework.areas)} areas, "
        f"{len(framework.levels)} levels, {statements} descriptor statements"
    )


@rubric.command("show")
@click.argument("area", required=False)
@click.option(
    "--framework",
    "source",
    default=DEFAULT_FRAMEWORK_ID,
    show_default=True,
    help="A built-in framework id or a framework YAML file.",
)
def rubric_show(area: str | None, source: str) -> None:
    """Print one AREA (number, short name or title), or list the areas."""
    from rubric.loader import FrameworkError

    try:
        framework = _framework(source)
    except FrameworkError as exc:
        click.echo(exc.message, err=True)
        sys.exit(1)
    width = min(shutil.get_terminal_size((100, 24)).columns, 100)
    if area is None:
        click.echo("\n".join(overview(framework)))
        return
    found = framework.find_area(area)
    if found is None:
        names = ", ".join(f"{a.number} ({a.id})" for a in framework.areas)
        click.echo(f"No area {area!r} in {framework.title}. Try one of: {names}.", err=True)
        sys.exit(1)
    click.echo("\n".join(area_lines(framework, found, width)))


# -- database -----------------------------------------------------------------------------


@main.group()
def db() -> None:
    """Manage the SQLite database (PEER_REVIEW_DB)."""


@db.command("migrate")
def db_migrate() -> None:
    """Create the database or bring it up to the latest schema."""
    from bot.settings import ConfigError, load_settings
    from storage import LATEST, SchemaTooNewError, migrate, open_database, schema_version

    try:
        settings = load_settings()
    except ConfigError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_CONFIG)
    database = open_database(settings.db_path)
    try:
        applied = migrate(database)
    except SchemaTooNewError as exc:
        click.echo(f"{settings.db_path}: {exc}", err=True)
        sys.exit(1)
    finally:
        version = schema_version(database)
        database.close()
    done = ", ".join(applied) if applied else "nothing to do"
    click.echo(f"{settings.db_path}: schema version {version} of {LATEST} ({done})")


@db.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
def db_backup(file: str, force: bool) -> None:
    """Copy the database to FILE, consistently, even while the bot is running."""
    from bot.settings import ConfigError, load_settings
    from storage.backup import BackupError, backup_database

    try:
        settings = load_settings()
    except ConfigError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_CONFIG)
    try:
        pages = backup_database(settings.db_path, file, force=force)
    except BackupError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    click.echo(f"{settings.db_path} backed up to {file} ({pages} pages)")


# -- reports without Slack ------------------------------------------------------------------


def _open_db() -> tuple[Any, Path]:
    """The database (created or migrated) and its path; exit 2 if misconfigured."""
    from bot.settings import ConfigError, load_settings
    from storage import open_database
    from storage.store import Store

    try:
        settings = load_settings()
    except ConfigError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_CONFIG)
    Store(settings.db_path)  # creates or migrates the file
    return open_database(settings.db_path), settings.db_path  # one connection a command


def _open_school(name: str, *, exact: bool = False) -> tuple[Any, Any, Any]:
    """(database, framework, school) for a school named forgivingly (or `exact`ly, ignoring
    case); exit 1 if unknown."""
    from rubric.loader import load_builtin
    from rubric.parsing import match_school
    from storage import find_school, list_schools

    db, db_path = _open_db()
    schools = list_schools(db)
    found = find_school(db, name)
    if found is None and not exact:
        guess = match_school(name, [s.name for s in schools])
        found = next((s for s in schools if s.name == guess), None)
    if found is None:
        known = ", ".join(s.name for s in schools) or "none yet"
        click.echo(f"No school called {name!r} in {db_path}. Known schools: {known}.", err=True)
        sys.exit(1)
    return db, load_builtin(), found


@main.command()
@click.argument("school")
def report(school: str) -> None:
    """Print SCHOOL's current ratings, shift and priorities."""
    from bot.blocks.summary import format_change
    from core import standing
    from core.wording import action_items

    db, framework, found = _open_school(school)
    current = standing.of_school(db, framework, found.id)
    if current is None:
        click.echo(f"{found.name} has not started a review yet.", err=True)
        sys.exit(1)
    change = current.shift
    arrows = {s.area.id: s.arrow for s in change.areas} if change else {}
    click.echo(
        f"{found.name} · review cycle {current.cycle.number} "
        f"({current.state}) · {current.diagnostic.progress_text}"
    )
    click.echo(_completed_by(db, current))
    click.echo("")
    click.echo(f"  {'Area':<46} {'Level':<16} {'Shift'}")
    for rating in current.diagnostic.areas:
        level = framework.level_text(rating.level) if rating.level else "not judged"
        title = f"{rating.area.number} {rating.area.title}"
        click.echo(f"  {title:<46} {level:<16} {arrows.get(rating.area.id, '')}")
    overall = current.diagnostic.overall
    click.echo("")
    if overall:
        line = f"Overall: {framework.level_text(overall.level)}, mean {overall.mean_text}"
        if change and change.mean_change is not None and current.previous:
            line += f" ({format_change(change.mean_change)} since cycle {current.previous.number})"
        click.echo(line)
    else:
        click.echo(f"Overall: not yet rated. {current.diagnostic.missing_text}")
    if current.priorities:
        click.echo("")
        click.echo("Priorities (lowest first):")
        for n, p in enumerate(current.priorities, start=1):
            click.echo(f"  {n}. {p.area.short_name} — {framework.level_text(p.level)}")
            for item in action_items(p.key_actions or ""):
                click.echo(f"       • {item}")


def _completed_by(db: Any, current: Any) -> str:
    """ "Started 2 Nov 2026 · completed by Jo Patel, Sam Lee": people by name, dates in UK time."""
    from core import people
    from core.clock import uk_date

    names = people.names(db, current.completed_by)
    who = ", ".join(names.get(u, u) for u in current.completed_by) or "nobody yet"
    line = f"Started {uk_date(current.cycle.started_at)} · completed by {who}"
    if current.cycle.completed_at:
        line += f" on {uk_date(current.cycle.completed_at)}"
    return line


@main.command()
@click.argument("school", required=False)
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False),
    help="The file to write: .xlsx (the diagnostic workbook), .csv (judgements) or .pdf "
    "(the one-page report for governors). With --alliance: .xlsx (the round's workbook) or "
    ".csv (its overview); both, named after the alliance and round, when left out.",
)
@click.option("--trio", is_flag=True, help="Include SCHOOL's trio partners.")
@click.option(
    "--cycle",
    type=click.IntRange(min=1),
    default=None,
    help="The review cycle of the report for governors (.pdf); by default the latest with "
    "any judgement. The workbook and CSV hold every cycle.",
)
@click.option(
    "--alliance",
    metavar="NAME",
    help="Export the alliance NAME's review round instead, as its leads see it (a school's "
    "evidence only where it shares it with them).",
)
def export(
    school: str | None, out: str | None, trio: bool, cycle: int | None, alliance: str | None
) -> None:
    """Save SCHOOL's completed diagnostic as .xlsx or .csv, or its report for governors as
    .pdf (one page per school, of its latest judged review cycle or of --cycle); or, with
    --alliance NAME, the alliance's round as a workbook and CSV."""
    from core.errors import Refusal
    from core.exports import check_cycle
    from reports import as_of, school_report, write_csv, write_pdf, write_xlsx
    from storage import partners_of

    if alliance is not None:  # bot/cli_alliance.py
        from bot.cli_alliance import export_alliance

        export_alliance(*_open_db(), alliance, out, alone=not (school or trio or cycle))
        return
    if school is None or out is None:
        raise click.UsageError("Name a SCHOOL and --out FILE (or --alliance NAME).")
    db, framework, found = _open_school(school)
    if not out.lower().endswith((".xlsx", ".csv", ".pdf")):
        click.echo(f"{out}: choose a file ending in .xlsx, .csv or .pdf", err=True)
        sys.exit(1)
    pdf = out.lower().endswith(".pdf")
    if cycle is not None and not pdf:
        click.echo("--cycle is for the .pdf: the workbook and CSV hold every cycle.", err=True)
        sys.exit(1)
    schools = [found, *(partners_of(db, found.id) if trio else [])]
    try:
        check_cycle(db, found, cycle)
        reports = [school_report(db, framework, s.id) for s in schools]
    except Refusal as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    if pdf:
        reports = as_of(reports, cycle)
        write_pdf(reports, framework, out)
        of = ", ".join(f"{r.school.name} (cycle {r.current.cycle.number})" for r in reports)
        click.echo(f"{out}: the report for governors of {of}")
    elif out.lower().endswith(".csv"):
        with open(out, "w", newline="", encoding="utf-8") as handle:
            rows = write_csv(reports, framework, handle)
        click.echo(f"{out}: {rows} judgements of {', '.join(s.name for s in schools)}")
    else:
        write_xlsx(reports, framework, out)
        click.echo(f"{out}: the diagnostic of {', '.join(s.name for s in schools)}")


# -- schools ------------------------------------------------------------------------------


@main.group()
def school() -> None:
    """Manage schools (as the operator of the bot)."""


@school.command("erase")
@click.argument("name")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def school_erase(name: str, yes: bool) -> None:
    """Erase the school called NAME and everything recorded about it, for good."""
    from core.erasure import erase_school_as_operator

    db, _, found = _open_school(name, exact=True)
    if not yes:
        click.echo(
            f"This erases {found.name}: its reviews, judgements and their history, evidence, "
            "challenges and responses, outcomes, members and its place in its trio. "
            "It cannot be undone (back up first: peer-review db backup FILE)."
        )
        typed = click.prompt("Type the school's name to erase it", default="", show_default=False)
        if " ".join(typed.split()).casefold() != found.name.casefold():
            click.echo("Nothing erased.", err=True)
            sys.exit(1)
    erased = erase_school_as_operator(db, found.id)
    click.echo(erased.text)


# -- the bot ------------------------------------------------------------------------------


@main.command()
@click.option("--http", is_flag=True, help="Serve HTTP (Events API) instead of Socket Mode.")
@click.option("--port", default=3000, show_default=True, help="Port for --http.")
@click.option("--host", default="0.0.0.0", show_default=True, help="Address for --http.")  # noqa: S104
def serve(http: bool, port: int, host: str) -> None:
    """Run the bot (Socket Mode by default; --http for a public Events API endpoint)."""
    from bot.settings import ConfigError, load_settings
    from bot.transport.runner import run

    try:
        settings = load_settings()
        run(settings, http=http, host=host, port=port)
    except ConfigError as exc:
        click.echo(f"peer-review: {exc}", err=True)
        sys.exit(EXIT_CONFIG)


@main.command()
@click.option("--port", default=8080, show_default=True, help="Port on 127.0.0.1; 0 for any.")
@click.option(
    "--db",
    "db_path",
    default="peer-review-demo.db",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The demo's own database (its workspace is kept beside it).",
)
@click.option("--reset", is_flag=True, help="Rebuild the demo alliance from the start.")
@click.option("--empty", is_flag=True, help="Start a blank workspace instead (implies --reset).")
def demo(port: int, db_path: Path, reset: bool, empty: bool) -> None:
    """Try the bot without Slack: a local workspace in your browser."""
    from playground.run import run_demo

    sys.exit(run_demo(db_path, port=port, reset=reset or empty, empty=empty))


if __name__ == "__main__":  # pragma: no cover
    main()
